"""Which ID card reader this kiosk uses, from the environment: the vendor library, or a file a vendor tool writes.

FLOORHR_IDCARD_LIBRARY names the SDT library (app.onboarding.idcard.VendorLibraryReader). FLOORHR_IDCARD_FILE names the
text block file that many readers' bundled tools write when a card is placed (the "wz.txt" of the SDT tools);
it is consumed when read, so the next worker never sees the last one's card. Neither: keying in still works.
"""

from __future__ import annotations

import os
from pathlib import Path

from app.onboarding.idcard import CardReader, VendorLibraryReader


class BlockFileReader:
    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)

    def read(self) -> bytes | None:
        try:
            block = self.path.read_bytes()
        except FileNotFoundError:
            return None
        self.path.unlink(missing_ok=True)
        return block


def configured_reader(environ: dict[str, str] | None = None) -> CardReader | None:
    env = os.environ if environ is None else environ
    if env.get("FLOORHR_IDCARD_LIBRARY"):
        return VendorLibraryReader(env["FLOORHR_IDCARD_LIBRARY"])
    if env.get("FLOORHR_IDCARD_FILE"):
        return BlockFileReader(env["FLOORHR_IDCARD_FILE"])
    return None
