"""Working time: deadlines counted in a project's working hours, in its local time zone."""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

_HORIZON_DAYS = (
    3660  # ten years: no deadline lies further off; stops a calendar with no working day
)


def add_working_hours(
    start: datetime,
    hours: float,
    *,
    timezone: str,
    working_days: tuple[int, ...],
    day_start: time,
    day_end: time,
    holidays: frozenset[date] = frozenset(),
) -> datetime:
    """The moment `hours` working hours after `start`, as an aware UTC datetime.

    Only `working_days` (Monday is 0) that are not `holidays`, between `day_start` and
    `day_end` local time in `timezone`, count. A start outside working hours counts from the
    next working moment; a deadline that uses up a day exactly ends at that day's `day_end`
    rather than at the next morning. Raises ValueError for a naive `start`, negative or
    non-finite `hours`, or a calendar without working time.
    """
    if start.tzinfo is None:
        raise ValueError("start must be timezone-aware")
    if not math.isfinite(hours) or hours < 0:
        raise ValueError(f"hours must be a finite number >= 0, not {hours!r}")
    remaining = timedelta(hours=hours)
    for opens, closes in _windows(start, timezone, working_days, day_start, day_end, holidays):
        begin = max(start, opens)
        if begin >= closes:
            continue
        if remaining <= closes - begin:
            return (begin + remaining).astimezone(UTC)
        remaining -= closes - begin
    raise ValueError("no working time within ten years of start")


def _windows(
    start: datetime,
    timezone: str,
    working_days: tuple[int, ...],
    day_start: time,
    day_end: time,
    holidays: frozenset[date],
) -> Iterator[tuple[datetime, datetime]]:
    """Each working day's opening and closing moment (UTC), from the local day of `start` on.

    The bounds are built in local wall time and only then converted, so 09:00 stays 09:00 on
    both sides of a DST change; a day that loses or gains an hour inside its working hours
    has correspondingly less or more working time, because real hours are what is counted.
    """
    if day_end <= day_start:
        raise ValueError("day_end must be after day_start (overnight shifts are not supported)")
    zone = ZoneInfo(timezone)
    day = start.astimezone(zone).date()
    for _ in range(_HORIZON_DAYS):
        if day.weekday() in working_days and day not in holidays:
            opens = datetime.combine(day, day_start, tzinfo=zone).astimezone(UTC)
            closes = datetime.combine(day, day_end, tzinfo=zone).astimezone(UTC)
            yield opens, closes
        day += timedelta(days=1)
