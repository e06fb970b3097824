"""ID cards at the onboarding kiosk: the CardReader plug-in point, a vendor-library reader, our parser of the text block.

The reader's SDK returns a 256-byte UTF-16LE text block (RULES.md, "ID card readers"); the parser is
ours and is tested on synthetic blocks made by `build_text_block`. Every number read is validated
again with app.onboarding.rules.validate_resident_id. Typing the number in always works.
"""

from __future__ import annotations

import ctypes
import os
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Protocol

from app.onboarding.rules import validate_resident_id
from app.people.rules import Problem


def N_(s: str) -> str:
    return s  # marks a message for translation; translated where shown


TEXT_BLOCK_BYTES = 256
PHOTO_BYTES = 1024  # the WLT-format photo, decoded by the vendor's own library; not used here
# (field, first byte, byte after the last): the byte offsets of RULES.md, inclusive there, half-open here.
FIELDS = (
    ("name", 0, 30),
    ("sex", 30, 32),
    ("ethnicity", 32, 36),
    ("birth", 36, 52),
    ("address", 52, 122),
    ("id_number", 122, 158),
    ("authority", 158, 188),
    ("valid_from", 188, 204),
    ("valid_to", 204, 220),
)
LONG_TERM = "长期"  # "long-term": a card with no expiry date
SEXES = {"1": "M", "2": "F"}  # GB/T 2261.1 sex codes as the card stores them

# GB 3304 ethnicity codes, with the name as the card prints it (without 族). 97 other, 98 of foreign origin.
ETHNICITIES = dict(
    zip(
        [f"{code:02d}" for code in range(1, 57)] + ["97", "98"],
        "汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 纳西 景颇 "
        "柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 "
        "塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 其他 外国血统中国籍人士".split(),
        strict=True,
    )
)


class IdCardError(ValueError):
    """A block or a reader that cannot be used: a stable code and an English message marked for translation."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem
        self.code = problem.code
        self.message = problem.message


SHORT = Problem(
    "idcard.short_block",
    N_("The card reader sent too little data. Lift the card and place it again, or type the number in."),
)
GARBLED = Problem(
    "idcard.garbled", N_("The card could not be read cleanly. Lift the card and place it again, or type the number in.")
)
MISMATCH = Problem(
    "idcard.mismatch",
    N_(
        "The birth date or sex on the card does not match its ID number. Type the number in and check the card by hand."
    ),
)

LIBRARY_MISSING = Problem(
    "idcard.reader_library",
    N_("The ID card reader's library could not be loaded: check the kiosk's reader setting, or type the number in."),
)
LIBRARY_INTERFACE = Problem(
    "idcard.reader_interface",
    N_("The ID card reader's library is not the expected kind: it needs its own adapter. Type the number in."),
)


@dataclass(frozen=True)
class IdCardData:
    """What a resident ID card says, its number validated again."""

    name: str
    gender: str  # "M" or "F"
    ethnicity_code: str  # GB 3304, "01" 汉
    ethnicity: str | None  # the name as printed, None for a code outside GB 3304
    birth_date: date
    address: str
    id_number: str
    issuing_authority: str
    valid_from: date
    valid_to: date | None  # None for 长期 (no expiry)

    def expired_on(self, day: date) -> bool:
        """The card is valid through valid_to; expired from the day after."""
        return self.valid_to is not None and day > self.valid_to


def _fields(block: bytes) -> dict[str, str]:
    """The block's text fields, padding (spaces, NULs) stripped; a garbled field raises IdCardError."""
    fields: dict[str, str] = {}
    for name, start, stop in FIELDS:
        try:
            text = block[start:stop].decode("utf-16-le").strip(" \x00")
        except UnicodeDecodeError:  # a lone surrogate: not text
            raise IdCardError(GARBLED) from None
        if any(unicodedata.category(char).startswith("C") for char in text):  # control, unassigned, private use
            raise IdCardError(GARBLED)
        fields[name] = text
    return fields


def _card_date(text: str) -> date:
    if not re.fullmatch(r"[0-9]{8}", text):
        raise IdCardError(GARBLED)
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        raise IdCardError(GARBLED) from None


