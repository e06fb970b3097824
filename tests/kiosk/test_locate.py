"""kiosk/locate.py: on a 1280x720 camera frame, ZBar reads a few crops where a code may be, not the frame."""

from __future__ import annotations

import io

import cv2
import numpy as np
import segno
from pyzbar import pyzbar

from kiosk import code128, locate
from kiosk.decode import Symbol, camera_decode, decode, zxing_read

WIDTH, HEIGHT = 1280, 720
BADGE = "FHR1.A0042.3.KQ7XM2BD4LP9ZT5W"


def _qr(text: str, module: int) -> np.ndarray:
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=module, border=4)
    return cv2.imdecode(np.frombuffer(buffer.getvalue(), np.uint8), cv2.IMREAD_GRAYSCALE)


def _frame(symbol: np.ndarray | None, corners: list[tuple[float, float]] | None, seed: int = 1) -> np.ndarray:
    """A kiosk camera frame: a bench with boxes and labels, the card (if any) held at the given corners,
    light blur, sensor noise and the camera's JPEG."""
    rng = np.random.default_rng(seed)
    frame = np.full((HEIGHT, WIDTH), 140, np.uint8)
    for index in range(10):
        x, y = int(rng.integers(0, WIDTH - 200)), int(rng.integers(40, HEIGHT - 100))
        cv2.rectangle(frame, (x, y), (x + 180, y + 90), int(rng.integers(40, 230)), 2)
        cv2.putText(frame, f"LINE-{index} BOX", (x, y - 8), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 30, 2)
    if symbol is not None:
        card = cv2.copyMakeBorder(symbol, 20, 20, 20, 20, cv2.BORDER_CONSTANT, value=250)
        h, w = card.shape
        warp = cv2.getPerspectiveTransform(np.float32([[0, 0], [w, 0], [w, h], [0, h]]), np.float32(corners))
        mask = cv2.warpPerspective(np.full((h, w), 255, np.uint8), warp, (WIDTH, HEIGHT))
        frame = np.where(mask > 0, cv2.warpPerspective(card, warp, (WIDTH, HEIGHT)), frame)
    frame = cv2.GaussianBlur(frame.astype(np.float32), (0, 0), 1.0)
    frame = np.clip(frame + rng.normal(0, 8, frame.shape), 0, 255).astype(np.uint8)
    return cv2.imdecode(cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, 60])[1], cv2.IMREAD_GRAYSCALE)


QR_CORNERS = [(760, 250), (1000, 290), (970, 530), (730, 490)]  # a small badge, turned ~10 degrees


def test_the_first_crop_holds_the_badge_and_is_a_small_part_of_the_frame():
    frame = _frame(_qr(BADGE, 4), QR_CORNERS)
    smooth, crops = locate.candidate_regions(frame)
    x0, y0, x1, y1 = crops[0]
    assert [r.data.decode() for r in pyzbar.decode(smooth[y0:y1, x0:x1])] == [BADGE]
    assert (x1 - x0) * (y1 - y0) < 0.15 * WIDTH * HEIGHT
    assert zxing_read(smooth[y0:y1, x0:x1]) == [Symbol("QR_CODE", BADGE)]


# A legacy card turned ~60 degrees and tilted, so its bars run neither along rows nor along columns
# and no row or column of pixels crosses all of them.
CARD_CORNERS = [(520, 560), (700, 180), (800, 230), (600, 610)]


def test_a_turned_and_tilted_code128_card_is_read_once_its_bars_are_set_upright():
    frame = _frame(code128.draw_b("20231187", module=3, height=110), CARD_CORNERS, seed=3)
    assert not [r for r in pyzbar.decode(frame) if r.data == b"20231187"]  # ZBar alone cannot
    _, crops = locate.candidate_regions(frame)
    x0, y0, x1, y1 = crops[0]
    upright = locate.rectify_bars(frame[y0:y1, x0:x1])
    assert [r.data for r in pyzbar.decode(upright)] == [b"20231187"]
    assert upright.size < (y1 - y0) * (x1 - x0)  # the band with the bars, not the whole crop
    assert decode(frame) == [Symbol("CODE_128", "20231187")]


def test_a_qr_code_has_no_bars_to_set_upright():
    frame = _frame(_qr(BADGE, 4), QR_CORNERS)
    _, crops = locate.candidate_regions(frame)
    x0, y0, x1, y1 = crops[0]
    assert locate.rectify_bars(frame[y0:y1, x0:x1]) is None


def test_a_frame_without_a_code_gives_nothing():
    frame = _frame(None, None, seed=5)
    assert camera_decode(frame) == []
    assert decode(frame) == []


def test_a_badge_held_close_to_the_camera_is_read_within_the_camera_budget():
    """Large modules leave cells without edges inside the code; the crops must still hold all of it."""
    corners = [(340, 60), (940, 80), (920, 680), (340, 660)]
    frame = _frame(_qr(BADGE, 16), corners)
    assert camera_decode(frame) == [Symbol("QR_CODE", BADGE)]
