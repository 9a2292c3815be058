"""When and to whom the planned nudges fall due, at the edges: a PM on a clock far from the
project's gets an escalation at the same time of day on her own clock, and a review reminder
asks only the approvers who owe a decision on the version in review."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.model import Decision, DecisionKind, Platform, Role, Stage
from bot.nudges.calendar import NudgeCalendar
from bot.nudges.due import calendar_for, occurrences
from bot.nudges.model import NudgeConfig, NudgeKind
from bot.nudges.snapshot import ProjectSnapshot, direct
from tests.core.conftest import Studio, make_studio, person
from tests.core.test_nudges_compose import snapshot


def living_in(snap: ProjectSnapshot, who: str, timezone: str) -> ProjectSnapshot:
    members = tuple(
        replace(m, person=replace(m.person, timezone=timezone))
        if m.person.identity.user_id == who else m
        for m in snap.members
    )  # fmt: skip
    return replace(snap, members=members)


async def test_a_review_escalation_reaches_a_far_away_pm_at_the_same_hour_on_her_clock() -> None:
    studio = await make_studio()
    await studio.say("paula", 'milestone add "Concepts" due 2026-12-20')
    await studio.say("dan", "submit M-1 routes")
    await studio.say("paula", "approve M-1")  # Friday 27 Nov: Ava's review begins
    snap = living_in(await snapshot(studio), "paula", "Pacific/Auckland")
    cal = calendar_for(snap.project, snap.settings, NudgeCalendar(timezone="UTC"))
    now = studio.clock.now()
    found = occurrences(snap, NudgeConfig(), cal, now, now + timedelta(days=14))
    [escalation] = [o for o in found
                    if o.kind is NudgeKind.REVIEW_WAITING and o.subject["round"] == 4]  # fmt: skip
    # Reminders every 2 working days (1, 3, 7 Dec), escalated on 9 Dec at 09:30 UTC: 22:30
    # in Auckland, inside her quiet hours, so it waits for her next morning's 09:30.
    assert escalation.target == direct(person("paula"))
    assert escalation.due_at == datetime(2026, 12, 9, 20, 30, tzinfo=UTC)


async def test_a_reminder_asks_only_the_approvers_who_owe_the_version_in_review() -> None:
    studio = await make_studio(approvers=("ava", "bob"))
    await studio.say("paula", 'milestone add "Concepts" due 2026-12-20')
    await studio.say("dan", "submit M-1 routes")
    await studio.say("paula", "approve M-1")
    snap = await snapshot(studio)
    [m] = snap.milestones
    people = {member.person.identity.user_id: member.person for member in snap.members}

    def decided(who: str, version: int, stage: Stage) -> Decision:
        return Decision(milestone_id=m.id, version=version, stage=stage,
                        kind=DecisionKind.APPROVE, person=people[who], note="",
                        platform=Platform.SLACK, decided_at=studio.clock.now())  # fmt: skip

    in_review_again = replace(m, version=2)
    snap = replace(snap, milestones=(in_review_again,), decisions={m.id: (
        decided("ava", 1, Stage.CLIENT),  # on the version replaced: she owes v2
        decided("bob", 2, Stage.CLIENT),
        decided("paula", 2, Stage.PM),
    )})  # fmt: skip
    assert [o.person.display_name for o in snap.owing(in_review_again)] == ["Ava"]
    at_pm_stage = replace(in_review_again, stage=Stage.PM)
    assert snap.owing(at_pm_stage) == []
    assert [a.person.display_name for a in snap.people(Role.APPROVER)] == ["Ava", "Bob"]


async def test_every_open_issue_past_its_deadline_is_escalated_whatever_comes_before_it() -> None:
    studio = await make_studio()
    await studio.say("cleo", "issue the fonts are missing critical")
    await studio.say("cleo", "issue the export is broken critical")
    await studio.say("paula", "issue ack IS-1")  # answered: no escalation for it
    snap = await snapshot(studio)
    cal = calendar_for(snap.project, snap.settings, NudgeCalendar(timezone="UTC"))
    now = studio.clock.now()
    found = occurrences(snap, NudgeConfig(), cal, now, now + timedelta(days=14))
    escalated = {o.subject["issue"] for o in found if o.kind is NudgeKind.ISSUE_OVERDUE}
    [_answered, second] = sorted(snap.issues, key=lambda i: i.number)
    assert escalated == {second.id}


async def test_a_kind_switched_off_by_the_studio_or_the_project_leaves_the_others_planned() -> None:
    studio = await make_studio()
    await studio.say("paula", 'milestone add "Concepts" due 2026-12-04')
    snap = await snapshot(studio)
    cal = calendar_for(snap.project, snap.settings, NudgeCalendar(timezone="UTC"))
    now = studio.clock.now()

    def kinds(snap: ProjectSnapshot, config: NudgeConfig) -> set[NudgeKind]:
        return {o.kind for o in occurrences(snap, config, cal, now, now + timedelta(days=14))}

    # Due on the 4th and not approved within the fortnight: late, too.
    assert kinds(snap, NudgeConfig()) == {NudgeKind.DIGEST, NudgeKind.DUE_SOON, NudgeKind.OVERDUE}
    config = NudgeConfig()
    studio_off = replace(
        config, rules={**config.rules, NudgeKind.DIGEST: replace(config.rules[NudgeKind.DIGEST],
                                                                 enabled=False)}
    )  # fmt: skip
    assert kinds(snap, studio_off) == {NudgeKind.DUE_SOON, NudgeKind.OVERDUE}
    without_digest = replace(snap.settings, disabled=frozenset({NudgeKind.DIGEST}))
    project_off = replace(snap, settings=without_digest)
    assert kinds(project_off, NudgeConfig()) == {NudgeKind.DUE_SOON, NudgeKind.OVERDUE}


async def test_a_nudge_due_on_the_first_day_of_a_planning_window_is_in_it() -> None:
    studio = await make_studio()
    await studio.say("cleo", "feedback the logo is too small")  # Friday 27 Nov
    snap = await snapshot(studio)
    cal = calendar_for(snap.project, snap.settings, NudgeCalendar(timezone="UTC"))
    # Waiting three full working days (Mon, Tue, Wed): the reminder is on Thursday's morning.
    thursday_early = datetime(2026, 12, 3, 7, tzinfo=UTC)
    window = (thursday_early, thursday_early + timedelta(hours=12))
    found = occurrences(snap, NudgeConfig(), cal, *window)
    assert [o.due_at for o in found if o.kind is NudgeKind.FEEDBACK_WAITING] == [
        datetime(2026, 12, 3, 9, 30, tzinfo=UTC)
    ]


async def test_a_due_date_reminder_moved_off_a_day_off_keeps_its_time_of_day() -> None:
    studio = await make_studio()
    await studio.say("paula", 'milestone add "Concepts" due 2026-12-05')  # a Saturday
    snap = await snapshot(studio)
    cal = calendar_for(snap.project, snap.settings, NudgeCalendar(timezone="UTC"))
    config = NudgeConfig()
    on_the_day = replace(config, rules={**config.rules, NudgeKind.DUE_SOON: replace(
        config.rules[NudgeKind.DUE_SOON], days=0)})  # fmt: skip
    now = studio.clock.now()
    found = occurrences(snap, on_the_day, cal, now, now + timedelta(days=14))
    assert [o.due_at for o in found if o.kind is NudgeKind.DUE_SOON] == [
        datetime(2026, 12, 7, 9, 30, tzinfo=UTC)  # Monday, at the reminder's own 09:30
    ]


def overdue(found: list) -> list[tuple[datetime, int]]:
    return [(o.due_at, o.subject["reminder"]) for o in found if o.kind is NudgeKind.OVERDUE]


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


async def late_milestone() -> tuple[Studio, ProjectSnapshot, NudgeCalendar]:
    """M-1 due Tue 1 Dec and never approved: told on Wed 2 Dec, then every Wednesday."""
    studio = await make_studio()
    await studio.say("paula", 'milestone add "Concepts" due 2026-12-01')
    snap = await snapshot(studio)
    return studio, snap, calendar_for(snap.project, snap.settings, NudgeCalendar(timezone="UTC"))


async def test_overdue_reminders_looked_for_weeks_late_fall_on_their_weekly_day_and_count() -> None:
    _, snap, cal = await late_milestone()
    # A pass that starts long after the due date finds the week's reminder, numbered as the
    # sixth (2, 9, 16, 23, 30 Dec, 6 Jan), whichever day of the week it looks from.
    assert overdue(occurrences(snap, NudgeConfig(), cal, utc(2027, 1, 6), utc(2027, 1, 7))) == [
        (utc(2027, 1, 6, 9, 30), 6)
    ]
    assert overdue(occurrences(snap, NudgeConfig(), cal, utc(2027, 1, 7), utc(2027, 1, 14))) == [
        (utc(2027, 1, 13, 9, 30), 7)
    ]


async def test_daily_overdue_reminders_come_every_day() -> None:
    _, snap, cal = await late_milestone()
    config = NudgeConfig()
    daily = replace(config, rules={**config.rules, NudgeKind.OVERDUE: replace(
        config.rules[NudgeKind.OVERDUE], days=1)})  # fmt: skip
    assert overdue(occurrences(snap, daily, cal, utc(2026, 12, 2), utc(2026, 12, 5))) == [
        (utc(2026, 12, 2, 9, 30), 1),
        (utc(2026, 12, 3, 9, 30), 2),
        (utc(2026, 12, 4, 9, 30), 3),
    ]


async def test_an_overdue_reminder_moved_off_a_day_off_or_out_of_a_pms_night_keeps_its_hour() -> (
    None
):
    studio, _, _ = await late_milestone()
    await studio.say("paula", "nudges holiday 2027-01-13")  # the second Wednesday's reminder
    snap = await snapshot(studio)
    cal = calendar_for(snap.project, snap.settings, NudgeCalendar(timezone="UTC"))
    assert overdue(occurrences(snap, NudgeConfig(), cal, utc(2027, 1, 12), utc(2027, 1, 15))) == [
        (utc(2027, 1, 14, 9, 30), 7)  # Thursday, at the reminder's own 09:30
    ]
    # Paula in Auckland: 09:30 UTC is 22:30 there, so hers waits for her 09:30 next morning.
    far = living_in(snap, "paula", "Pacific/Auckland")
    assert overdue(occurrences(far, NudgeConfig(), cal, utc(2027, 1, 6), utc(2027, 1, 7))) == [
        (utc(2027, 1, 6, 20, 30), 6)
    ]


def test_a_calendar_with_no_working_day_says_so() -> None:
    never = NudgeCalendar(timezone="UTC", working_days=())
    with pytest.raises(ValueError, match=r"^no moment within a year when nudges are allowed$"):
        never.next_allowed(utc(2027, 1, 6, 9, 30))


async def test_a_pm_who_is_also_an_approver_owes_nothing_while_the_studio_s_stage_is_open() -> None:
    studio = await make_studio(approvers=("ava", "paula"))
    await studio.say("paula", 'milestone add "Concepts" due 2026-12-20')
    await studio.say("dan", "submit M-1 routes")
    snap = await snapshot(studio)
    [m] = snap.milestones
    assert m.stage is Stage.PM
    assert snap.owing(m) == []  # approvers are reminded only once the client's stage is open
