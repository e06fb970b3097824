"""decode(image) -> the barcodes in a camera frame or photo, as (symbology, text).

A cascade of stages, each a reader (zxing-cpp, or ZBar through pyzbar) over views of the frame that
OpenCV prepares; the first view with a wanted read ends the search. zxing-cpp comes first, on the
grayscale frame as it is, with its search options as zxing-cpp's defaults have them (bench/decode.py
--zxing-options: without rotation it lost held-out camera frames; downscaling and inversion cost
little and keep the first stage exactly what zxing-cpp alone reads, so the cascade never reads less).
What it misses, the fallbacks read: in a camera frame the places where a code may be
(kiosk/locate.py), sharpened and set upright; the frame turned by 30 degrees; a small photo enlarged
and sharpened; then ZBar, which reads some blurred 1D codes zxing-cpp cannot, on the same views and
on a local threshold and turned views. Each stage is kept because it adds reads (bench/decode.py --stages).

A kiosk frame shows one badge: the camera loop keeps only badge-shaped reads (`badge_shaped`), stops
at the first view that has one, and gives a frame at most a time budget, checked between views, so a
hard frame never stalls it; a photo (`floorhr decode`) stops at the first read of any kind and has no
budget.
Nothing rather than garbage: zxing-cpp returns only symbols whose checks pass; ZBar's own checks
(QR Reed-Solomon, 1D check digits and quiet zones) stay on, symbologies that match photo noise are
not enabled, and a ZBar 1D read must be seen in two views or have quality above one to be believed.
Whether a badge is genuine is not decided here: the scan service verifies its signature."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import cv2
import numpy as np
import zxingcpp
from pyzbar import pyzbar
from pyzbar.pyzbar import ZBarSymbol

from app.badges.rules import BADGE_PREFIX, INVITE_PREFIX, legacy_card_key
from kiosk import code128, locate

# The symbologies a plant's badges and legacy ID cards use.
SYMBOLS = [ZBarSymbol.QRCODE, ZBarSymbol.CODE128, ZBarSymbol.CODE39, ZBarSymbol.EAN13, ZBarSymbol.I25]
NAMES = {"QRCODE": "QR_CODE", "CODE128": "CODE_128", "CODE39": "CODE_39", "EAN13": "EAN_13", "I25": "ITF"}
_ZX = zxingcpp.BarcodeFormat
ZXING_FORMATS = (_ZX.QRCode, _ZX.Code128, _ZX.Code39, _ZX.EAN13, _ZX.ITF)
ZXING_NAMES = {
    "QRCode": "QR_CODE",
    "Code128": "CODE_128",
    "Code39": "CODE_39",
    "Code39Std": "CODE_39",
    "Code39Ext": "CODE_39",
    "EAN13": "EAN_13",
    "ITF": "ITF",
}
MAX_SIDE = 1600  # the fallbacks shrink larger photos first: ZBar's time grows with pixels, not with detail
CAMERA_SIDE = 1000  # a frame this wide or more is a camera frame: read where a code may be
DEFAULT_BUDGET_MS = 60.0  # the camera loop's time per frame (Settings.decode_budget_ms); photos have none
_ID_NUMBER = re.compile(r"[0-9]{17}[0-9X]")  # the shape of a resident ID number (GB 11643)


@dataclass(frozen=True)
class Symbol:
    symbology: str
    text: str


def badge_shaped(symbol: Symbol) -> bool:
    """What a kiosk scan can be: a floorhr badge or invite (signed; verified by the scan service), an
    18-digit ID number, or a legacy card's text (app.badges.rules.legacy_card_key)."""
    text = symbol.text.strip()
    return (
        text.startswith((BADGE_PREFIX + ".", INVITE_PREFIX + "."))
        or bool(_ID_NUMBER.fullmatch(text))
        or legacy_card_key(text) is not None
    )


def _text(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")  # Chinese legacy encoders write GBK


def _gray(image: np.ndarray) -> np.ndarray:
    if image.ndim == 3:
        image = cv2.cvtColor(image, cv2.COLOR_BGRA2GRAY if image.shape[2] == 4 else cv2.COLOR_BGR2GRAY)
    if image.dtype != np.uint8:
        image = cv2.normalize(image, None, 0, 255, cv2.NORM_MINMAX).astype(np.uint8)
    return np.ascontiguousarray(image)


def _shrunk(gray: np.ndarray) -> np.ndarray:
    side = max(gray.shape[:2])
    if side <= MAX_SIDE:
        return gray
    scale = MAX_SIDE / side
    return cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)


