"""The camera loop without a camera: frames from segno badges, a video file, or nothing at all."""

from __future__ import annotations

import io
import logging

import cv2
import numpy as np
import pytest
import segno

from app.attendance.tables import Scan
from app.audit.service import SYSTEM
from app.badges import service as badges
from app.settings import Settings, SettingsError
from kiosk.scanner import (
    Debouncer,
    Scanner,
    camera_decoder,
    capture_frames,
    image_frames,
    run_camera,
    service_submitter,
)

FPS = 10


def badge_frame(payload: str) -> np.ndarray:
    """A camera-sized frame with the badge's QR code (segno's PNG, as printed) lying on a grey desk."""
    png = io.BytesIO()
    segno.make(payload, error="m").save(png, kind="png", scale=6, border=4)
    tile = cv2.imdecode(np.frombuffer(png.getvalue(), np.uint8), cv2.IMREAD_COLOR)
    frame = np.full((480, 640, 3), 170, np.uint8)
    height, width = tile.shape[:2]
    frame[80 : 80 + height, 160 : 160 + width] = tile
    return frame


BLANK = np.full((480, 640, 3), 90, np.uint8)


def seconds_of(image: np.ndarray, seconds: float) -> list[np.ndarray]:
    return [image] * int(seconds * FPS)


class Collected:
    def __init__(self) -> None:
        self.texts: list[str] = []

    async def __call__(self, text: str) -> None:
        self.texts.append(text)


def test_a_badge_seen_again_within_3_seconds_of_its_last_sighting_is_the_same_scan():
    debouncer = Debouncer(3.0)
    assert [debouncer.accept("A", at) for at in (0.0, 0.1, 2.9, 5.8, 9.0, 9.1)] == [
        True,
        False,
        False,
        False,
        True,
        False,
    ]
    assert debouncer.accept("B", 9.2)


async def test_a_held_badge_is_one_scan_and_shown_again_later_another(settings):
    first, second = "FHR1.W0001.1.AAAAAAAAAAAAAAAA", "FHR1.W0002.1.BBBBBBBBBBBBBBBB"
    frames = [
        *seconds_of(badge_frame(first), 2),
        *seconds_of(BLANK, 2),
        *seconds_of(badge_frame(first), 1),
        *seconds_of(badge_frame(second), 1),
        *seconds_of(BLANK, 4),
        *seconds_of(badge_frame(first), 1),
    ]
    sink = Collected()
    submitted = await Scanner(sink).run(image_frames(frames, FPS))
    assert submitted == sink.texts == [first, second, first]


async def test_camera_scans_go_through_the_service_like_the_kiosk_page(settings, cast):
    worker = (await badges.issue_badge(cast.worker, settings.secret_key, SYSTEM)).payload
    supervisor = (await badges.issue_badge(cast.supervisor_a, settings.secret_key, SYSTEM)).payload
    frames = [
        *seconds_of(badge_frame(worker), 1),
        *seconds_of(badge_frame(supervisor), 1),
        *seconds_of(BLANK, 4),
        *seconds_of(badge_frame(worker), 1),
    ]
    await Scanner(service_submitter(settings)).run(image_frames(frames, FPS))
    rows = await Scan.select(Scan.source, Scan.outcome, Scan.employee).order_by(Scan.node_seq).run()
    assert [(r["source"], r["outcome"], r["employee"]) for r in rows] == [
        ("camera", "punch", cast.worker),
        ("camera", "punch", cast.supervisor_a),
        ("camera", "duplicate", cast.worker),
    ]


def _video(path, frames: list[np.ndarray]) -> None:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), FPS, (640, 480))
    for frame in frames:
        writer.write(frame)
    writer.release()


async def test_frames_from_a_video_file_are_scanned_by_their_position_in_the_video(tmp_path):
    path = tmp_path / "gate.avi"
    payload = "FHR1.W0001.1.AAAAAAAAAAAAAAAA"
    _video(
        path,
        [
            *seconds_of(BLANK, 1),
            *seconds_of(badge_frame(payload), 2),
            *seconds_of(BLANK, 4),
            *seconds_of(badge_frame(payload), 1),
        ],
    )
    submitted = await Scanner(Collected()).run(capture_frames(cv2.VideoCapture(str(path)), live=False))
    assert submitted == [payload, payload]


async def test_a_video_file_named_as_the_camera_records_its_scans(settings, cast, tmp_path):
    payload = (await badges.issue_badge(cast.worker, settings.secret_key, SYSTEM)).payload
    path = tmp_path / "camera.avi"
    _video(path, seconds_of(badge_frame(payload), 1))
    await run_camera(settings, str(path), attempts=1)
    assert await Scan.select(Scan.source, Scan.outcome).run() == [{"source": "camera", "outcome": "punch"}]


async def test_without_a_camera_the_kiosk_says_so_once_and_goes_on(settings, caplog):
    with caplog.at_level(logging.WARNING, logger="floorhr.kiosk.scanner"):
        await run_camera(settings, "/dev/no-such-camera", attempts=3, retry_seconds=0)
    warnings = [record.getMessage() for record in caplog.records if record.name == "floorhr.kiosk.scanner"]
    assert len(warnings) == 1 and "no camera" in warnings[0]


async def test_a_forged_or_partial_badge_before_the_camera_is_a_refusal(settings, cast):
    genuine = (await badges.issue_badge(cast.worker, settings.secret_key, SYSTEM)).payload
    forged = genuine[:-16] + ("A" * 16 if not genuine.endswith("A" * 16) else "B" * 16)
    partial = genuine.rsplit(".", 1)[0]  # the mac torn off
    frames = [*seconds_of(badge_frame(forged), 1), *seconds_of(badge_frame(partial), 1)]
    await Scanner(service_submitter(settings)).run(image_frames(frames, FPS))
    rows = await Scan.select(Scan.outcome, Scan.reason, Scan.employee).order_by(Scan.node_seq).run()
    assert rows == [
        {"outcome": "refused", "reason": "forged", "employee": None},
        {"outcome": "refused", "reason": "malformed", "employee": None},
    ]


def test_the_camera_budget_is_a_setting(tmp_path):
    base = {"FLOORHR_DATA_DIR": str(tmp_path)}
    assert Settings.from_env(base).decode_budget_ms == 60
    assert Settings.from_env({**base, "FLOORHR_DECODE_BUDGET_MS": "45"}).decode_budget_ms == 45
    for wrong in ("0", "-5", "fast", "nan", "20000"):
        with pytest.raises(SettingsError, match="FLOORHR_DECODE_BUDGET_MS"):
            Settings.from_env({**base, "FLOORHR_DECODE_BUDGET_MS": wrong})


def test_the_camera_decoder_reads_a_badge_within_its_budget():
    payload = "FHR1.W0001.1.AAAAAAAAAAAAAAAA"
    assert camera_decoder(30)(badge_frame(payload)) == [payload]
    assert camera_decoder(30)(BLANK) == []
