"""Which ID card reader this kiosk uses, from the environment: the vendor library, or a file a vendor tool writes.

Settings.idcard_library (FLOORHR_IDCARD_LIBRARY) names the SDT library (app.onboarding.idcard.VendorLibraryReader). Settings.idcard_file (FLOORHR_IDCARD_FILE) names the
text block file that many readers' bundled tools write when a card is placed (the "wz.txt" of the SDT tools);
it is consumed when read, so the next worker never sees the last one's card. Neither: keying in still works.
"""

from __future__ import annotations

import os
from pathlib import Path

from app.onboarding.idcard import CardReader, VendorLibraryReader
from app.settings import Settings


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


def configured_reader(settings: Settings) -> CardReader | None:
    if settings.idcard_library:
        return VendorLibraryReader(settings.idcard_library)
    if settings.idcard_file:
        return BlockFileReader(settings.idcard_file)
    return None
