"""`nudges` as a PM reads it: what goes out in the next two weeks and about what, what a pause
holds back and until when, what is turned off, the project's days off, what was not delivered
this past week, and a closed project's silence."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.nudges.model import NudgeKind, Occurrence, OutboxStatus, ProjectNudges
from tests.core.conftest import CHANNEL, Studio, make_studio
from tests.core.test_history_data import machine_in_shanghai  # noqa: F401  # a fixture


async def test_the_coming_nudges_name_what_they_are_about(studio: Studio) -> None:
    await studio.say("paula", 'milestone add "Concepts" due 2026-12-03')
    await studio.say("cleo", "issue Login page is blank critical")
    assert (await studio.text("paula", "nudges")).splitlines() == [
        "Nudges for Acme rebrand:",
        "• Fri 27 Nov, 2:00\u202fPM · issue escalation IS-1",
        "• Mon 30 Nov, 9:30\u202fAM · weekly digest",
        "• Tue 1 Dec, 9:30\u202fAM · milestone due soon M-1",
        # Due on Thursday 3rd: the PMs hear it is late on the Friday, and a week later.
        "• Fri 4 Dec, 9:30\u202fAM · overdue milestone M-1",
        "• Mon 7 Dec, 9:30\u202fAM · weekly digest",
        "• Fri 11 Dec, 9:30\u202fAM · overdue milestone M-1",
        "Escalations go to each PM directly.",
    ]


async def test_a_pause_holds_back_only_what_falls_due_before_it_ends(studio: Studio) -> None:
    await studio.say("paula", 'milestone add "Concepts" due 2026-12-03')
    for line in ("nudges off feedback_waiting", "nudges off due_soon", "nudges country DE",
                 "nudges holiday 2026-12-24", "nudges pause until 2026-12-02"):  # fmt: skip
        assert (await studio.say("paula", line)).ok, line
    assert (await studio.text("paula", "nudges")).splitlines() == [
        "Nudges for Acme rebrand:",
        "Nudges are paused; they start again on Wed 2 Dec.",
        "• Fri 4 Dec, 9:30\u202fAM · overdue milestone M-1",
        "• Mon 7 Dec, 9:30\u202fAM · weekly digest",
        "• Fri 11 Dec, 9:30\u202fAM · overdue milestone M-1",
        "Escalations go to each PM directly.",
        "Turned off: feedback reminder, milestone due soon",
        "Holidays: DE; own days off: Thu 24 Dec",
    ]


async def test_days_off_without_a_country_or_a_country_without_days_off() -> None:
    own_only, country_only = await make_studio(), await make_studio()
    await own_only.say("paula", "nudges holiday 2026-12-24")
    assert "Holidays: —; own days off: Thu 24 Dec" in await own_only.text("paula", "nudges")
    await country_only.say("paula", "nudges country CN")
    assert "Holidays: CN; own days off: —" in await country_only.text("paula", "nudges")


async def test_what_was_not_delivered_this_past_week_is_listed(studio: Studio) -> None:
    [project] = studio.tables.projects.values()
    now = studio.clock.now()
    late = {
        OutboxStatus.MISSED: now - timedelta(days=3),
        OutboxStatus.FAILED: now - timedelta(days=1),
        OutboxStatus.SENT: now - timedelta(days=2),
    }
    async with studio.database() as work:
        for status, due in late.items():
            digest = Occurrence(kind=NudgeKind.DIGEST, project_id=project.id, target=CHANNEL,
                                due_at=due)  # fmt: skip
            await work.nudges.add([digest], status=status, at=now, not_before=now)
        older = Occurrence(kind=NudgeKind.FEEDBACK_WAITING, project_id=project.id,
                           target=CHANNEL, due_at=now - timedelta(days=7, hours=12))  # fmt: skip
        await work.nudges.add([older], status=OutboxStatus.MISSED, at=now, not_before=now)
        await work.commit()
    await studio.say("paula", "nudges pause")
    assert (await studio.text("paula", "nudges")).splitlines() == [
        "Nudges for Acme rebrand:",
        "Nudges are paused until someone types “nudges resume”.",
        "Nothing in the next two weeks.",
        "Escalations go to each PM directly.",
        "Not delivered (missed): weekly digest due Tue 24 Nov, 10:00\u202fAM",
        "Not delivered (failed): weekly digest due Thu 26 Nov, 10:00\u202fAM",
    ]


async def test_a_closed_project_says_it_sends_nothing(studio: Studio) -> None:
    assert (await studio.say("paula", "project close")).ok
    assert (await studio.text("paula", "nudges")).splitlines() == [
        "Nudges for Acme rebrand:",
        "acme is closed: it sends no nudges until a PM reopens it.",
        "Escalations go to each PM directly.",
    ]


async def test_a_pause_is_audited_as_the_instant_it_ends_in_utc(
    studio: Studio,
    machine_in_shanghai: None,  # noqa: F811
) -> None:
    await studio.say("paula", "nudges pause until 2026-12-02")
    await studio.say("paula", "nudges pause")
    paused = [e.detail for e in studio.tables.audit if e.action == "nudges.paused"]
    assert paused == [{"until": "2026-12-02T00:00:00+00:00"}, {"until": ""}]


async def test_a_pause_that_ends_within_a_day_says_when(studio: Studio) -> None:
    [project] = studio.tables.projects.values()
    ends = datetime(2026, 12, 2, 15, tzinfo=UTC)
    studio.tables.nudge_settings[project.id] = ProjectNudges(
        project_id=project.id, paused=True, paused_until=ends
    )
    shown = (await studio.text("paula", "nudges")).splitlines()
    assert shown[1] == "Nudges are paused until Wed 2 Dec, 3:00\u202fPM."


async def test_a_pm_turns_the_overdue_nudge_off_and_on_in_either_language(studio: Studio) -> None:
    await studio.say("paula", 'milestone add "Concepts" due 2026-12-03')
    assert (await studio.say("paula", "nudges off overdue")).ok
    shown = (await studio.text("paula", "nudges")).splitlines()
    assert not any(line.startswith("•") and "overdue milestone" in line for line in shown)
    assert "Turned off: overdue milestone" in shown
    assert (await studio.say("paula", "提醒 开 逾期提醒")).ok
    assert (
        "• Fri 4 Dec, 9:30\u202fAM · overdue milestone M-1"
        in (await studio.text("paula", "nudges")).splitlines()
    )
