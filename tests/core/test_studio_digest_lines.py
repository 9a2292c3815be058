"""The studio's weekly risk digest line by line: a risk Signoff raised by itself is told as raised
by Signoff, a share is not news, a shared open risk says so, an empty section says "none" (in
English and in Chinese), the card carries the same title, sections and risks as the text, the
week runs from just after last Monday's digest up to this one, and a risk added while the digest
is being written is told by the title its event records."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.messages import Card, Field
from bot.model import Conversation
from bot.nudges.calendar import NudgeCalendar
from bot.nudges.compose import compose
from bot.nudges.due import calendar_for, occurrences
from bot.nudges.model import NudgeConfig, NudgeKind, Occurrence, OutboxStatus
from bot.nudges.snapshot import direct
from bot.nudges.studio_digest import with_risk_events
from tests.core.conftest import CHANNEL, Studio, make_studio, person
from tests.core.test_nudges_compose import snapshot
from tests.core.test_nudges_due import living_in
from tests.core.test_nudges_escalation_once import STUDIO_ROOM, send
from tests.core.test_nudges_scope import passes
from tests.core.test_risk_raising import late_milestone
from tests.core.test_studio_digest import escalate_to_the_studio_room, written
from tests.core.test_surveys import signed_off

MONDAY = datetime(2026, 12, 7, 9, tzinfo=UTC)  # a digest's hour; the project's zone is UTC
LAST_MONDAY = datetime(2026, 11, 30, 9, tzinfo=UTC)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


async def digest_text(studio: Studio, now: datetime = MONDAY) -> list[str]:
    message = await written(studio, NudgeKind.STUDIO_DIGEST, now)
    assert message is not None
    return message.text.splitlines()


async def test_a_risk_signoff_raised_by_itself_is_told_as_raised_by_signoff(
    studio: Studio,
) -> None:
    await late_milestone(studio)
    sent = await passes(studio, utc(2026, 12, 7, 12))
    [digest] = [s for s in sent if "the studio's weekly risks" in s.text]
    assert (digest.to, digest.due) == ("@paula", MONDAY)
    assert digest.text.splitlines() == [
        "Acme rebrand: the studio's weekly risks",
        "Open risks, worst first (1):",
        "RK-1 M-1 “Concepts” is running late · likelihood high, impact medium (6)",
        "Changed this week:",
        "RK-1 M-1 “Concepts” is running late: raised by Signoff",
    ]


async def test_sharing_a_risk_is_not_news_but_a_shared_open_risk_says_so(studio: Studio) -> None:
    assert (await studio.say("paula", 'risk add "Fonts licence"')).ok
    studio.clock.current = utc(2026, 12, 2, 10)
    assert (await studio.say("paula", "risk share RK-1")).ok
    assert await digest_text(studio) == [
        "Acme rebrand: the studio's weekly risks",
        "Open risks, worst first (1):",
        "RK-1 Fonts licence · likelihood medium, impact medium (4) · shared with the client",
        "Changed this week: none",
    ]


@pytest.mark.parametrize(
    ("locale", "lines"),
    [
        (
            "en",
            [
                "Acme rebrand: the studio's weekly risks",
                "Open risks, worst first (0): none",
                "Changed this week:",
                "RK-1 Fonts licence: added by Paula",
                "RK-1 Fonts licence: closed by Paula",
            ],
        ),
        (
            "zh-CN",
            [
                "Acme rebrand：工作室风险周报",
                "未关闭的风险（0 项，最严重的在前）：无",
                "本周变化：",
                "RK-1 Fonts licence：由 Paula 添加",
                "RK-1 Fonts licence：由 Paula 关闭",
            ],
        ),
    ],
)
async def test_a_week_that_closed_everything_says_none_are_open(
    locale: str, lines: list[str]
) -> None:
    studio = await make_studio(locale=locale)
    studio.clock.current = utc(2026, 12, 1, 10)
    assert (await studio.say("paula", 'risk add "Fonts licence"')).ok
    assert (await studio.say("paula", "risk close RK-1")).ok
    assert await digest_text(studio) == lines


async def test_the_card_has_the_title_the_project_the_changes_and_the_open_risks(
    studio: Studio,
) -> None:
    assert (await studio.say("paula", 'risk add "Fonts licence" impact high')).ok
    assert (await studio.say("paula", 'risk add "Printer goes bust" likelihood low')).ok
    message = await written(studio, NudgeKind.STUDIO_DIGEST, LAST_MONDAY)
    assert message is not None
    assert message.card == Card(
        title="Acme rebrand: the studio's weekly risks",
        subtitle="acme",
        fields=(
            Field(
                label="Changed this week",
                value="RK-1 Fonts licence: added by Paula\nRK-2 Printer goes bust: added by Paula",
            ),
        ),
        items=(
            "RK-1 Fonts licence · likelihood medium, impact high (6)",
            "RK-2 Printer goes bust · likelihood low, impact medium (2)",
        ),
    )
    # A week later nothing changed: the card's field says so too.
    later = await written(studio, NudgeKind.STUDIO_DIGEST, MONDAY)
    assert later is not None and later.card is not None
    assert later.card.fields == (Field(label="Changed this week", value="none"),)


async def test_the_week_starts_just_after_last_monday_s_digest_and_ends_with_this_one(
    studio: Studio,
) -> None:
    assert (await studio.say("paula", 'risk add "Fonts licence"')).ok
    studio.clock.current = LAST_MONDAY  # as last week's digest was written: told then
    assert (await studio.say("paula", "risk close RK-1")).ok
    studio.clock.current = MONDAY  # as this week's is written: told now
    assert (await studio.say("paula", "risk reopen RK-1")).ok
    assert await digest_text(studio) == [
        "Acme rebrand: the studio's weekly risks",
        "Open risks, worst first (1):",
        "RK-1 Fonts licence · likelihood medium, impact medium (4)",
        "Changed this week:",
        "RK-1 Fonts licence: reopened by Paula",
    ]
    assert (await digest_text(studio, LAST_MONDAY))[-1] == "RK-1 Fonts licence: closed by Paula"


async def test_a_risk_added_while_the_digest_is_written_is_told_by_its_recorded_title(
    studio: Studio,
) -> None:
    """The digest reads the register, then the week's audit: a risk added in between (another
    instance's turn) is not in the register it read, and is named by its event."""
    studio.clock.current = utc(2026, 12, 2, 10)
    register = await snapshot(studio)  # read before the risk was added, and closed
    assert (await studio.say("paula", 'risk add "Fonts licence"')).ok
    assert (await studio.say("paula", "risk close RK-1")).ok
    occurrence = Occurrence(
        kind=NudgeKind.STUDIO_DIGEST,
        project_id=register.project.id,
        target=direct(person("paula")),
        due_at=MONDAY,
        subject={"week": "2026-12-07"},
    )
    async with studio.database() as uow:
        snap = await with_risk_events(uow, register, occurrence, MONDAY)
    cal = calendar_for(snap.project, snap.settings, NudgeCalendar(timezone="UTC"))
    message = compose(occurrence, snap, NudgeConfig(), cal, MONDAY)
    assert message is not None
    assert message.text.splitlines() == [
        "Acme rebrand: the studio's weekly risks",
        "Open risks, worst first (0): none",
        "Changed this week:",
        "RK-1 Fonts licence: added by Paula",
        "RK-1 Fonts licence: closed by Paula",  # a close records no title: the add's is used
    ]


