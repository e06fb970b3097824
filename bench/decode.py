"""Decoder benchmark: floorhr's cascade against zxing-cpp, pyzbar and OpenCV alone, same run, same images.

    .venv/bin/python bench/decode.py [--corpus DIR] [--count 100] [--seed 7] [--repeat 1] [--stages]

Sets: every folder of the photo corpus (../shared/corpus/zxing: NAME.png/jpg with the expected text in
NAME.txt; a folder named falsepositives* holds images with no code), the hard synthetic kiosk frames in
tests/kiosk/frames, and --count held-out 1280x720 kiosk-camera frames made reproducibly from --seed:
floorhr QR badges (FHR1 payloads) and Code 128 legacy cards at random size, rotation and perspective,
on a cluttered background, with blur, noise, uneven light and JPEG compression (ranges fixed before
the decoder was measured on them). Per set and in total, per reader: the decode rate (the expected
text and nothing else; on a false-positive set, nothing), the false positives (an image without a
code that gave a text, or a wrong text), and the median and p95 ms per image (each image's fastest of
--repeat runs). "floorhr" is kiosk/decode.decode as `floorhr decode` runs it on a photo; "floorhr
camera" is the camera loop's call (badge-shaped reads end the search, 60 ms budget), shown on the
sets of camera-sized frames (the corpus photos carry URLs and such, which a kiosk would not stop at).
"corpus degraded" is each corpus photo with a code made harder once (defocus, smaller, motion blur,
dim and noisy, glare, turned 25-40 degrees), reproducibly from --seed.
--stages adds, per set, how many images each stage of the cascade read (the first stage that read
them; #N: which of its views): one that reads none anywhere is a candidate to drop. --zxing-options adds
zxing-cpp on our symbologies with each of its search options switched off, to choose them.
"""

from __future__ import annotations

import argparse
import io
import statistics
import string
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np
import segno
import zxingcpp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kiosk.code128 import draw_b  # noqa: E402
from kiosk.decode import ZXING_FORMATS, camera_decode, decode, decode_traced  # noqa: E402

FRAMES = ROOT / "tests" / "kiosk" / "frames"


WIDTH, HEIGHT = 1280, 720


def _badge_text(rng: np.random.Generator) -> str:
    code = "".join(rng.choice(list(string.ascii_uppercase))) + "".join(rng.choice(list(string.digits), 4))
    mac = "".join(rng.choice(list("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), 16))
    return f"FHR1.{code}.{int(rng.integers(1, 9))}.{mac}"


def _qr(text: str, module: int) -> np.ndarray:
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=module, border=4)
    return cv2.imdecode(np.frombuffer(buffer.getvalue(), np.uint8), cv2.IMREAD_GRAYSCALE)


def _scene(rng: np.random.Generator, symbol: np.ndarray) -> np.ndarray:
    frame = np.full((HEIGHT, WIDTH), int(rng.integers(90, 200)), np.uint8)
    for _ in range(int(rng.integers(5, 15))):  # clutter: boxes and text on the bench behind the badge
        x, y = int(rng.integers(0, WIDTH)), int(rng.integers(0, HEIGHT))
        cv2.rectangle(
            frame,
            (x, y),
            (x + int(rng.integers(20, 300)), y + int(rng.integers(20, 200))),
            int(rng.integers(0, 255)),
            int(rng.integers(-1, 4)) or 1,
        )
        cv2.putText(
            frame,
            "".join(rng.choice(list(string.ascii_letters), 8)),
            (x, y),
            cv2.FONT_HERSHEY_SIMPLEX,
            float(rng.uniform(0.5, 2)),
            int(rng.integers(0, 255)),
            2,
        )
    card = cv2.copyMakeBorder(symbol, 20, 20, 20, 20, cv2.BORDER_CONSTANT, value=250)
    h, w = card.shape
    scale = min(1.0, 0.8 * HEIGHT / max(h, w))
    h, w = int(h * scale), int(w * scale)
    card = cv2.resize(card, (w, h), interpolation=cv2.INTER_AREA)
    # A card held at an angle: a random rotation plus a perspective tilt of up to 20% of its size.
    source = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    jitter = rng.uniform(-0.2, 0.2, (4, 2)) * [w, h]
    angle = np.deg2rad(rng.uniform(0, 360))
    rotation = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    centre = np.array([rng.uniform(0.35, 0.65) * WIDTH, rng.uniform(0.35, 0.65) * HEIGHT])
    target = ((source + jitter - [w / 2, h / 2]) @ rotation.T + centre).astype(np.float32)
    warp = cv2.getPerspectiveTransform(source, target)
    mask = cv2.warpPerspective(np.full((h, w), 255, np.uint8), warp, (WIDTH, HEIGHT))
    placed = cv2.warpPerspective(card, warp, (WIDTH, HEIGHT))
    frame = np.where(mask > 0, placed, frame).astype(np.float32)
    # Uneven light, blur, sensor noise, then the camera's JPEG.
    gradient = np.linspace(rng.uniform(0.5, 1.0), rng.uniform(0.9, 1.3), WIDTH)[None, :]
    frame = frame * gradient
    sigma = float(rng.uniform(0, 2.0))
    if sigma > 0.3:
        frame = cv2.GaussianBlur(frame, (0, 0), sigma)
    frame = np.clip(frame + rng.normal(0, rng.uniform(2, 12), frame.shape), 0, 255).astype(np.uint8)
    ok, jpeg = cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(30, 90))])
    return cv2.imdecode(jpeg, cv2.IMREAD_GRAYSCALE)


