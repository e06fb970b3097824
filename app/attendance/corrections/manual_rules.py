"""Pure rules of punches entered by hand after a kiosk outage: when they count, when real scans win.

Times are aware UTC datetimes (a manual row's in and out, the person's real punches). A manual row
stands for one shift; a real punch of the same person within MARGIN of that shift (from MARGIN before
its in to MARGIN after its out) means the kiosk did record that shift after all: the real scans win and
the manual row is superseded, so nothing is counted twice. The same test refuses a row at entry.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

MARGIN = timedelta(hours=2)
LONGEST_SHIFT = timedelta(hours=16)


def near_real_punches(in_at: datetime, out_at: datetime, real: Sequence[datetime]) -> bool:
    """Whether any real punch (sorted ascending) lies in [in_at - MARGIN, out_at + MARGIN]."""
    index = bisect_left(real, in_at - MARGIN)
    return index < len(real) and real[index] <= out_at + MARGIN


def spans_overlap(first: tuple[datetime, datetime], second: tuple[datetime, datetime]) -> bool:
    """Two shifts of one person that share some moment (touching ends do not overlap)."""
    return first[0] < second[1] and second[0] < first[1]


def counted_punches(spans: Sequence[tuple[datetime, datetime]], real: Sequence[datetime]) -> list[datetime]:
    """The person's punches for deriving days: every real punch, plus the in and out of each manual span
    that no real punch supersedes; in time order."""
    ordered = sorted(real)
    extra = [moment for span in spans if not near_real_punches(span[0], span[1], ordered) for moment in span]
    return sorted([*ordered, *extra])


def local_span(work_date: date, start: time, end: time) -> tuple[datetime, datetime]:
    """Plant-local naive in and out of a shift written as two clock times on its work date; an out at or
    before the in is on the next day (a night shift)."""
    in_at = datetime.combine(work_date, start)
    out_at = datetime.combine(work_date, end)
    if out_at <= in_at:
        out_at += timedelta(days=1)
    return in_at, out_at
