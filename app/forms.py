"""Form fields every capability parses the same way: dates, whole numbers, money in fen, a month.

Each parser takes the submitted text and returns the value, or raises Refused with a message in the
user's language, naming the field, so a route re-renders the form with that message and changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from app.errors import Refused
from app.i18n import N_

DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d")
MAX_FEN = 10**12  # ten billion yuan: anything above is a typing mistake, and keeps integers in range
_MONEY = re.compile(r"^-?\d{1,10}(\.\d{1,2})?$")


def parse_date(text: str | None) -> date | None:
    """2026-03-07, 2026/03/07 or 2026.03.07; None when empty or unreadable."""
    text = (text or "").strip()
    for form in DATE_FORMATS:
        try:
            return datetime.strptime(text, form).date()
        except ValueError:
            continue
    return None


def parse_int(text: str | None) -> int | None:
    """A whole number typed in ASCII digits, at most 9 of them (it fits PostgreSQL's integer, so an id or a count
    from a form never overflows a query); None when empty or anything else. Not str.isdigit(): it accepts "²" and
    "①", which int() then refuses with a ValueError (a 500)."""
    text = (text or "").strip()
    return int(text) if re.fullmatch(r"[0-9]{1,9}", text) else None


def date_field(text: str | None, field: str, required: bool = True) -> date | None:
    value = parse_date(text)
    if value is None and ((text or "").strip() or required):
        raise Refused(N_("Enter a date as YYYY-MM-DD."), field=field)
    return value


def int_field(
    text: str | None, field: str, minimum: int = 0, maximum: int = 10**9, required: bool = True
) -> int | None:
    text = (text or "").strip()
    if not text and not required:
        return None
    if not re.fullmatch(r"-?\d{1,12}", text) or not minimum <= int(text) <= maximum:
        raise Refused(
            N_("Enter a whole number from %(minimum)s to %(maximum)s."), field=field, minimum=minimum, maximum=maximum
        )
    return int(text)


def money_field(text: str | None, field: str, allow_negative: bool = False, required: bool = True) -> int | None:
    """Yuan as typed (1,234.5 or ¥1234.50) to integer fen; no float ever touches the amount."""
    text = (text or "").strip().replace(",", "").replace("，", "").lstrip("¥￥")
    if not text and not required:
        return None
    if not _MONEY.match(text) or (text.startswith("-") and not allow_negative):
        raise Refused(N_("Enter an amount in yuan, e.g. 1234.50."), field=field)
    sign = -1 if text.startswith("-") else 1
    whole, _, cents = text.lstrip("-").partition(".")
    fen = sign * (int(whole) * 100 + int((cents + "00")[:2]))
    if abs(fen) > MAX_FEN:
        raise Refused(N_("Enter an amount in yuan, e.g. 1234.50."), field=field)
    return fen


def percent_field(text: str | None, field: str, maximum: int = 100) -> int:
    """A rate typed as a percent with up to 3 decimals ('8', '0.5', '12.125') in thousandths of a percent."""
    text = (text or "").strip().rstrip("%％")
    if not re.fullmatch(r"\d{1,3}(\.\d{1,3})?", text) or float(text) > maximum:
        raise Refused(N_("Enter a percent from 0 to %(maximum)s, e.g. 0.5."), field=field, maximum=maximum)
    whole, _, part = text.partition(".")
    return int(whole) * 1000 + int((part + "000")[:3])


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month: the unit of pay periods, contributions, tax and attendance months."""

    year: int
    month: int

    @classmethod
    def parse(cls, text: str | None, field: str = "month") -> Month:
        match = re.fullmatch(r"(\d{4})-(\d{1,2})", (text or "").strip())
        if not match or not 1 <= int(match.group(2)) <= 12 or not 1900 <= int(match.group(1)) <= 2999:
            raise Refused(N_("Enter a month as YYYY-MM."), field=field)
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    @property
    def first(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last(self) -> date:
        return self.next().first - timedelta(days=1)

    def next(self, count: int = 1) -> Month:
        index = self.year * 12 + self.month - 1 + count
        return Month(index // 12, index % 12 + 1)

    def previous(self, count: int = 1) -> Month:
        return self.next(-count)

    def days(self) -> list[date]:
        return [self.first + timedelta(days=offset) for offset in range(self.last.day)]

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"