async def planned_for(studio: Studio, *, paula_lives_in: str = "") -> list[tuple[str, datetime]]:
    """When the studio's digests fall due from the fixture's Friday 27 November for two weeks."""
    snap = await snapshot(studio)
    if paula_lives_in:
        snap = living_in(snap, "paula", paula_lives_in)
    cal = calendar_for(snap.project, snap.settings, NudgeCalendar(timezone="UTC"))
    since = studio.clock.now()
    found = occurrences(snap, NudgeConfig(), cal, since, utc(2026, 12, 11))
    return [(o.target.channel, o.due_at) for o in found if o.kind is NudgeKind.STUDIO_DIGEST]


async def test_a_digest_due_on_a_day_off_goes_out_the_next_working_day_at_nine(
    studio: Studio,
) -> None:
    assert (await studio.say("paula", 'risk add "Fonts licence"')).ok
    assert (await studio.say("paula", "nudges holiday 2026-11-30")).ok
    assert await planned_for(studio) == [
        ("@paula", utc(2026, 12, 1, 9)),  # Tuesday at nine, not when quiet hours end at eight
        ("@paula", MONDAY),
    ]


async def test_a_pm_far_away_gets_it_at_nine_on_her_own_clock(studio: Studio) -> None:
    assert (await studio.say("paula", 'risk add "Fonts licence"')).ok
    # Monday 09:00 UTC is 22:00 in Auckland, in her quiet hours: her Tuesday at 09:00 instead.
    assert await planned_for(studio, paula_lives_in="Pacific/Auckland") == [
        ("@paula", utc(2026, 11, 30, 20)),
        ("@paula", utc(2026, 12, 7, 20)),
    ]


async def test_a_pass_that_starts_at_the_digest_s_moment_leaves_it_to_the_pass_before(
    studio: Studio,
) -> None:
    assert (await studio.say("paula", 'risk add "Fonts licence"')).ok
    snap = await snapshot(studio)
    cal = calendar_for(snap.project, snap.settings, NudgeCalendar(timezone="UTC"))

    def due(since: datetime, until: datetime) -> list[datetime]:
        found = occurrences(snap, NudgeConfig(), cal, since, until)
        return [o.due_at for o in found if o.kind is NudgeKind.STUDIO_DIGEST]

    assert due(utc(2026, 11, 30, 6), LAST_MONDAY) == [LAST_MONDAY]
    assert due(LAST_MONDAY, utc(2026, 11, 30, 12)) == []


