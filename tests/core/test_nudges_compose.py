"""What a nudge says at the edges the transcripts do not reach: who is called on at each stage
and when nobody is, a digest's window and counts at their boundaries, dates read on the
project's or the reader's clock around midnight and New Year, and reminders made moot."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest

from bot.messages import Message
from bot.model import Role
from bot.nudges.calendar import NudgeCalendar
from bot.nudges.compose import compose
from bot.nudges.due import calendar_for
from bot.nudges.model import NudgeConfig, NudgeKind, Occurrence, ProjectNudges
from bot.nudges.snapshot import ProjectSnapshot, direct, load_snapshot
from tests.core.conftest import CHANNEL, Studio, make_studio, person
from tests.core.test_nudges_escalation_once import STUDIO_ROOM


async def snapshot(studio: Studio) -> ProjectSnapshot:
    [project] = studio.tables.projects.values()
    async with studio.database() as uow:
        snap = await load_snapshot(uow, project.id)
    assert snap is not None
    return snap


def written(
    snap: ProjectSnapshot, kind: NudgeKind, subject: dict, now: datetime, *, to=CHANNEL
) -> Message | None:
    occurrence = Occurrence(
        kind=kind, project_id=snap.project.id, target=to, due_at=now, subject=subject
    )
    cal = calendar_for(snap.project, snap.settings, NudgeCalendar(timezone="UTC"))
    return compose(occurrence, snap, NudgeConfig(), cal, now)


def text(message: Message | None) -> str:
    assert message is not None
    return message.text


def due_soon(snap: ProjectSnapshot, ref: str, now: datetime) -> str:
    [m] = [m for m in snap.milestones if m.ref == ref]
    subject = {"milestone": m.id, "due": m.due_date.isoformat()}
    return text(written(snap, NudgeKind.DUE_SOON, subject, now))


def without(snap: ProjectSnapshot, *roles: Role) -> ProjectSnapshot:
    return replace(snap, members=tuple(m for m in snap.members if m.role not in roles))


async def test_a_due_soon_reminder_calls_on_whoever_holds_the_milestone_at_each_stage(
    studio: Studio,
) -> None:
    await studio.say("paula", 'milestone add "Concepts" due 2026-12-01')
    now = studio.clock.now()
    assert due_soon(await snapshot(studio), "M-1", now) == (
        "Reminder: M-1 “Concepts” is due on Tue 1 Dec. Over to @Dan, @Paula."
    )
    await studio.say("dan", "submit M-1 routes")
    assert due_soon(await snapshot(studio), "M-1", now).endswith("Over to @Paula.")
    await studio.say("paula", "approve M-1")
    assert due_soon(await snapshot(studio), "M-1", now).endswith("Over to @Ava.")


async def test_a_due_soon_reminder_with_nobody_to_call_on_is_over_to_the_team(
    studio: Studio,
) -> None:
    await studio.say("paula", 'milestone add "Concepts" due 2026-12-01')
    lonely = without(await snapshot(studio), Role.PM, Role.DESIGNER)
    assert due_soon(lonely, "M-1", studio.clock.now()).endswith("Over to the team.")


async def test_a_feedback_reminder_cuts_long_feedback_and_calls_on_the_team_if_nobody_else(
    studio: Studio,
) -> None:
    long = "The blue of the header is far too cold for a bakery and reads as a bank; " * 2
    await studio.say("cleo", f"feedback {long.strip()}")
    studio.clock.advance(days=7)
    snap = await snapshot(studio)
    reminder = text(written(snap, NudgeKind.FEEDBACK_WAITING, {}, studio.clock.now()))
    assert reminder.splitlines() == [
        "1 feedback items have waited more than 3 working days. Over to @Dan, @Paula.",
        "FB-1 " + long[:80],
    ]
    lonely = without(snap, Role.PM, Role.DESIGNER)
    reminder = text(written(lonely, NudgeKind.FEEDBACK_WAITING, {}, studio.clock.now()))
    assert reminder.splitlines()[0].endswith("Over to the team.")


async def test_a_review_reminder_for_a_replaced_version_is_not_sent(studio: Studio) -> None:
    await studio.say("paula", 'milestone add "Concepts" due 2026-12-20')
    await studio.say("dan", "submit M-1 routes")
    await studio.say("paula", "approve M-1")
    [m] = (await snapshot(studio)).milestones
    first = {"milestone": m.id, "version": 1, "round": 1}
    assert "Reply “approve M-1”" in text(
        written(await snapshot(studio), NudgeKind.REVIEW_WAITING, first, studio.clock.now())
    )
    # Ava asks for changes and v2 reaches her again: she owes a decision, but on v2; v1's
    # reminder has nothing left to ask.
    await studio.say("ava", "changes M-1 bigger logo")
    await studio.say("dan", "submit M-1 bigger logo")
    await studio.say("paula", "approve M-1")
    snap = await snapshot(studio)
    assert [(m.version, [o.person.display_name for o in snap.owing(m)])
            for m in snap.milestones] == [(2, ["Ava"])]  # fmt: skip
    assert written(snap, NudgeKind.REVIEW_WAITING, first, studio.clock.now()) is None


async def test_an_escalation_in_the_studio_channel_mentions_each_pm(studio: Studio) -> None:
    await studio.say("cleo", "issue Login page is blank critical")
    studio.clock.advance(hours=5)
    snap = await snapshot(studio)
    settings = ProjectNudges(project_id=snap.project.id, escalate_to=STUDIO_ROOM)
    snap = replace(snap, settings=settings)
    [issue] = snap.issues
    message = written(snap, NudgeKind.ISSUE_OVERDUE, {"issue": issue.id}, studio.clock.now(),
                      to=STUDIO_ROOM)  # fmt: skip
    assert message is not None and message.text.endswith("For @Paula.")
    assert [called.identity for called in message.mentions] == [person("paula")]


async def test_a_pm_reads_an_escalation_on_their_own_clock(studio: Studio) -> None:
    await studio.say("cleo", "issue Login page is blank critical")
    studio.clock.advance(hours=5)
    snap = await snapshot(studio)
    [issue] = snap.issues
    [paula] = snap.people(Role.PM)
    in_tokyo = replace(paula, person=replace(paula.person, timezone="Asia/Tokyo"))
    snap = replace(snap, members=tuple(in_tokyo if m is paula else m for m in snap.members))
    to_paula = written(snap, NudgeKind.ISSUE_OVERDUE, {"issue": issue.id}, studio.clock.now(),
                       to=direct(paula.person.identity))  # fmt: skip
    # Raised on Friday 10:00 UTC, acknowledged within 4 working hours: 14:00 UTC, 23:00 in Tokyo.
    assert "was not acknowledged by Fri 27 Nov, 11:00\u202fPM (Japan Time)" in text(to_paula)
    in_channel = written(snap, NudgeKind.ISSUE_OVERDUE, {"issue": issue.id}, studio.clock.now())
    assert "was not acknowledged by Fri 27 Nov, 2:00\u202fPM (UTC)" in text(in_channel)


async def new_years_eve_in_shanghai() -> Studio:
    """A project in Beijing time on 31 Dec at 17:00 UTC: already 1 Jan 01:00 there."""
    studio = await make_studio(timezone="Asia/Shanghai")
    studio.clock.current = datetime(2026, 12, 31, 17, tzinfo=UTC)
    return studio


async def test_dates_in_nudges_drop_the_year_by_the_projects_calendar_not_the_machines() -> None:
    studio = await new_years_eve_in_shanghai()
    await studio.say("paula", 'milestone add "Concepts" due 2027-01-04')
    assert due_soon(await snapshot(studio), "M-1", studio.clock.now()) == (
        "Reminder: M-1 “Concepts” is due on Mon 4 Jan. Over to @Dan, @Paula."
    )


async def test_an_escalation_drops_the_year_by_the_readers_calendar() -> None:
    studio = await new_years_eve_in_shanghai()
    studio.clock.current = datetime(2026, 12, 31, 3, tzinfo=UTC)  # 11:00 in Shanghai
    await studio.say("cleo", "issue Login page is blank critical")
    studio.clock.current = datetime(2026, 12, 31, 17, tzinfo=UTC)
    snap = await snapshot(studio)
    [issue] = snap.issues
    message = text(written(snap, NudgeKind.ISSUE_OVERDUE, {"issue": issue.id}, studio.clock.now()))
    # Due at 15:00 on 31 Dec in Shanghai, read there on 1 Jan: last year's date shows its year.
    assert "was not acknowledged by Thu 31 Dec 2026, 3:00\u202fPM (China Time)" in message


def digest(snap: ProjectSnapshot, now: datetime) -> dict[str, str]:
    lines = text(written(snap, NudgeKind.DIGEST, {}, now)).splitlines()[1:]
    return dict(line.split(": ", 1) for line in lines)


async def test_a_digest_counts_what_was_approved_within_its_week_ends_included(
    studio: Studio,
) -> None:
    for name in ("One", "Two", "Three"):
        await studio.say("paula", f'milestone add "{name}" due 2027-03-01')
    snap = await snapshot(studio)
    now = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)
    week_ago = now - timedelta(days=7)
    at = {"M-1": week_ago, "M-2": week_ago + timedelta(minutes=1), "M-3": now}
    by_client = {"M-1": True, "M-2": True, "M-3": False}
    snap = replace(snap, milestones=tuple(
        replace(m, approved_at=at[m.ref], signed_by_client=by_client[m.ref])
        for m in snap.milestones))  # fmt: skip
    # Approved at the previous digest's own moment: that digest told of it already. What the
    # studio alone approved is never told as the client's sign-off.
    assert digest(snap, now)["Approved since the last digest"] == (
        "M-2, M-3 (by the studio, no client sign-off)"
    )


async def test_a_digest_lists_two_weeks_ahead_on_the_projects_calendar() -> None:
    studio = await new_years_eve_in_shanghai()
    studio.clock.current = datetime(2026, 12, 30, 3, tzinfo=UTC)  # "Past" is still ahead
    for name, due in [("Past", "2026-12-31"), ("Today", "2027-01-01"), ("Last", "2027-01-15"),
                      ("Beyond", "2027-01-16")]:  # fmt: skip
        await studio.say("paula", f'milestone add "{name}" due {due}')
    studio.clock.current = datetime(2026, 12, 31, 17, tzinfo=UTC)
    listed = digest(await snapshot(studio), studio.clock.now())["Due in the next two weeks"]
    assert listed == "M-2 Today (Fri 1 Jan); M-3 Last (Fri 15 Jan)"


async def test_a_digest_counts_issues_of_one_severity_together(studio: Studio) -> None:
    await studio.say("cleo", "issue Login page is blank high")
    await studio.say("cleo", "issue fonts missing high")
    await studio.say("cleo", "issue logo blurry low")
    counts = digest(await snapshot(studio), studio.clock.now())["Open issues"]
    assert counts == "0 critical, 2 high, 0 medium, 1 low"


@pytest.mark.parametrize("locale", ["en", "zh-CN"])
async def test_a_digest_says_how_many_nudges_were_missed_only_when_some_were(locale: str) -> None:
    studio = await make_studio(locale=locale)
    snap = await snapshot(studio)
    occurrence = Occurrence(kind=NudgeKind.DIGEST, project_id=snap.project.id, target=CHANNEL,
                            due_at=studio.clock.now())  # fmt: skip
    cal = NudgeCalendar(timezone="UTC")
    quiet = text(compose(occurrence, snap, NudgeConfig(), cal, studio.clock.now()))
    missed = text(compose(occurrence, snap, NudgeConfig(), cal, studio.clock.now(), missed=3))
    assert missed.splitlines()[:-1] == quiet.splitlines()
    assert (
        missed.splitlines()[-1]
        == {
            "en": "Nudges missed while the bot was down: 3",
            "zh-CN": "系统暂停期间未发出的提醒：3",
        }[locale]
    )


def test_after_a_day_off_the_day_starts_at_midnight_without_overnight_quiet_hours() -> None:
    saturday = datetime(2026, 12, 5, 10, tzinfo=UTC)
    monday = date(2026, 12, 7)
    lunch = NudgeCalendar(timezone="UTC", quiet_start=time(12), quiet_end=time(14))
    assert lunch.next_allowed(saturday) == datetime.combine(monday, time(0), tzinfo=UTC)
    # A kept time inside the quiet hours is not kept: the day's first allowed minute is.
    assert lunch.next_allowed(saturday, keep=time(12, 30)) == datetime(2026, 12, 7, tzinfo=UTC)
    never_quiet = NudgeCalendar(timezone="UTC", quiet_start=time(9), quiet_end=time(9))
    assert never_quiet.next_allowed(saturday) == datetime(2026, 12, 7, tzinfo=UTC)
    overnight = NudgeCalendar(timezone="UTC")
    assert overnight.next_allowed(saturday) == datetime(2026, 12, 7, 8, tzinfo=UTC)