def parse_text_block(block: bytes, today: date | None = None) -> IdCardData:
    """Parse the reader's text block (at least the 220 bytes of fields; the 256-byte block or more).

    Raises IdCardError: a short or garbled block, a number that fails validate_resident_id (its code,
    e.g. "id.bad_check_char"), or a birth date or sex that disagrees with the number. today (default:
    the kiosk's date) is only used to refuse a birth date in the future.
    """
    if len(block) < FIELDS[-1][2]:
        raise IdCardError(SHORT)
    fields = _fields(block)
    if not fields["name"] or fields["sex"] not in SEXES or not re.fullmatch(r"[0-9]{2}", fields["ethnicity"]):
        raise IdCardError(GARBLED)
    check = validate_resident_id(fields["id_number"], today or date.today(), accept_legacy=False)
    if not check.ok:
        raise IdCardError(check.errors[0])
    birth_date, gender = _card_date(fields["birth"]), SEXES[fields["sex"]]
    if birth_date != check.birth_date or gender != check.gender:
        raise IdCardError(MISMATCH)
    return IdCardData(
        name=fields["name"],
        gender=gender,
        ethnicity_code=fields["ethnicity"],
        ethnicity=ETHNICITIES.get(fields["ethnicity"]),
        birth_date=birth_date,
        address=fields["address"],
        id_number=check.number,
        issuing_authority=fields["authority"],
        valid_from=_card_date(fields["valid_from"]),
        valid_to=None if fields["valid_to"] == LONG_TERM else _card_date(fields["valid_to"]),
    )


def build_text_block(
    *,
    name: str = "张三",
    sex: str = "2",
    ethnicity: str = "01",
    birth: str = "19491231",
    address: str = "北京市朝阳区某某路1号",
    id_number: str = "11010519491231002X",
    authority: str = "北京市公安局朝阳分局",
    valid_from: str = "20200101",
    valid_to: str = "长期",
) -> bytes:
    """A synthetic 256-byte text block as a reader returns it, each field space-padded (for tests)."""
    values = {
        "name": name,
        "sex": sex,
        "ethnicity": ethnicity,
        "birth": birth,
        "address": address,
        "id_number": id_number,
        "authority": authority,
        "valid_from": valid_from,
        "valid_to": valid_to,
    }
    block = bytearray(" ".encode("utf-16-le") * (TEXT_BLOCK_BYTES // 2))
    for field, start, stop in FIELDS:
        encoded = values[field].encode("utf-16-le")
        if len(encoded) > stop - start:
            raise ValueError(f"{field} is longer than its {stop - start} bytes")
        block[start : start + len(encoded)] = encoded
    return bytes(block)


# Readers -----------------------------------------------------------------------------------------


class CardReader(Protocol):
    """Anything that reads ID cards at the kiosk."""

    def read(self) -> bytes | None:
        """The text block of the card on the reader, or None when no card is there."""
        ...


class VendorLibraryReader:
    """The plug-in point on the kiosk PC: the reader vendor's shared library, loaded by path on the first read.

    Speaks the SDT interface most second-generation ID card readers ship (sdtapi.dll / libsdtapi.so):
    SDT_StartFindIDCard (0x9F: a card is there), SDT_SelectIDCard and SDT_ReadBaseMsg (0x90: done),
    port 1001 being the first USB reader. A vendor whose SDK differs gets a subclass that overrides
    read_from(library). Only "a missing library gives a clear error" can be tested without a reader.
    """

    CARD_FOUND = 0x9F
    DONE = 0x90

    def __init__(self, library_path: str | os.PathLike[str], port: int = 1001) -> None:
        self.library_path = Path(library_path)
        self.port = port
        self._library: ctypes.CDLL | None = None

    def library(self) -> ctypes.CDLL:
        if self._library is None:
            loader = getattr(ctypes, "WinDLL", None) or ctypes.CDLL  # the Windows SDKs use stdcall
            try:
                self._library = loader(str(self.library_path))
            except OSError as error:
                raise IdCardError(LIBRARY_MISSING) from error
        return self._library

    def read(self) -> bytes | None:
        try:
            return self.read_from(self.library())
        except AttributeError as error:  # the library lacks an SDT function: not this vendor's interface
            raise IdCardError(LIBRARY_INTERFACE) from error

    def read_from(self, library: ctypes.CDLL) -> bytes | None:
        scratch = ctypes.create_string_buffer(64)
        if library.SDT_StartFindIDCard(self.port, scratch, 1) != self.CARD_FOUND:
            return None
        if library.SDT_SelectIDCard(self.port, scratch, 1) != self.DONE:
            return None
        # Generous buffers: some SDKs write more than the nominal 256 + 1,024 bytes.
        text, photo = ctypes.create_string_buffer(1024), ctypes.create_string_buffer(4096)
        text_length, photo_length = ctypes.c_uint(0), ctypes.c_uint(0)
        if (
            library.SDT_ReadBaseMsg(self.port, text, ctypes.byref(text_length), photo, ctypes.byref(photo_length), 1)
            != self.DONE
        ):
            raise IdCardError(GARBLED)
        return text.raw[: min(text_length.value, len(text.raw))]
