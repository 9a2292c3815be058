"""A project's nudge calendar: working days, holidays (country and own) and quiet hours."""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays as holiday_calendars

_HORIZON_DAYS = 400  # a calendar with no allowed moment in a year is a configuration error


@functools.cache
def _country(code: str) -> holiday_calendars.HolidayBase:
    return holiday_calendars.country_holidays(code)


def is_known_country(code: str) -> bool:
    """Whether the `holidays` package has a calendar for this ISO country code."""
    return code.upper() in holiday_calendars.list_supported_countries()


@dataclass(frozen=True, kw_only=True)
class NudgeCalendar:
    """When the bot may speak on its own for one project, in the project's time zone."""

    timezone: str
    working_days: tuple[int, ...] = (0, 1, 2, 3, 4)
    quiet_start: time = time(20, 0)
    quiet_end: time = time(8, 0)
    country: str = ""
    own_holidays: frozenset[date] = frozenset()

    def in_zone(self, timezone: str) -> NudgeCalendar:
        """The same days and quiet hours read on another clock (a recipient's own zone for a
        direct message); unchanged when `timezone` is unknown ("")."""
        return replace(self, timezone=timezone) if timezone else self

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.zone)

    def at(self, day: date, wall: time) -> datetime:
        """`wall` o'clock on `day` in the project's zone, as UTC (a time skipped by DST lands
        just after the gap, as zoneinfo reads it)."""
        return datetime.combine(day, wall, tzinfo=self.zone).astimezone(UTC)

    def is_working_day(self, day: date) -> bool:
        """A working weekday that is no holiday, or a weekend the country works (CN's 调休)."""
        if day in self.own_holidays:
            return False
        if self.country:
            calendar = _country(self.country.upper())
            if day in calendar:  # also fills the year's adjusted working weekends
                return False
            if day in getattr(calendar, "weekend_workdays", ()):
                return True
        return day.weekday() in self.working_days

    def is_quiet(self, wall: time) -> bool:
        if self.quiet_start == self.quiet_end:
            return False
        if self.quiet_start > self.quiet_end:  # overnight, e.g. 20:00–08:00
            return wall >= self.quiet_start or wall < self.quiet_end
        return self.quiet_start <= wall < self.quiet_end

    def allows(self, moment: datetime) -> bool:
        local = self.local(moment)
        return self.is_working_day(local.date()) and not self.is_quiet(local.time())

    def next_allowed(self, moment: datetime, *, keep: time | None = None) -> datetime:
        """`moment` if the bot may speak then, else the first later moment it may (UTC).

        A moment on a day off moves to the next working day at `keep` o'clock (a nudge keeps
        its time of day), or when quiet hours end; one in quiet hours moves to their end.
        """
        candidate = moment.astimezone(UTC)
        for _ in range(_HORIZON_DAYS * 2):
            if self.allows(candidate):
                return candidate
            local = self.local(candidate)
            day = local.date()
            overnight = self.quiet_start > self.quiet_end
            if self.is_working_day(day) and (not overnight or local.time() < self.quiet_end):
                candidate = self.at(day, self.quiet_end)
            else:
                wall = keep if keep is not None and not self.is_quiet(keep) else self._morning()
                candidate = self.at(day + timedelta(days=1), wall)
        raise ValueError("no moment within a year when nudges are allowed")

    def _morning(self) -> time:
        # The first allowed wall time of a day: the end of overnight quiet hours, else midnight.
        return self.quiet_end if self.quiet_start > self.quiet_end else time(0, 0)

    def add_working_days(self, day: date, count: int) -> date:
        """The working day `count` working days after `day` (before it when negative)."""
        step = timedelta(days=1 if count >= 0 else -1)
        remaining = abs(count)
        for _ in range(_HORIZON_DAYS * 10):
            if remaining == 0:
                return day
            day += step
            if self.is_working_day(day):
                remaining -= 1
        raise ValueError("no working days in this calendar")

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days lie after `start` up to and including `end`."""
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            count += self.is_working_day(day)
        return count