def _sharpened(view: np.ndarray, sigma: float = 2.0, amount: float = 1.5) -> np.ndarray:
    """Unsharp masking: steepens the module edges that defocus and motion blur smeared."""
    return cv2.addWeighted(view, 1 + amount, cv2.GaussianBlur(view, (0, 0), sigma), -amount, 0)


def _enlarged(view: np.ndarray) -> np.ndarray:
    return cv2.resize(view, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC)


def _turned(view: np.ndarray, degrees: float) -> np.ndarray:
    matrix = cv2.getRotationMatrix2D((view.shape[1] / 2, view.shape[0] / 2), degrees, 1.0)
    return cv2.warpAffine(view, matrix, (view.shape[1], view.shape[0]), borderValue=255)


@dataclass
class Frame:
    """One image as the stages see it: the grayscale original, the shrunk copy the fallbacks use, and the
    places where a code may be (found once, on first use)."""

    original: np.ndarray
    gray: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        self.gray = _shrunk(self.original)

    @property
    def camera(self) -> bool:
        return max(self.gray.shape) >= CAMERA_SIDE

    @cached_property
    def located(self) -> tuple[np.ndarray, list[tuple[int, int, int, int]]]:
        return locate.candidate_regions(self.gray)

    def crops(self) -> Iterator[np.ndarray]:
        for x0, y0, x1, y1 in self.located[1]:
            yield self.gray[y0:y1, x0:x1]


def zxing_read(view: np.ndarray) -> list[Symbol]:
    """zxing-cpp with its defaults (rotation, downscaling, inversion), on our symbologies only."""
    return [
        Symbol(ZXING_NAMES.get(result.format.name, result.format.name.upper()), result.text)
        for result in zxingcpp.read_barcodes(view, formats=ZXING_FORMATS)
    ]


def _zbar_read(image: np.ndarray) -> list[tuple[Symbol, int]]:
    found = []
    for result in pyzbar.decode(image, symbols=SYMBOLS):
        text = _text(result.data)
        if result.type == "CODE128":  # ZBar drops FNC4: read the bars again for extended characters
            text = code128.reread(image, tuple(result.rect), text)
        found.append((Symbol(NAMES.get(result.type, result.type), text), result.quality))
    return found


def zbar_read(view: np.ndarray) -> list[Symbol]:
    """What ZBar reads and is believed: a QR code, a strong 1D read, or a weak one seen again blurred."""
    found = _zbar_read(view)
    believed = [symbol for symbol, quality in found if symbol.symbology == "QR_CODE" or quality > 1]
    if not believed and found:
        confirm = {symbol for symbol, _ in _zbar_read(cv2.GaussianBlur(view, (3, 3), 0))}
        believed = [symbol for symbol, _ in found if symbol in confirm]
    return believed


# --- the stages: views of a frame, cheapest and most fruitful first ---------------------------------


def _whole(frame: Frame) -> Iterator[np.ndarray]:
    yield frame.original  # as it is, unshrunk: what zxing-cpp alone would read


def _crops_upright(frame: Frame) -> Iterator[np.ndarray]:
    """Camera frames: each place where a code may be, as it is, sharpened, and with its bars upright."""
    if not frame.camera:
        return
    for crop in frame.crops():
        yield crop
        yield _sharpened(crop)
        upright = locate.rectify_bars(crop)
        if upright is not None:
            yield upright


def _sharp(frame: Frame) -> Iterator[np.ndarray]:
    """Defocus and small modules: a small photo enlarged and sharpened, a camera frame sharpened."""
    yield _sharpened(frame.gray) if frame.camera else _sharpened(_enlarged(frame.gray), sigma=3.0)
    yield _sharpened(frame.gray, sigma=3.0, amount=2.0)  # a wider blur: +5 of 95 misses on the degraded corpus


