"""decode(image) -> the barcodes in a camera frame or photo, as (symbology, text).

pyzbar (ZBar) does the reading. In a camera frame it reads first where a code may be (the densest
edges, kiosk/locate.py): a few crops cost a fraction of the frame, and a 1D card held at an angle is
set upright there. Hard frames get OpenCV preparation of the whole image, cheapest first, and the
first view in which a code is believed wins: most kiosk frames are decoded in the first crop.
Nothing rather than garbage: ZBar's own checks (QR Reed-Solomon, 1D check digits and quiet
zones) stay on, DataBar/ISBN-style symbologies that match photo noise are not enabled, and a
1D read must be seen in two passes or have ZBar quality above one before it is believed."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from pyzbar import pyzbar
from pyzbar.pyzbar import ZBarSymbol

from kiosk import code128, locate

# The symbologies a plant's badges and legacy ID cards use.
SYMBOLS = [ZBarSymbol.QRCODE, ZBarSymbol.CODE128, ZBarSymbol.CODE39, ZBarSymbol.EAN13, ZBarSymbol.I25]
NAMES = {"QRCODE": "QR_CODE", "CODE128": "CODE_128", "CODE39": "CODE_39", "EAN13": "EAN_13", "I25": "ITF"}
MAX_SIDE = 1600  # larger photos are shrunk first: ZBar's time grows with pixels, not with detail


@dataclass(frozen=True)
class Symbol:
    symbology: str
    text: str


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
    side = max(image.shape[:2])
    if side > MAX_SIDE:
        scale = MAX_SIDE / side
        image = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    return image


def _crops(gray: np.ndarray, blurred: bool) -> Iterator[np.ndarray]:
    """The places in a camera frame where a code may be (kiosk/locate.py). Lightly blurred, each is
    read as it is and, where it holds parallel bars, with the bars set upright; unblurred, as it is
    (fine modules that the blur merged)."""
    smooth, regions = locate.candidate_regions(gray)
    for x0, y0, x1, y1 in regions:
        crop = gray[y0:y1, x0:x1]
        if not blurred:
            yield crop
            continue
        yield smooth[y0:y1, x0:x1]
        upright = locate.rectify_bars(crop)
        if upright is not None:
            yield upright


def _passes(gray: np.ndarray) -> Iterator[Iterable[np.ndarray]]:
    """The frame as ZBar sees it best, from the cheapest preparation to the dearest. A pass is one or
    more views; the first view in which a code is believed ends the search."""
    if max(gray.shape) >= 1000:  # a camera frame: read where a code may be before reading it all
        yield _crops(gray, blurred=True)
        yield _crops(gray, blurred=False)
        yield [cv2.resize(gray, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)]
        yield [gray]
    else:
        yield [gray]
        yield [cv2.resize(gray, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC)]  # small or distant codes
    yield [cv2.createCLAHE(clipLimit=2.0, tileGridSize=(8, 8)).apply(gray)]
    blurred = cv2.GaussianBlur(gray, (5, 5), 0)
    yield [cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[1]]
    block = max(15, (min(gray.shape) // 20) | 1)
    yield [cv2.adaptiveThreshold(blurred, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY, block, 5)]
    yield [cv2.rotate(gray, cv2.ROTATE_90_CLOCKWISE)]  # ZBar scans 1D codes along rows and columns, not diagonals
    centre = (gray.shape[1] / 2, gray.shape[0] / 2)
    for angle in (30, -30):
        matrix = cv2.getRotationMatrix2D(centre, angle, 1.0)
        yield [cv2.warpAffine(gray, matrix, (gray.shape[1], gray.shape[0]), borderValue=255)]


def _read(image: np.ndarray) -> list[tuple[Symbol, int]]:
    found = []
    for result in pyzbar.decode(image, symbols=SYMBOLS):
        text = _text(result.data)
        if result.type == "CODE128":  # ZBar drops FNC4: read the bars again for extended characters
            text = code128.reread(image, tuple(result.rect), text)
        found.append((Symbol(NAMES.get(result.type, result.type), text), result.quality))
    return found


CAMERA_PASSES = 2  # the crops, twice: a live camera tries again on the next frame; whole-frame passes are for photos


def _believed(view: np.ndarray) -> list[Symbol]:
    found = _read(view)
    believed = [symbol for symbol, quality in found if symbol.symbology == "QR_CODE" or quality > 1]
    if not believed and found:
        # A lone weak 1D read: believe it only if a second preparation reads the same text.
        confirm = {symbol for symbol, _ in _read(cv2.GaussianBlur(view, (3, 3), 0))}
        believed = [symbol for symbol, _ in found if symbol in confirm]
    return list(dict.fromkeys(believed))


def decode(image: np.ndarray, max_passes: int | None = None) -> list[Symbol]:
    """The symbols in the image, each once, in reading order; [] when there is none. In a camera
    frame the first crop that reads ends the search (a kiosk frame shows one badge).
    max_passes stops after that many preparations (the camera loop's budget)."""
    gray = _gray(image)
    for views in itertools.islice(_passes(gray), max_passes):
        for view in views:
            believed = _believed(view)
            if believed:
                return believed
    return []


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
