"""Re-reading a Code 128 symbol that ZBar found, to recover what ZBar drops: FNC4 (extended characters).

ZBar reads Code 128 reliably but ignores FNC4, so 'ó' (FNC4 + 's') comes back as 's'. Where ZBar found
a Code 128 symbol, we measure its bars along rows inside the rectangle ZBar reported, decode the
symbol values with the standard width table, check the mod-103 checksum, and apply the code sets
with FNC4. The result is used only when it agrees with ZBar's text on the low seven bits of every
character, so this can add the high bit back and never invent a different code.
"""

from __future__ import annotations

import cv2
import numpy as np

# Bar and space widths in modules of the 107 symbol values (103 data, 3 starts, stop; ISO/IEC 15417).
PATTERNS = (
    "212222 222122 222221 121223 121322 131222 122213 122312 132212 221213 "
    "221312 231212 112232 122132 122231 113222 123122 123221 223211 221132 "
    "221231 213212 223112 312131 311222 321122 321221 312212 322112 322211 "
    "212123 212321 232121 111323 131123 131321 112313 132113 132311 211313 "
    "231113 231311 112133 112331 132131 113123 113321 133121 313121 211331 "
    "231131 213113 213311 213131 311123 311321 331121 312113 312311 332111 "
    "314111 221411 431111 111224 111422 121124 121421 141122 141221 112214 "
    "112412 122114 122411 142112 142211 241211 221114 413111 241112 134111 "
    "111242 121142 121241 114212 124112 124211 411212 421112 421211 212141 "
    "214121 412121 111143 111341 131141 114113 114311 411113 411311 113141 "
    "114131 311141 411131 211412 211214 211232"
).split()
VALUE_OF = {tuple(int(width) for width in pattern): value for value, pattern in enumerate(PATTERNS)}
START_A, START_B, START_C = 103, 104, 105
STOP = (2, 3, 3, 1, 1, 1, 2)
SHIFT, CODE_C, FNC1, FNC2, FNC3 = 98, 99, 102, 97, 96


def _symbol(widths: np.ndarray, modules: int = 11) -> tuple[int, ...]:
    unit = widths.sum() / modules
    return tuple(int(min(4, max(1, round(width / unit)))) for width in widths)


def _values(runs: np.ndarray) -> list[int] | None:
    """Symbol values from bar/space run lengths starting at a bar, start to checksum; None if they do not parse."""
    for first in range(0, len(runs) - 6, 2):
        start = VALUE_OF.get(_symbol(runs[first : first + 6]))
        if start not in (START_A, START_B, START_C):
            continue
        values, index = [start], first + 6
        while index + 7 <= len(runs):
            if _symbol(runs[index : index + 7], 13) == STOP:
                if len(values) < 3:
                    break
                check = values.pop()
                total = values[0] + sum(position * value for position, value in enumerate(values[1:], start=1))
                return values if total % 103 == check else None
            value = VALUE_OF.get(_symbol(runs[index : index + 6]))
            if value is None or value > 102:
                break
            values.append(value)
            index += 6
    return None


def _text(values: list[int]) -> str | None:
    """Apply code sets A/B/C, shift and FNC4 (one FNC4: the next character + 128; two in a row: latch)."""
    code = {START_A: "A", START_B: "B", START_C: "C"}[values[0]]
    out: list[str] = []
    shifted = latched = single = after_fnc4 = False
    for value in values[1:]:
        current = ("B" if code == "A" else "A") if shifted and code != "C" else code
        shifted = False
        if current == "C":
            if value < 100:
                out.append(f"{value:02d}")
            elif value in (100, 101):
                code = "B" if value == 100 else "A"
            elif value != FNC1:
                return None
            continue
        if (current == "A" and value == 101) or (current == "B" and value == 100):  # FNC4
            if after_fnc4:  # the second of two: latch (or unlatch) extended characters
                latched, single, after_fnc4 = not latched, False, False
            else:
                single, after_fnc4 = True, True
            continue
        after_fnc4 = False
        if value == SHIFT:
            shifted = True
        elif value == CODE_C:
            code = "C"
        elif value in (100, 101):
            code = "B" if value == 100 else "A"
        elif value not in (FNC1, FNC2, FNC3):
            base = value + 32 if current == "B" or value < 64 else value - 64
            out.append(chr(base + 128 if latched != single else base))
            single = False
    return "".join(out)


def _runs(row: np.ndarray) -> np.ndarray:
    """Run lengths of a binarised row, starting at the first dark run."""
    dark = row < 128
    edges = np.flatnonzero(np.diff(dark.astype(np.int8))) + 1
    bounds = np.concatenate(([0], edges, [len(row)]))
    lengths = np.diff(bounds)
    return lengths[1:] if not dark[0] else lengths


def reread(gray: np.ndarray, rect: tuple[int, int, int, int], zbar_text: str) -> str:
    """The symbol's full text where rows inside rect decode to ZBar's text plus high bits; else zbar_text."""
    left, top, width, height = rect
    margin = max(10, width // 10)
    x0, x1 = max(0, left - margin), min(gray.shape[1], left + width + margin)
    crop = gray[max(0, top) : min(gray.shape[0], top + max(height, 1)), x0:x1]
    if crop.size == 0:
        return zbar_text
    binary = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[1]
    for fraction in (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8):
        row = binary[min(binary.shape[0] - 1, int(binary.shape[0] * fraction))]
        for runs in (_runs(row), _runs(row[::-1])):
            values = _values(runs)
            text = _text(values) if values else None
            if (
                text
                and len(text) == len(zbar_text)
                and all(
                    (ord(ours) & 0x7F) == (ord(theirs) & 0x7F) for ours, theirs in zip(text, zbar_text, strict=True)
                )
            ):
                return text
    return zbar_text


def draw_b(text: str, module: int = 3, height: int = 100) -> np.ndarray:
    """A Code 128 symbol in code set B (printable ASCII) as a grey image with quiet zones: what a legacy
    employee card carries. The benchmark and the tests draw their cards with it."""
    values = [START_B] + [ord(char) - 32 for char in text]
    check = (values[0] + sum(index * value for index, value in enumerate(values[1:], start=1))) % 103
    widths = [int(width) for value in [*values, check] for width in PATTERNS[value]] + list(STOP)
    row: list[int] = []
    for index, width in enumerate(widths):
        row += [0 if index % 2 == 0 else 255] * width * module
    quiet = [255] * 10 * module
    return np.tile(np.array(quiet + row + quiet, np.uint8), (height, 1))