def held_out(count: int, seed: int) -> list[tuple[np.ndarray, str]]:
    rng = np.random.default_rng(seed)
    photos = []
    for index in range(count):
        if index % 4 == 3:
            text = f"{int(rng.integers(10_000_000, 99_999_999))}"
            symbol = draw_b(text, int(rng.integers(2, 5)), int(rng.integers(60, 160)))
        else:
            text = _badge_text(rng)
            symbol = _qr(text, int(rng.integers(3, 9)))
        photos.append((_scene(rng, symbol), text))
    return photos


def from_folder(folder: Path) -> list[tuple[np.ndarray, str | None]]:
    """The images of a folder with their expected texts (None: an image without a code)."""
    photos = []
    empty = folder.name.startswith("falsepositives")
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in (".png", ".jpg", ".jpeg", ".gif"):
            continue
        expected = path.with_suffix(".txt")
        image = cv2.imread(str(path), cv2.IMREAD_GRAYSCALE)
        if image is not None and (empty or expected.exists()):
            photos.append((image, None if empty else expected.read_bytes().decode("utf-8")))
    return photos


def _degraded(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A corpus photo made harder in one of six ways a phone or kiosk camera adds, then JPEG'd: defocus,
    a smaller code, motion blur, dim light with noise, a glare spot, a 25-40 degree turn with perspective."""
    kind, image = int(rng.integers(0, 6)), image.astype(np.float32)
    height, width = image.shape
    if kind == 0:
        image = cv2.GaussianBlur(image, (0, 0), float(rng.uniform(1.5, 3.5)))
    elif kind == 1:
        scale = float(rng.uniform(0.3, 0.5))
        image = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    elif kind == 2:
        length = int(rng.integers(5, 13))
        kernel = np.zeros((length, length), np.float32)
        kernel[length // 2, :] = 1
        turn = cv2.getRotationMatrix2D((length / 2 - 0.5, length / 2 - 0.5), float(rng.uniform(0, 180)), 1)
        kernel = cv2.warpAffine(kernel, turn, (length, length))
        image = cv2.filter2D(image, -1, kernel / kernel.sum())
    elif kind == 3:
        image = image * float(rng.uniform(0.15, 0.35)) + 10 + rng.normal(0, 4, image.shape)
    elif kind == 4:
        cy, cx, radius = rng.uniform(0.2, 0.8) * height, rng.uniform(0.2, 0.8) * width, rng.uniform(0.15, 0.35)
        yy, xx = np.mgrid[0:height, 0:width]
        spot = np.exp(-((yy - cy) ** 2 + (xx - cx) ** 2) / (2 * (radius * max(height, width)) ** 2))
        image = image + 255 * float(rng.uniform(0.6, 1.0)) * spot
    else:
        corners = np.float32([[0, 0], [width, 0], [width, height], [0, height]])
        moved = (corners + rng.uniform(-0.12, 0.12, (4, 2)) * [width, height]).astype(np.float32)
        image = cv2.warpPerspective(
            image, cv2.getPerspectiveTransform(corners, moved), (width, height), borderValue=200
        )
        turn = cv2.getRotationMatrix2D((width / 2, height / 2), float(rng.choice([-1, 1]) * rng.uniform(25, 40)), 1)
        image = cv2.warpAffine(image, turn, (width, height), borderValue=255)
    image = np.clip(image, 0, 255).astype(np.uint8)
    jpeg = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(40, 90))])[1]
    return cv2.imdecode(jpeg, cv2.IMREAD_GRAYSCALE)


def degraded(sets: dict[str, list], seed: int) -> list[tuple[np.ndarray, str | None]]:
    """Each photo with a code of the corpus, made harder once (_degraded), reproducibly from the seed."""
    rng = np.random.default_rng(seed)
    return [
        (_degraded(image, rng), expected)
        for photos in sets.values()
        for image, expected in photos
        if expected is not None
    ]


def _corpus() -> Path:
    for path in (ROOT.parent / "shared" / "corpus" / "zxing", Path("/work/shared/corpus/zxing")):
        if path.is_dir():
            return path
    return ROOT.parent / "shared" / "corpus" / "zxing"


def _pyzbar(image: np.ndarray) -> list[str]:
    from pyzbar import pyzbar

    return [result.data.decode("utf-8", "replace") for result in pyzbar.decode(image)]


_detector = cv2.QRCodeDetector()


def _opencv(image: np.ndarray) -> list[str]:
    text, _, _ = _detector.detectAndDecode(image)
    return [text] if text else []


def _zxing(image: np.ndarray, **options) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(image, **options)]


READERS: dict[str, Callable[[np.ndarray], list[str]]] = {
    "floorhr": lambda image: [symbol.text for symbol in decode(image)],
    "floorhr camera": lambda image: [symbol.text for symbol in camera_decode(image)],
    "zxing-cpp": _zxing,
    "pyzbar": _pyzbar,
    "OpenCV": _opencv,
}
ZXING_OPTIONS = {  # our symbologies only, then each search option switched off (--stages)
    "zxing ours": {"formats": ZXING_FORMATS},
    "zxing -rotate": {"formats": ZXING_FORMATS, "try_rotate": False},
    "zxing -downscale": {"formats": ZXING_FORMATS, "try_downscale": False},
    "zxing -invert": {"formats": ZXING_FORMATS, "try_invert": False},
}


class Tally:
    def __init__(self) -> None:
        self.hits, self.false, self.count, self.times = 0, 0, 0, []

    def add(self, texts: list[str], expected: str | None, ms: float) -> None:
        self.count += 1
        self.times.append(ms)
        self.hits += texts == ([] if expected is None else [expected])
        self.false += bool(texts) and (expected is None or any(text != expected for text in texts))

    def line(self, name: str) -> str:
        times = sorted(self.times)
        p95 = times[max(0, int(np.ceil(len(times) * 0.95)) - 1)]
        return (
            f"  {name:<16} {self.hits:>4}/{self.count:<4} {100 * self.hits / self.count:6.1f}%  "
            f"false {self.false:<3} median {statistics.median(times):7.1f} ms  p95 {p95:7.1f} ms"
        )


def _timed(reader: Callable[[np.ndarray], list[str]], image: np.ndarray, repeat: int) -> tuple[list[str], float]:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        texts = reader(image)
        best = min(best, (time.perf_counter() - started) * 1000)
    return texts, best


def run_set(photos: list, readers: dict, repeat: int, totals: dict[str, Tally], stages: bool) -> None:
    read_by: Counter = Counter()
    camera = all(max(image.shape) >= 1000 for image, _ in photos)
    readers = {name: reader for name, reader in readers.items() if camera or name != "floorhr camera"}
    tallies = {name: Tally() for name in readers}
    for image, expected in photos:
        for name, reader in readers.items():
            texts, ms = _timed(reader, image, repeat)
            tallies[name].add(texts, expected, ms)
            totals.setdefault(name, Tally()).add(texts, expected, ms)
        if stages:
            traced = decode_traced(image)
            read_by[f"{traced.stage} #{traced.view}" if traced.stage else "nothing"] += 1
    for name, tally in tallies.items():
        print(tally.line(name))
    if stages:
        print("  read by stage:", ", ".join(f"{stage} {count}" for stage, count in read_by.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=_corpus())
    parser.add_argument("--count", type=int, default=100, help="held-out camera frames (0: none)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=1, help="runs per image; the fastest counts")
    parser.add_argument("--stages", action="store_true", help="which stage and view of the cascade read each image")
    parser.add_argument("--zxing-options", action="store_true", help="zxing-cpp with each search option off")
    parser.add_argument("--only", help="only the sets whose name contains this")
    args = parser.parse_args()
    sets = {folder.name: from_folder(folder) for folder in sorted(args.corpus.iterdir()) if folder.is_dir()}
    sets[f"corpus degraded (seed {args.seed})"] = degraded(sets, args.seed)
    sets["kiosk frames"] = from_folder(FRAMES) if FRAMES.is_dir() else []
    if args.count:
        sets[f"held-out (seed {args.seed})"] = held_out(args.count, args.seed)
    readers = dict(READERS)
    if args.zxing_options:
        readers.update({name: (lambda image, o=options: _zxing(image, **o)) for name, options in ZXING_OPTIONS.items()})
    totals: dict[str, Tally] = {}
    for name, photos in sets.items():
        if photos and (not args.only or args.only in name):
            print(f"{name} ({len(photos)} images)")
            run_set(photos, readers, args.repeat, totals, args.stages)
    print("total")
    for name, tally in totals.items():
        print(tally.line(name))


if __name__ == "__main__":
    main()
