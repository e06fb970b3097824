"""Hard kiosk camera frames made with OpenCV from a printed badge, kept in tests/kiosk/frames.

    .venv/bin/python tests/kiosk/kiosk_frames.py      # writes frames/NAME.jpg and NAME.txt (the expected text)

Each frame is 1280x720, as the kiosk's camera gives it: a printed badge (floorhr's signed QR, made by
segno as the badge PDF prints it) or a legacy Code 128 card lying in front of a cluttered bench, then
one hard condition a shift change brings: glare on the sleeve, motion blur from a hand still moving,
a badge curved in a plastic sleeve, low light, a badge tilted 30-40 degrees away from the camera. The
frames are written once and committed; tests and bench/decode.py read the files, so the figures do not
move when this generator changes. The seed is fixed; the strengths were chosen before the decoder
was run on them, to be harder than bench/decode.py's held-out frames.
"""

from __future__ import annotations

import io
import string
from pathlib import Path

import cv2
import numpy as np
import segno

from kiosk.code128 import draw_b

WIDTH, HEIGHT = 1280, 720
FRAMES = Path(__file__).resolve().parent / "frames"


def _badge(text: str, module: int) -> np.ndarray:
    """A printed badge: the QR code with its quiet zone on a white card with a name strip."""
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=module, border=4)
    qr = cv2.imdecode(np.frombuffer(buffer.getvalue(), np.uint8), cv2.IMREAD_GRAYSCALE)
    card = cv2.copyMakeBorder(qr, 30, 90, 40, 40, cv2.BORDER_CONSTANT, value=245)
    cv2.putText(card, "W0001  LINE 3", (40, card.shape[0] - 35), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 40, 2)
    return card


def _card(text: str, module: int) -> np.ndarray:
    bars = draw_b(text, module, 120)
    card = cv2.copyMakeBorder(bars, 40, 80, 30, 30, cv2.BORDER_CONSTANT, value=245)
    cv2.putText(card, text, (60, card.shape[0] - 30), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 40, 2)
    return card


def _bench(rng: np.random.Generator, level: int = 150) -> np.ndarray:
    frame = np.full((HEIGHT, WIDTH), level, np.uint8)
    for _ in range(12):
        x, y = int(rng.integers(0, WIDTH - 100)), int(rng.integers(30, HEIGHT - 60))
        cv2.rectangle(
            frame,
            (x, y),
            (x + int(rng.integers(60, 260)), y + int(rng.integers(40, 160))),
            int(rng.integers(30, 230)),
            int(rng.integers(1, 4)),
        )
        cv2.putText(
            frame,
            "".join(rng.choice(list(string.ascii_uppercase), 6)),
            (x, y - 6),
            cv2.FONT_HERSHEY_SIMPLEX,
            float(rng.uniform(0.6, 1.4)),
            int(rng.integers(20, 90)),
            2,
        )
    return frame


def _place(frame: np.ndarray, card: np.ndarray, corners: list[tuple[float, float]]) -> np.ndarray:
    h, w = card.shape
    warp = cv2.getPerspectiveTransform(np.float32([[0, 0], [w, 0], [w, h], [0, h]]), np.float32(corners))
    mask = cv2.warpPerspective(np.full((h, w), 255, np.uint8), warp, (WIDTH, HEIGHT))
    placed = cv2.warpPerspective(card, warp, (WIDTH, HEIGHT), flags=cv2.INTER_AREA)
    return np.where(mask > 0, placed, frame)


def _box(cx: float, cy: float, width: float, height: float, degrees: float) -> list[tuple[float, float]]:
    """The corners of a card of that size centred at (cx, cy), turned in the image plane."""
    angle = np.deg2rad(degrees)
    rotation = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    half = np.array([[-width, -height], [width, -height], [width, height], [-width, height]]) / 2
    return [tuple(point) for point in half @ rotation.T + [cx, cy]]


def _tilted(cx: float, cy: float, width: float, height: float, degrees: float, turn: float) -> list:
    """A card turned `degrees` about its vertical axis away from the camera: the far edge is shorter."""
    near, far = height, height * (1 - 0.9 * np.sin(np.deg2rad(degrees)) * width / (width + 900))
    squeeze = width * np.cos(np.deg2rad(degrees))
    corners = np.array(
        [[-squeeze / 2, -near / 2], [squeeze / 2, -far / 2], [squeeze / 2, far / 2], [-squeeze / 2, near / 2]]
    )
    angle = np.deg2rad(turn)
    rotation = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    return [tuple(point) for point in corners @ rotation.T + [cx, cy]]


def _camera(frame: np.ndarray, rng: np.random.Generator, noise: float = 5.0, quality: int = 70) -> np.ndarray:
    frame = np.clip(frame.astype(np.float32) + rng.normal(0, noise, frame.shape), 0, 255).astype(np.uint8)
    return cv2.imdecode(cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, quality])[1], cv2.IMREAD_GRAYSCALE)


