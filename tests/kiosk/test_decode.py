"""kiosk/decode.py on real photos (the ZXing black-box corpus), on hard kiosk frames (tests/kiosk/frames, made by
tests/kiosk/kiosk_frames.py), against zxing-cpp alone, and `floorhr decode` as a plant would use it."""

from __future__ import annotations

import os
from pathlib import Path

import cv2
import numpy as np
import pytest
import segno
import zxingcpp
from click.testing import CliRunner

import kiosk.decode as decoding
from app.cli import main
from kiosk import code128
from kiosk.decode import Stage, Symbol, badge_shaped, camera_decode, decode, decode_file, decode_traced, escape


def _corpus() -> Path:
    """The shared photo corpus beside the checkout (../shared), or where FLOORHR_CORPUS says; a clone made
    elsewhere (CI's scratch copy) falls back to the workplace's copy."""
    candidates = [Path(os.environ["FLOORHR_CORPUS"])] if os.environ.get("FLOORHR_CORPUS") else []
    candidates += [Path(__file__).resolve().parents[2].parent / "shared" / "corpus", Path("/work/shared/corpus")]
    return next((path for path in candidates if path.is_dir()), candidates[0]) / "zxing"


CORPUS = _corpus()
IMAGES = (".png", ".jpg", ".jpeg", ".gif")


FRAMES = Path(__file__).resolve().parent / "frames"
CODE_SETS = ("qrcode-1", "qrcode-3", "code128-1", "code39-1")


def _photos(folder: str | Path) -> list[Path]:
    return sorted(path for path in (CORPUS / folder).iterdir() if path.suffix.lower() in IMAGES)


def _expected(photo: Path) -> str:
    return photo.with_suffix(".txt").read_bytes().decode("utf-8")  # bytes: the texts hold \r\n


@pytest.mark.parametrize(
    "photo",
    [photo for folder in ("qrcode-1", "qrcode-3", "code128-1", "code39-1") for photo in _photos(folder)],
    ids=lambda photo: f"{photo.parent.name}/{photo.name}",
)
def test_every_corpus_photo_decodes_to_its_text(photo):
    texts = [symbol.text for symbol in decode_file(photo)]
    assert texts == [_expected(photo)]


@pytest.mark.parametrize("photo", _photos("falsepositives-2"), ids=lambda photo: photo.name)
def test_photos_without_a_code_give_nothing(photo):
    assert decode_file(photo) == []


def test_the_corpus_is_all_there():
    counts = {
        folder: len(_photos(folder)) for folder in ("qrcode-1", "qrcode-3", "code128-1", "code39-1", "falsepositives-2")
    }
    assert counts == {"qrcode-1": 20, "qrcode-3": 42, "code128-1": 7, "code39-1": 4, "falsepositives-2": 25}


def test_extended_characters_after_fnc4_are_kept():
    assert [symbol.text for symbol in decode_file(CORPUS / "code128-1" / "6.png")] == ["óóóó1234óóabózz"]


@pytest.mark.parametrize(
    "values, text",
    [
        ([104, 33, 34, 35], "ABC"),  # code B
        ([105, 12, 34, 100, 33], "1234A"),  # code C, then B
        ([104, 100, 83, 33], "óA"),  # one FNC4: the next character only
        ([104, 100, 100, 83, 83, 100, 100, 83], "óós"),  # two FNC4 latch, two more unlatch
        ([103, 65, 33], "\x01A"),  # code A control character
    ],
)
def test_code_128_values_to_text(values, text):
    assert code128._text(values) == text


def test_a_badge_on_a_busy_frame_is_read():
    frame = np.full((720, 1280), 180, np.uint8)
    cv2.putText(frame, "FLOORHR 1234 ABCD", (40, 120), cv2.FONT_HERSHEY_SIMPLEX, 2, 20, 4)
    badge = cv2.imdecode(np.frombuffer(_png("FHR1.W0001.3.ABCDEFGHIJKLMNOP"), np.uint8), cv2.IMREAD_GRAYSCALE)
    frame[300 : 300 + badge.shape[0], 600 : 600 + badge.shape[1]] = badge
    assert [(s.symbology, s.text) for s in decode(frame)] == [("QR_CODE", "FHR1.W0001.3.ABCDEFGHIJKLMNOP")]


def _png(text: str) -> bytes:
    import io

    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=6, border=4)
    return buffer.getvalue()


def test_escaping_keeps_one_symbol_per_line():
    assert escape("a\\b\tc\r\nd") == "a\\\\b\\tc\\r\\nd"


def test_floorhr_decode_prints_file_symbology_and_escaped_text(tmp_path):
    photo = CORPUS / "qrcode-1" / "16.png"
    empty = _photos("falsepositives-2")[0]
    result = CliRunner().invoke(main, ["decode", str(photo), str(empty)])
    assert result.output.splitlines() == [f"{photo}\tQR_CODE\t{escape(_expected(photo))}"]
    assert "\\r\\n" in result.output  # the line breaks inside the text are escaped, not printed


def test_floorhr_decode_prints_nothing_for_an_image_without_a_code():
    result = CliRunner().invoke(main, ["decode", str(_photos("falsepositives-2")[0])])
    assert result.output == "" and result.exit_code == 1