def _zbar_views(frame: Frame) -> Iterator[np.ndarray]:
    if frame.camera:
        smooth = frame.located[0]
        for x0, y0, x1, y1 in frame.located[1]:
            yield smooth[y0:y1, x0:x1]
            upright = locate.rectify_bars(frame.gray[y0:y1, x0:x1])
            if upright is not None:
                yield upright
        yield frame.gray
    else:
        yield frame.gray
        yield _enlarged(frame.gray)  # small or distant codes


def _tilted(frame: Frame) -> Iterator[np.ndarray]:
    """A 1D code at 30 degrees: neither readers' row scans cross all its bars."""
    for degrees in (30, -30):
        yield _turned(frame.gray, degrees)


def _zbar_prepared(frame: Frame) -> Iterator[np.ndarray]:
    """Uneven light (a local threshold) and 1D codes at 30 degrees, for ZBar. CLAHE, once here, read
    nothing the other views had not on the corpus, the degraded corpus or the kiosk frames: dropped."""
    blurred = cv2.GaussianBlur(frame.gray, (5, 5), 0)
    block = max(15, (min(frame.gray.shape) // 20) | 1)
    yield cv2.adaptiveThreshold(blurred, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY, block, 5)
    for degrees in (30, -30):
        yield _turned(frame.gray, degrees)


@dataclass(frozen=True)
class Stage:
    name: str
    views: Callable[[Frame], Iterator[np.ndarray]]
    read: Callable[[np.ndarray], list[Symbol]]


STAGES = (
    Stage("zxing", _whole, zxing_read),
    Stage("zxing crops", _crops_upright, zxing_read),
    Stage("zxing turned", _tilted, zxing_read),
    Stage("zxing sharpened", _sharp, zxing_read),
    Stage("zbar", _zbar_views, zbar_read),
    Stage("zbar prepared", _zbar_prepared, zbar_read),
)


@dataclass(frozen=True)
class Decoded:
    symbols: list[Symbol]
    stage: str | None  # the stage that read them, None when nothing was read
    view: int  # which of the stage's views, from 0
    ms: float


def decode_traced(
    image: np.ndarray,
    budget_ms: float | None = None,
    wanted: Callable[[Symbol], bool] | None = None,
    stages: tuple[Stage, ...] = STAGES,
) -> Decoded:
    """The wanted symbols (all, when wanted is None) of the first view that has any, and where they were
    read. The first view is always read; after it, no view starts once budget_ms has passed."""
    started = time.perf_counter()
    frame = Frame(_gray(image))
    for stage in stages:
        for index, view in enumerate(stage.views(frame)):
            symbols = [symbol for symbol in dict.fromkeys(stage.read(view)) if wanted is None or wanted(symbol)]
            elapsed = (time.perf_counter() - started) * 1000
            if symbols:
                return Decoded(symbols, stage.name, index, elapsed)
            if budget_ms is not None and elapsed >= budget_ms:
                return Decoded([], None, index, elapsed)
    return Decoded([], None, 0, (time.perf_counter() - started) * 1000)


def decode(
    image: np.ndarray, budget_ms: float | None = None, wanted: Callable[[Symbol], bool] | None = None
) -> list[Symbol]:
    """The symbols in the image, each once, in reading order; [] when there is none (decode_traced)."""
    return decode_traced(image, budget_ms, wanted).symbols


def camera_decode(image: np.ndarray, budget_ms: float = DEFAULT_BUDGET_MS) -> list[Symbol]:
    """A kiosk camera frame: its badge-shaped reads, within the frame's time budget. Other codes in view
    (a poster's QR code, a carton's barcode) neither end the search nor reach the scan service."""
    return decode(image, budget_ms, badge_shaped)


def decode_file(path: str | Path) -> list[Symbol]:
    image = cv2.imread(str(path), cv2.IMREAD_GRAYSCALE)
    if image is None:
        raise ValueError(f"not an image: {path}")
    return decode(image)


def escape(text: str) -> str:
    """One symbol per line: backslash, tab and newline escaped so the line splits back unambiguously;
    a carriage return too (as \\r), since line readers split on it as well."""
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def decode_lines(files: Iterable[str], read: Callable[[str], list[Symbol]] = decode_file) -> list[str]:
    """`floorhr decode` output: FILE<TAB>SYMBOLOGY<TAB>TEXT per symbol."""
    return [f"{name}\t{symbol.symbology}\t{escape(symbol.text)}" for name in files for symbol in read(name)]
