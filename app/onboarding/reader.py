"""Which ID card reader this kiosk uses, from the environment: the vendor library, or a file a vendor tool writes.

Settings.idcard_library (FLOORHR_IDCARD_LIBRARY) names the SDT library (app.onboarding.idcard.VendorLibraryReader). Settings.idcard_file (FLOORHR_IDCARD_FILE) names the
text block file that many readers' bundled tools write when a card is placed (the "wz.txt" of the SDT tools);
it is consumed when read, so the next worker never sees the last one's card. Neither: keying in still works.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from app.errors import Refused
from app.i18n import N_
from app.onboarding.idcard import CardReader, IdCardData, IdCardError, VendorLibraryReader, parse_text_block
from app.settings import Settings

NO_CARD = N_("No card on the reader. Place your ID card on the reader, or type the number in.")
NO_READER = N_("This kiosk has no card reader. Please type the number in.")


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


def read_card(settings: Settings, today: date) -> IdCardData:
    """The card on this kiosk's reader, parsed and validated; a Refused with the reason to show otherwise."""
    reader = configured_reader(settings)
    try:
        block = reader.read() if reader else None
        card = parse_text_block(block, today) if block else None
    except IdCardError as error:
        raise Refused(error.message) from error
    if card is None:
        raise Refused(NO_CARD if reader else NO_READER)
    return card