def test_floorhr_decode_reports_a_file_that_is_not_an_image_and_goes_on(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("not a photo")
    photo = CORPUS / "qrcode-1" / "16.png"
    result = CliRunner().invoke(main, ["decode", str(notes), str(photo)])
    assert result.stdout.splitlines() == [f"{photo}\tQR_CODE\t{escape(_expected(photo))}"]
    assert f"{notes}: not an image" in result.stderr and result.exit_code == 2


@pytest.mark.parametrize("frame", _photos(FRAMES), ids=lambda frame: frame.stem)
def test_every_hard_kiosk_frame_is_read(frame):
    """Glare, motion blur, a curved sleeve, low light, a 35-38 degree tilt: a badge and a legacy card each."""
    image = cv2.imread(str(frame), cv2.IMREAD_GRAYSCALE)
    assert [symbol.text for symbol in decode(image)] == [_expected(frame)]
    assert [symbol.text for symbol in decode(image, wanted=badge_shaped)] == [_expected(frame)]


def test_the_hard_kiosk_frames_are_all_there_and_some_beat_zxing_alone():
    frames = _photos(FRAMES)
    assert {frame.stem.split("-")[0] for frame in frames} == {"glare", "motion", "sleeve", "lowlight", "tilt"}
    alone = [frame for frame in frames if _zxing_alone(frame) == [_expected(frame)]]
    assert len(frames) == 10 and len(alone) < len(frames)  # harder than what zxing-cpp reads by itself


def _zxing_alone(photo: Path) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(cv2.imread(str(photo), cv2.IMREAD_GRAYSCALE))]


@pytest.mark.parametrize("folder", [*CODE_SETS, FRAMES], ids=lambda folder: getattr(folder, "name", folder))
def test_floorhr_reads_every_image_zxing_cpp_alone_reads(folder):
    """On every set: zxing-cpp with its defaults is the first stage, and the fallbacks only add."""
    photos = _photos(folder)
    by_zxing = {photo for photo in photos if _zxing_alone(photo) == [_expected(photo)]}
    by_floorhr = {photo for photo in photos if [symbol.text for symbol in decode_file(photo)] == [_expected(photo)]}
    assert by_zxing <= by_floorhr


def test_a_frame_the_first_stage_misses_is_read_by_a_fallback_and_the_budget_can_stop_it():
    """The tilted card is read only once a crop has its bars set upright; with no time left after the first
    view (zxing-cpp on the frame), the camera gets nothing from this frame and tries the next one."""
    frame = cv2.imread(str(FRAMES / "tilt-card.jpg"), cv2.IMREAD_GRAYSCALE)
    traced = decode_traced(frame)
    assert [symbol.text for symbol in traced.symbols] == [_expected(FRAMES / "tilt-card.jpg")]
    assert traced.stage == "zxing crops"
    assert decode(frame, budget_ms=0) == []


def test_the_budget_is_checked_between_views(monkeypatch):
    """Each view here takes 25 ms of a fake clock: with 60 ms, the third view is the last one read."""
    clock, read = [0.0], []

    def slow_nothing(view):
        clock[0] += 0.025
        read.append(view)
        return []

    monkeypatch.setattr(decoding.time, "perf_counter", lambda: clock[0])
    stages = (Stage("slow", lambda frame: iter([frame.gray] * 10), slow_nothing),)
    assert decode_traced(np.zeros((100, 100), np.uint8), budget_ms=60, stages=stages).symbols == []
    assert len(read) == 3


def _scene(*texts: str) -> np.ndarray:
    frame = np.full((720, 1280), 170, np.uint8)
    for index, text in enumerate(texts):
        tile = cv2.imdecode(np.frombuffer(_png(text), np.uint8), cv2.IMREAD_GRAYSCALE)
        frame[150 : 150 + tile.shape[0], 100 + 600 * index : 100 + 600 * index + tile.shape[1]] = tile
    return frame


POSTER = "https://example.com/safety/please-wear-your-helmet-on-the-floor-2026"
BADGE = "FHR1.W0001.3.ABCDEFGHIJKLMNOP"


def test_the_camera_keeps_only_badge_shaped_reads():
    """A poster's QR code behind the worker neither ends the search nor reaches the scan service."""
    assert camera_decode(_scene(POSTER, BADGE)) == [Symbol("QR_CODE", BADGE)]
    assert camera_decode(_scene(POSTER)) == []
    assert [symbol.text for symbol in decode(_scene(POSTER))] == [POSTER]  # a photo: whatever is in it


@pytest.mark.parametrize(
    "text, shaped",
    [
        (BADGE, True),
        ("FHR1.W0001", True),  # a partial badge: the service refuses it as malformed
        ("FHRI.0190ABCD.1767225600.ABCDEFGHIJKLMNOP", True),
        ("11010519491231002X", True),
        ("20231187", True),
        (POSTER, False),
        ("abc", False),
        ("", False),
    ],
)
def test_what_is_badge_shaped(text, shaped):
    assert badge_shaped(Symbol("QR_CODE", text)) is shaped
