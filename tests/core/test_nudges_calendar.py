"""The nudge calendar: working days with a country's holidays, quiet hours, DST."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from bot.model import Project
from bot.nudges.calendar import NudgeCalendar
from bot.nudges.due import calendar_for
from bot.nudges.model import ProjectNudges
from bot.policy import Policy, base_calendar

BERLIN = NudgeCalendar(timezone="Europe/Berlin")
SHANGHAI_CN = NudgeCalendar(timezone="Asia/Shanghai", country="CN")


def berlin(*fields: int) -> datetime:
    return datetime(*fields, tzinfo=ZoneInfo("Europe/Berlin"))


def test_quiet_hours_end_at_eight_and_begin_at_eight_pm() -> None:
    assert BERLIN.next_allowed(berlin(2026, 12, 1, 21, 15)) == berlin(2026, 12, 2, 8, 0)
    assert BERLIN.next_allowed(berlin(2026, 12, 1, 3, 0)) == berlin(2026, 12, 1, 8, 0)
    assert BERLIN.next_allowed(berlin(2026, 12, 1, 19, 59)) == berlin(2026, 12, 1, 19, 59)


def test_a_weekend_moves_to_monday_keeping_the_time_of_day() -> None:
    saturday = berlin(2026, 11, 28, 9, 30)
    assert BERLIN.next_allowed(saturday, keep=time(9, 30)) == berlin(2026, 11, 30, 9, 30)
    assert BERLIN.next_allowed(saturday) == berlin(2026, 11, 30, 8, 0)


def test_china_works_some_weekends_and_rests_on_its_holidays() -> None:
    assert SHANGHAI_CN.is_working_day(date(2026, 10, 10))  # a Saturday worked for National Day
    assert not SHANGHAI_CN.is_working_day(date(2026, 10, 5))  # a Monday off
    assert SHANGHAI_CN.add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 8)
    assert not BERLIN.is_working_day(date(2026, 10, 10))


def test_own_holidays_count_as_days_off() -> None:
    studio = NudgeCalendar(timezone="Europe/Berlin", own_holidays=frozenset({date(2026, 12, 24)}))
    assert studio.add_working_days(date(2026, 12, 23), 1) == date(2026, 12, 25)
    assert studio.add_working_days(date(2026, 12, 28), -2) == date(2026, 12, 23)


def test_a_wall_time_skipped_by_dst_lands_after_the_gap() -> None:
    # 02:30 does not exist in Berlin on 29 March 2026: it is read as 03:30 summer time.
    moment = BERLIN.at(date(2026, 3, 29), time(2, 30))
    assert moment == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert moment.astimezone(ZoneInfo("Europe/Berlin")).strftime("%H:%M") == "03:30"


def test_quiet_hours_include_their_start_and_not_their_end() -> None:
    overnight, lunch = BERLIN, NudgeCalendar(timezone="Europe/Berlin", quiet_start=time(12),
                                              quiet_end=time(13))  # fmt: skip
    for calendar in (overnight, lunch):
        start, end = calendar.quiet_start, calendar.quiet_end
        assert calendar.is_quiet(start)
        assert not calendar.is_quiet(end)
        assert calendar.is_quiet(time(end.hour - 1, 59))
    assert not lunch.is_quiet(time(11, 59))
    assert not NudgeCalendar(timezone="UTC", quiet_start=time(9), quiet_end=time(9)).is_quiet(
        time(9)
    )  # no quiet hours at all


def test_a_pause_until_a_moment_ends_at_that_moment() -> None:
    until = datetime(2026, 12, 20, 8, tzinfo=UTC)
    paused = ProjectNudges(project_id=1, paused=True, paused_until=until)
    assert paused.is_paused(datetime(2026, 12, 20, 7, 59, tzinfo=UTC))
    assert not paused.is_paused(until)
    # Resumed: what fell due before the resume's instant stays held back, from it on goes out.
    resumed = ProjectNudges(project_id=1, paused=False, paused_until=until)
    assert resumed.is_paused(datetime(2026, 12, 20, 7, 59, tzinfo=UTC))
    assert not resumed.is_paused(until)


def test_a_studios_own_week_and_quiet_hours_reach_every_projects_calendar() -> None:
    policy = Policy(working_days=(6, 0, 1, 2, 3), quiet_start=time(18), quiet_end=time(9))
    studio = base_calendar(policy)
    project = Project(key="acme", name="Acme", client="Acme Co.", timezone="Asia/Dubai",
                      locale="en", revision_rounds=2)  # fmt: skip
    calendar = calendar_for(project, ProjectNudges(project_id=1, country="AE"), studio)
    assert (calendar.timezone, calendar.country) == ("Asia/Dubai", "AE")
    assert (calendar.working_days, calendar.quiet_start, calendar.quiet_end) == (
        (6, 0, 1, 2, 3), time(18), time(9)
    )  # fmt: skip
    sunday_morning = datetime(2026, 12, 6, 8, 30, tzinfo=ZoneInfo("Asia/Dubai"))
    assert calendar.next_allowed(sunday_morning) == datetime(2026, 12, 6, 5, tzinfo=UTC)
