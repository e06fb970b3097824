"""Which work date each punch of a person belongs to: the pure rule the office and the kiosk share.

Times are naive plant-local datetimes, as in app.attendance.rules (RULES.md, "Working time and overtime").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, timedelta

from app.attendance.rules import MAX_OPEN_MINUTES, REACH_MINUTES, Shift, assign_work_date, is_duplicate, shift_window


def shift_in_reach(at: datetime, shifts: Mapping[date, Shift | None], reach_minutes: int = REACH_MINUTES) -> bool:
    """Whether some shift of the day before, of or after `at` is within reach of it (assign_work_date)."""
    reach = timedelta(minutes=reach_minutes)
    return any(shift is not None and shift_window(shift, day).distance(at) <= reach for day, shift in shifts.items())


def place_punches(
    times: Iterable[datetime],
    shifts_around: Callable[[datetime], Mapping[date, Shift | None]],
    max_open_minutes: int = MAX_OPEN_MINUTES,
) -> dict[date, list[datetime]]:
    """Every punch on its work date: the nearest shift within reach (assign_work_date), else its calendar date,
    except that a punch with no shift in reach closes an open IN that had none either, on the IN's date,
    when it comes within 16 hours: the pairing the kiosk made (next_punch_direction), so a worker without a
    shift who clocks in at 20:00 and out at 04:00 worked 8 hours on the day the pair started (RULES.md).

    shifts_around(at) gives the person's shifts of the day before, of and after at's date. A double scan
    (within 60 seconds of the punch before it) goes with that punch.
    """
    placed: dict[date, list[datetime]] = defaultdict(list)
    distinct: dict[date, int] = defaultdict(int)
    previous: tuple[datetime, date, bool] | None = None  # the last distinct punch, its date, placed by a shift
    for at in sorted(times):
        if previous is not None and is_duplicate(previous[0], at):
            placed[previous[1]].append(at)
            continue
        around = shifts_around(at)
        day, reached = assign_work_date(at, around), shift_in_reach(at, around)
        if (
            previous is not None
            and not reached
            and not previous[2]
            and previous[1] != day
            and distinct[previous[1]] % 2 == 1
            and at - previous[0] <= timedelta(minutes=max_open_minutes)
        ):
            day = previous[1]
        placed[day].append(at)
        distinct[day] += 1
        previous = (at, day, reached)
    return placed
