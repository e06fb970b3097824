"""Where in a camera frame a code may be, found cheaply, so ZBar reads a few crops instead of the frame.

ZBar's time grows with the edges it meets, and a 1280x720 kiosk frame is mostly sensor noise and
clutter: reading the whole frame costs several times what reading the badge costs. A barcode or QR
code is the densest patch of strong edges in the picture, so the frame's edge density on an 8-pixel
grid, taken as blobs, points at it. The crops keep a quiet-zone margin and come lightly blurred,
which removes most of the noise ZBar would otherwise walk through.

A 1D code held at an angle and tilted in perspective needs more than a crop: ZBar scans rows and
columns only, so `rectify_bars` turns the crop until the bars stand upright and shears it until
the code's rows run level, and then one row crosses every bar.
"""

from __future__ import annotations

import cv2
import numpy as np

CELL = 8  # grid step of the density map, in pixels
EDGE = 40  # gradient strength (of a 0-255 image) that counts as an edge
DENSE = 60  # share of edge pixels in a cell, of 255, above which the cell may be part of a code
MARGIN = 3  # cells kept around a blob: the quiet zone ZBar needs
MIN_SIDE = 40  # pixels: smaller blobs are text strokes or specks, not a code a camera can read
MAX_CROPS = 3


def candidate_regions(gray: np.ndarray, limit: int = MAX_CROPS) -> tuple[np.ndarray, list[tuple[int, int, int, int]]]:
    """The lightly blurred frame and up to `limit` crops (x0, y0, x1, y1), densest edges first."""
    blurred = cv2.GaussianBlur(gray, (3, 3), 0)
    gx = cv2.convertScaleAbs(cv2.Sobel(blurred, cv2.CV_16S, 1, 0, ksize=3))
    gy = cv2.convertScaleAbs(cv2.Sobel(blurred, cv2.CV_16S, 0, 1, ksize=3))
    edges = cv2.threshold(cv2.addWeighted(gx, 0.5, gy, 0.5, 0), EDGE, 255, cv2.THRESH_BINARY)[1]
    height, width = gray.shape
    density = cv2.resize(edges, (width // CELL, height // CELL), interpolation=cv2.INTER_AREA)
    # No closing of the blobs: a code's cells touch already, and closing joins the text beside it.
    dense = cv2.threshold(density, DENSE, 255, cv2.THRESH_BINARY)[1]
    count, labels, stats, _ = cv2.connectedComponentsWithStats(dense)
    blobs = []
    for label in range(1, count):
        x, y, w, h, _ = stats[label]
        if w * CELL >= MIN_SIDE and h * CELL >= MIN_SIDE:
            blobs.append((int(density[labels == label].sum()), x, y, w, h))
    blobs.sort(reverse=True)
    crops = [
        (
            max(0, (x - MARGIN) * CELL),
            max(0, (y - MARGIN) * CELL),
            min(width, (x + w + MARGIN) * CELL),
            min(height, (y + h + MARGIN) * CELL),
        )
        for _, x, y, w, h in blobs[:limit]
    ]
    return blurred, crops


def _bar_angle(crop: np.ndarray) -> tuple[float, float]:
    """The dominant gradient direction in degrees and how much of the gradient follows it (0..1):
    near 1 for the parallel bars of a 1D code, low for a QR code or text."""
    gx = cv2.Sobel(crop, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(crop, cv2.CV_32F, 0, 1, ksize=3)
    jxx, jyy, jxy = float((gx * gx).sum()), float((gy * gy).sum()), float((gx * gy).sum())
    coherence = float(np.hypot(jxx - jyy, 2 * jxy) / (jxx + jyy + 1e-9))
    return float(np.degrees(0.5 * np.arctan2(2 * jxy, jxx - jyy))), coherence


def _rotate(image: np.ndarray, degrees: float) -> np.ndarray:
    height, width = image.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), degrees, 1.0)
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    new_width, new_height = int(height * sin + width * cos), int(height * cos + width * sin)
    matrix[0, 2] += new_width / 2 - width / 2
    matrix[1, 2] += new_height / 2 - height / 2
    return cv2.warpAffine(image, matrix, (new_width, new_height), borderValue=255)


def rectify_bars(crop: np.ndarray, min_coherence: float = 0.5) -> np.ndarray | None:
    """The band of a crop that holds a 1D code, with the bars upright and level, or None when the
    crop holds no parallel bars. The band is what ZBar reads: a few hundred pixels, not the crop."""
    angle, coherence = _bar_angle(crop)
    if coherence < min_coherence:
        return None
    upright = _rotate(crop, angle)
    # Where the vertical bar edges sit in each column: their middle row gives the slope that
    # perspective leaves (the bars' middles climb or fall across the code), their spread the height.
    edges = np.abs(cv2.Sobel(upright, cv2.CV_32F, 1, 0, ksize=3))
    edges[edges < 0.25 * float(edges.max())] = 0
    weight = edges.sum(axis=0)
    columns = np.nonzero(weight > 0.2 * weight.max())[0]
    if len(columns) < 10:
        return upright
    rows = np.arange(upright.shape[0], dtype=np.float32)[:, None]
    share = edges[:, columns] / weight[columns]
    middles = (share * rows).sum(axis=0)
    spread = float(np.sqrt((share * (rows - middles) ** 2).sum(axis=0)).mean())
    slope, intercept = np.polyfit(columns, middles, 1, w=np.sqrt(weight[columns]))
    # Shear the slope away and keep the band around the bars' middle, with a quiet zone each side.
    first, last = int(columns[0]), int(columns[-1])
    quiet = 10 + (last - first) // 8
    half = max(8.0, 1.5 * spread)
    left = max(0, first - quiet)
    right = min(upright.shape[1], last + quiet)
    top = intercept + slope * left - half  # band's top-left corner, as the shear maps it to (0, 0)
    shear = np.float32([[1, 0, -left], [-slope, 1, slope * left - top]])
    return cv2.warpAffine(upright, shear, (right - left, int(2 * half)), borderValue=255)
