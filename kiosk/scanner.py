"""The camera loop: frames -> decode -> debounce -> the same service call as the kiosk page.

A badge held up to the camera shows in many frames; the same text seen again within 3 seconds
of its last sighting is the same scan. Frames come from any cv2.VideoCapture (a camera index, a
device path, a video file) or from any iterable of frames, so the loop runs in tests without a
camera. Without a camera the kiosk works on with USB scanners: that is logged once.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from collections.abc import Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass

import cv2
import numpy as np

from app.attendance.scans.service import node_id, record_scan
from app.timeutil import utcnow

DEBOUNCE_SECONDS = 3.0
RETRY_SECONDS = 30.0  # look for a camera again this often (it may be plugged in later), silently

log = logging.getLogger("floorhr.kiosk.scanner")

Submit = Callable[[str], Awaitable[object]]
Decoder = Callable[[np.ndarray], list[str]]


@dataclass(frozen=True)
class Frame:
    at: float  # seconds: the monotonic clock for a camera, the position in a video file
    image: np.ndarray


class Debouncer:
    """Accepts a text unless it was seen within window seconds before (a held badge is one scan)."""

    def __init__(self, window: float = DEBOUNCE_SECONDS):
        self.window = window
        self._seen: dict[str, float] = {}

    def accept(self, text: str, at: float) -> bool:
        last = self._seen.get(text)
        self._seen[text] = at
        if len(self._seen) > 64:  # forget what has not been seen for a while
            self._seen = {key: when for key, when in self._seen.items() if at - when <= self.window}
        return last is None or not 0 <= at - last <= self.window


def capture_frames(capture: cv2.VideoCapture, live: bool = True) -> Iterator[Frame]:
    """Frames until the capture ends or fails: timed by the clock for a camera, by position for a file."""
    try:
        while True:
            ok, image = capture.read()
            if not ok:
                return
            at = time.monotonic() if live else capture.get(cv2.CAP_PROP_POS_MSEC) / 1000
            yield Frame(at, image)
    finally:
        capture.release()


def image_frames(images: Iterable[np.ndarray], fps: float = 10.0) -> Iterator[Frame]:
    """Still images as frames fps apart (tests, or a folder of snapshots)."""
    for index, image in enumerate(images):
        yield Frame(index / fps, image)


def open_camera(device: str | int) -> cv2.VideoCapture | None:
    """The opened capture, or None. device: a camera index ("0") or a path (/dev/video2, a video file)."""
    source = int(device) if isinstance(device, str) and device.isdigit() else device
    capture = cv2.VideoCapture(source)
    if capture.isOpened():
        return capture
    capture.release()
    return None


def camera_decoder(budget_ms: float | None = None) -> Decoder:
    """kiosk/decode.py's camera call: badge-shaped reads end a frame, which gets at most budget_ms
    (Settings.decode_budget_ms; kiosk.decode.DEFAULT_BUDGET_MS when None)."""
    from kiosk.decode import DEFAULT_BUDGET_MS, camera_decode

    budget = DEFAULT_BUDGET_MS if budget_ms is None else budget_ms

    def decoder(image: np.ndarray) -> list[str]:
        return [symbol.text for symbol in camera_decode(image, budget)]

    return decoder


class Scanner:
    """Decodes frames and submits each new text once; decoding runs in a thread, off the event loop."""

    def __init__(self, submit: Submit, decoder: Decoder | None = None, debounce: float = DEBOUNCE_SECONDS):
        self.submit = submit
        self.decoder = decoder or camera_decoder()
        self.debouncer = Debouncer(debounce)

    def _next(self, frames: Iterator[Frame]) -> tuple[Frame, list[str]] | None:
        frame = next(frames, None)  # reading a camera blocks: this runs in a thread
        return None if frame is None else (frame, self.decoder(frame.image))

    async def run(self, frames: Iterable[Frame]) -> list[str]:
        """Scan until the frames end; returns the texts submitted, in order."""
        submitted: list[str] = []
        iterator = iter(frames)
        while (item := await asyncio.to_thread(self._next, iterator)) is not None:
            frame, texts = item
            for text in texts:
                if self.debouncer.accept(text, frame.at):
                    await self.submit(text)
                    submitted.append(text)
        return submitted


def service_submitter(settings) -> Submit:
    """Camera scans go into record_scan, as the kiosk page's do (source "camera"); the page polls them in."""
    node = node_id(settings)

    async def submit(text: str) -> object:
        result = await record_scan(text, node, utcnow(), "camera", secret=settings.secret_key, zone=settings.zone)
        log.info(
            "camera scan: %s %s %s", result.outcome, result.employee_code or "-", result.reason or result.direction
        )
        return result

    return submit


async def run_camera(
    settings, device: str | None = None, attempts: int | None = None, retry_seconds: float = RETRY_SECONDS
) -> None:
    """The kiosk node's camera task: settings.camera (FLOORHR_CAMERA, default "0"); without a camera, say so once and look again
    every retry_seconds. attempts bounds how often it opens the camera (None: for ever)."""
    device = device if device is not None else settings.camera
    scanner = Scanner(service_submitter(settings), camera_decoder(settings.decode_budget_ms))
    told = False
    while attempts is None or attempts > 0:
        attempts = None if attempts is None else attempts - 1
        capture = await asyncio.to_thread(open_camera, device)
        if capture is None:
            if not told:
                log.warning("no camera at %r: scanning with USB scanners and card readers only", device)
                told = True
        else:
            told = False
            await scanner.run(capture_frames(capture, live=not os.path.isfile(str(device))))
        if attempts != 0:
            await asyncio.sleep(retry_seconds)
