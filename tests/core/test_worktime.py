"""Working-hour deadlines in a project's own time zone, week and holidays."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.worktime import add_working_hours

BERLIN, SHANGHAI = ZoneInfo("Europe/Berlin"), ZoneInfo("Asia/Shanghai")
WEEK = {"working_days": (0, 1, 2, 3, 4), "day_start": time(9), "day_end": time(18)}


def at(zone: ZoneInfo, *parts: int) -> datetime:
    """A local wall-clock moment, handed over in UTC as the core stores it."""
    return datetime(*parts, tzinfo=zone).astimezone(UTC)


def deadline(start: datetime, hours: float, zone: ZoneInfo = BERLIN, **kw: object) -> datetime:
    result = add_working_hours(start, hours, timezone=zone.key, **{**WEEK, **kw})  # type: ignore[arg-type]
    assert result.tzinfo == UTC
    return result.astimezone(zone).replace(tzinfo=None)


def test_friday_evening_plus_two_hours_is_monday_ten() -> None:
    assert deadline(at(BERLIN, 2026, 11, 27, 17), 2) == datetime(2026, 11, 30, 10)


def test_hours_within_one_day() -> None:
    assert deadline(at(BERLIN, 2026, 11, 24, 10, 30), 4) == datetime(2026, 11, 24, 14, 30)


def test_a_deadline_that_fills_the_day_ends_at_closing_time() -> None:
    assert deadline(at(BERLIN, 2026, 11, 24, 9), 9) == datetime(2026, 11, 24, 18)


def test_a_weekend_start_counts_from_monday_morning() -> None:
    assert deadline(at(BERLIN, 2026, 11, 28, 12), 1) == datetime(2026, 11, 30, 10)


def test_a_start_before_opening_counts_from_opening() -> None:
    assert deadline(at(BERLIN, 2026, 11, 24, 6), 2) == datetime(2026, 11, 24, 11)


def test_a_night_start_counts_from_the_next_morning() -> None:
    assert deadline(at(BERLIN, 2026, 11, 24, 23), 0.5) == datetime(2026, 11, 25, 9, 30)


def test_a_holiday_is_skipped() -> None:
    christmas = frozenset({date(2026, 12, 24), date(2026, 12, 25)})
    start = at(BERLIN, 2026, 12, 23, 17)
    assert deadline(start, 4, holidays=christmas) == datetime(2026, 12, 28, 12)


def test_several_days_of_hours() -> None:
    # 72 working hours = 8 nine-hour days: Monday 09:00 → the next Wednesday at closing time.
    assert deadline(at(BERLIN, 2026, 11, 23, 9), 72) == datetime(2026, 12, 2, 18)


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        # Clocks go forward on Sunday 29 March 2026: Friday 17:00 + 2 h is Monday 10:00 CEST.
        ((2026, 3, 27, 17), datetime(2026, 3, 30, 10)),
        # Clocks go back on Sunday 25 October 2026: Friday 17:00 + 2 h is Monday 10:00 CET.
        ((2026, 10, 23, 17), datetime(2026, 10, 26, 10)),
    ],
)
def test_across_a_dst_change_the_deadline_keeps_its_local_time(
    start: tuple[int, ...], expected: datetime
) -> None:
    assert deadline(at(BERLIN, *start), 2) == expected


def test_across_dst_the_utc_instant_moves_by_the_offset() -> None:
    spring = add_working_hours(at(BERLIN, 2026, 3, 27, 17), 2, timezone="Europe/Berlin", **WEEK)
    autumn = add_working_hours(at(BERLIN, 2026, 10, 23, 17), 2, timezone="Europe/Berlin", **WEEK)
    assert spring == datetime(2026, 3, 30, 8, tzinfo=UTC)  # UTC+2
    assert autumn == datetime(2026, 10, 26, 9, tzinfo=UTC)  # UTC+1


def test_a_working_day_on_which_the_clocks_change_has_its_real_length() -> None:
    # A studio open on Sundays from midnight: 29 March 2026 has only 23 hours in Berlin.
    sunday = {"working_days": (6,), "day_start": time(0), "day_end": time(23, 59)}
    start = at(BERLIN, 2026, 3, 29, 0)
    assert deadline(start, 4, **sunday) == datetime(2026, 3, 29, 5)


def test_a_shanghai_project_counts_in_shanghai_time() -> None:
    # 16:00 Friday in Shanghai is 08:00 UTC; the 4 working hours run 16–18 and Monday 09–11.
    start = at(SHANGHAI, 2026, 11, 27, 16)
    assert deadline(start, 4, SHANGHAI) == datetime(2026, 11, 30, 11)
    assert add_working_hours(start, 4, timezone="Asia/Shanghai", **WEEK) == datetime(
        2026, 11, 30, 3, tzinfo=UTC
    )


def test_counting_starts_at_the_next_working_moment() -> None:
    inside = at(BERLIN, 2026, 11, 24, 11)
    assert add_working_hours(inside, 0, timezone="Europe/Berlin", **WEEK) == inside
    saturday = at(BERLIN, 2026, 11, 28, 11)
    monday = add_working_hours(saturday, 0, timezone="Europe/Berlin", **WEEK)
    assert monday == at(BERLIN, 2026, 11, 30, 9)
    closing = at(BERLIN, 2026, 11, 24, 18)  # closing time is not working time any more
    assert add_working_hours(closing, 0.5, timezone="Europe/Berlin", **WEEK) == at(
        BERLIN, 2026, 11, 25, 9, 30
    )


@pytest.mark.parametrize(
    ("start", "hours", "week", "why"),
    [
        (datetime(2026, 11, 24, 9), 1, WEEK, "start must be timezone-aware"),  # which zone?
        (at(BERLIN, 2026, 11, 24, 9), -1, WEEK, "hours must be a finite number >= 0, not -1"),
        (at(BERLIN, 2026, 11, 24, 9), float("nan"), WEEK,
         "hours must be a finite number >= 0, not nan"),
        (at(BERLIN, 2026, 11, 24, 9), 1, {**WEEK, "working_days": ()},
         "no working time within ten years of start"),
        (at(BERLIN, 2026, 11, 24, 9), 1, {**WEEK, "day_end": time(8)},
         r"day_end must be after day_start \(overnight shifts are not supported\)"),
        (at(BERLIN, 2026, 11, 24, 9), 1, {**WEEK, "day_end": time(9)},  # a day of no hours
         r"day_end must be after day_start"),
    ],
)  # fmt: skip
def test_impossible_requests_are_refused(
    start: datetime, hours: float, week: dict, why: str
) -> None:
    with pytest.raises(ValueError, match=f"^{why}"):
        add_working_hours(start, hours, timezone="Europe/Berlin", **week)