async def test_each_week_s_digest_is_sent_under_its_own_week(studio: Studio) -> None:
    assert (await studio.say("paula", 'risk add "Fonts licence"')).ok
    sent = await passes(studio, utc(2026, 12, 7, 12))
    assert [s.due for s in sent if "the studio's weekly risks" in s.text] == [LAST_MONDAY, MONDAY]
    keys = sorted(
        item.key
        for item in studio.tables.outbox.values()
        if item.occurrence.kind is NudgeKind.STUDIO_DIGEST
    )
    [project] = studio.tables.projects.values()
    assert keys == [
        f"studio_digest:{project.id}:week=2026-11-30:console:T1:@paula:2026-11-30T09:00Z",
        f"studio_digest:{project.id}:week=2026-12-07:console:T1:@paula:2026-12-07T09:00Z",
    ]  # the key the export shows for each


async def test_the_client_s_nudges_list_leaves_out_only_the_studio_s_weekly_risks(
    studio: Studio,
) -> None:
    assert (await studio.say("paula", 'risk add "Fonts licence"')).ok
    assert (await studio.say("paula", 'milestone add "Concepts" due 2026-12-10')).ok
    everyone = (await studio.text("paula", "nudges")).splitlines()
    assert [line for line in everyone if "the studio's weekly risks" in line] == [
        "• Mon 30 Nov, 9:00\u202fAM · the studio's weekly risks",
        "• Mon 7 Dec, 9:00\u202fAM · the studio's weekly risks",
    ]
    assert (await studio.text("cleo", "nudges")).splitlines() == [
        "Nudges for Acme rebrand:",
        "• Mon 30 Nov, 9:30\u202fAM · weekly digest",
        "• Mon 7 Dec, 9:30\u202fAM · weekly digest",
        "• Tue 8 Dec, 9:30\u202fAM · milestone due soon M-1",
        "• Fri 11 Dec, 9:30\u202fAM · overdue milestone M-1",
        "Escalations go to each PM directly.",
    ]


async def test_nudges_names_the_risk_a_coming_notice_is_about(studio: Studio) -> None:
    await late_milestone(studio)
    await passes(studio, utc(2026, 12, 4, 1))  # raised at 01:00, told when quiet hours end
    listed = (await studio.text("paula", "nudges")).splitlines()
    assert listed[1] == "• Fri 4 Dec, 8:00\u202fAM · new risk notice RK-1"


async def test_a_far_away_approver_is_reminded_of_the_survey_at_half_past_nine_her_time() -> None:
    studio = await make_studio()
    assert (await studio.say("paula", "project survey dm")).ok
    await signed_off(studio)  # Friday 27 November, 10:00 UTC
    snap = living_in(await snapshot(studio), "ava", "Pacific/Auckland")
    cal = calendar_for(snap.project, snap.settings, NudgeCalendar(timezone="UTC"))
    found = occurrences(snap, NudgeConfig(), cal, studio.clock.now(), utc(2026, 12, 11))
    surveys = [
        (o.subject["round"], o.target, o.due_at)
        for o in found
        if o.kind is NudgeKind.SURVEY_WAITING
    ]
    # Asked when her quiet hours end on Monday; reminded two working days after it opened,
    # Tuesday 09:30 UTC, which is 22:30 in Auckland: her Wednesday at 09:30 instead.
    assert surveys == [
        (0, direct(person("ava")), utc(2026, 11, 29, 19)),
        (1, direct(person("ava")), utc(2026, 12, 1, 20, 30)),
    ]


async def test_a_project_reopened_after_its_closing_survey_still_reminds_of_a_milestone_s(
    studio: Studio,
) -> None:
    assert (await studio.say("paula", "project close")).ok  # asks about the whole project
    assert (await studio.say("paula", "project reopen")).ok
    await signed_off(studio)  # a survey on M-1, after the project's own
    snap = await snapshot(studio)
    cal = calendar_for(snap.project, snap.settings, NudgeCalendar(timezone="UTC"))
    found = occurrences(snap, NudgeConfig(), cal, studio.clock.now(), utc(2026, 12, 11))
    reminders = [(o.target, o.due_at) for o in found if o.kind is NudgeKind.SURVEY_WAITING]
    assert reminders == [(CHANNEL, utc(2026, 12, 1, 9, 30))]  # two working days on, in the channel


async def test_a_week_s_digest_sent_to_the_pm_is_not_sent_again_when_escalations_move(
    studio: Studio,
) -> None:
    assert (await studio.say("paula", 'risk add "Fonts licence"')).ok
    studio.clock.current = MONDAY
    [project] = studio.tables.projects.values()

    def digest(to: Conversation) -> Occurrence:
        return Occurrence(kind=NudgeKind.STUDIO_DIGEST, project_id=project.id, target=to,
                          due_at=MONDAY, subject={"week": "2026-12-07"})  # fmt: skip

    status, text = await send(studio, digest(direct(person("paula"))))
    assert status is None and text.startswith("Acme rebrand: the studio's weekly risks")
    await escalate_to_the_studio_room(studio)  # "nudges escalate" typed in the studio's room
    assert await send(studio, digest(STUDIO_ROOM)) == (OutboxStatus.SKIPPED, "")