def _glare(frame: np.ndarray, cx: float, cy: float, radius: float, strength: float) -> np.ndarray:
    yy, xx = np.mgrid[0:HEIGHT, 0:WIDTH]
    spot = np.exp(-(((xx - cx) / (1.6 * radius)) ** 2 + ((yy - cy) / radius) ** 2))
    return np.clip(frame.astype(np.float32) + strength * spot, 0, 255)


def _motion(frame: np.ndarray, length: int, degrees: float) -> np.ndarray:
    kernel = np.zeros((length, length), np.float32)
    kernel[length // 2, :] = 1
    turn = cv2.getRotationMatrix2D(((length - 1) / 2, (length - 1) / 2), degrees, 1.0)
    kernel = cv2.warpAffine(kernel, turn, (length, length))
    return cv2.filter2D(frame.astype(np.float32), -1, kernel / kernel.sum())


def _sleeve(card: np.ndarray, depth: float) -> np.ndarray:
    """The card bent around a vertical axis in a plastic sleeve: the sides run away from the camera
    (squeezed and darker) and the sleeve adds a soft sheen down the middle."""
    h, w = card.shape
    x = np.arange(w, dtype=np.float32)
    theta = (x / w - 0.5) * depth  # the arc angle of each output column
    source = (np.sin(theta) / np.sin(depth / 2) * 0.5 + 0.5) * (w - 1)
    map_x = np.tile(source, (h, 1)).astype(np.float32)
    map_y = np.tile(np.arange(h, dtype=np.float32)[:, None], (1, w))
    bent = cv2.remap(card, map_x, map_y, cv2.INTER_LINEAR, borderValue=245).astype(np.float32)
    shade = 0.75 + 0.25 * np.cos(theta)
    sheen = 70 * np.exp(-(((x / w - 0.42) / 0.06) ** 2))
    return np.clip(bent * shade + sheen, 0, 255).astype(np.uint8)


def _badge_text(rng: np.random.Generator) -> str:
    code = f"W{int(rng.integers(1, 9999)):04d}"
    mac = "".join(rng.choice(list("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), 16))
    return f"FHR1.{code}.{int(rng.integers(1, 9))}.{mac}"


def frames(seed: int = 23) -> dict[str, tuple[np.ndarray, str]]:
    """NAME -> (frame, expected text)."""
    rng = np.random.default_rng(seed)
    made: dict[str, tuple[np.ndarray, str]] = {}

    def qr(module: int) -> tuple[np.ndarray, str]:
        text = _badge_text(rng)
        return _badge(text, module), text

    def bars(module: int) -> tuple[np.ndarray, str]:
        text = f"{int(rng.integers(10_000_000, 99_999_999))}"
        return _card(text, module), text

    for name, (card, text) in {"glare-qr": qr(5), "glare-card": bars(3)}.items():
        h, w = card.shape
        frame = _place(_bench(rng), card, _box(640, 360, w, h, float(rng.uniform(-15, 15))))
        frame = _glare(frame, 640 + w * 0.12, 360 - h * 0.12, 0.22 * h, 215)
        made[name] = (_camera(frame, rng), text)
    for name, (card, text), length in (("motion-qr", qr(6), 9), ("motion-card", bars(4), 7)):
        h, w = card.shape
        frame = _place(_bench(rng), card, _box(620, 370, w, h, float(rng.uniform(-10, 10))))
        made[name] = (_camera(_motion(frame, length, float(rng.uniform(0, 180))), rng), text)
    for name, (card, text) in {"sleeve-qr": qr(6), "sleeve-card": bars(3)}.items():
        bent = _sleeve(card, 2.0)
        h, w = bent.shape
        made[name] = (_camera(_place(_bench(rng), bent, _box(660, 350, w, h, float(rng.uniform(-8, 8)))), rng), text)
    for name, (card, text) in {"lowlight-qr": qr(5), "lowlight-card": bars(3)}.items():
        h, w = card.shape
        frame = _place(_bench(rng), card, _box(640, 360, w, h, float(rng.uniform(-20, 20)))).astype(np.float32)
        made[name] = (_camera(frame * 0.18 + 6, rng, noise=4.0, quality=60), text)
    for name, (card, text), tilt in (("tilt-qr", qr(6), 35), ("tilt-card", bars(4), 38)):
        h, w = card.shape
        corners = _tilted(640, 360, w, h, tilt, float(rng.uniform(-25, 25)))
        made[name] = (_camera(cv2.GaussianBlur(_place(_bench(rng), card, corners), (0, 0), 0.8), rng), text)
    return made


def main() -> None:
    FRAMES.mkdir(exist_ok=True)
    for name, (frame, text) in frames().items():
        cv2.imwrite(str(FRAMES / f"{name}.jpg"), frame, [cv2.IMWRITE_JPEG_QUALITY, 92])
        (FRAMES / f"{name}.txt").write_bytes(text.encode("utf-8"))


if __name__ == "__main__":
    main()
