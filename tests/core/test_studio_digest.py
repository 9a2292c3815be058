"""The studio's weekly risk digest: planned each Monday at 09:00 where escalations go (each PM's
DMs, or the studio's escalation channel), never into the client's channel; it lists the open
risks worst first and the week's changes from the audit log, says nothing when there is nothing
to say, and can be switched off. The client's digest shows no risk at all."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from bot.messages import Message
from bot.model import Conversation
from bot.nudges.calendar import NudgeCalendar
from bot.nudges.compose import compose
from bot.nudges.due import calendar_for, occurrences
from bot.nudges.model import NudgeConfig, NudgeKind, Occurrence
from bot.nudges.snapshot import direct
from bot.nudges.studio_digest import with_risk_events
from tests.core.conftest import CHANNEL, Studio, person
from tests.core.test_nudges_compose import snapshot
from tests.core.test_nudges_escalation_once import STUDIO_ROOM

PAULA = direct(person("paula"))
MONDAY = datetime(2026, 11, 30, 9, tzinfo=UTC)  # the project's zone is UTC


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


async def planned(studio: Studio, until: datetime) -> list[tuple[str, datetime]]:
    snap = await snapshot(studio)
    cal = calendar_for(snap.project, snap.settings, NudgeCalendar(timezone="UTC"))
    found = occurrences(snap, NudgeConfig(), cal, studio.clock.now(), until)
    return [(o.target.channel, o.due_at) for o in found if o.kind is NudgeKind.STUDIO_DIGEST]


async def written(
    studio: Studio, kind: NudgeKind, now: datetime, to: Conversation = PAULA
) -> Message | None:
    snap = await snapshot(studio)
    subject = {"week": now.date().isoformat()}
    occurrence = Occurrence(
        kind=kind, project_id=snap.project.id, target=to, due_at=now, subject=subject
    )
    async with studio.database() as uow:
        snap = await with_risk_events(uow, snap, occurrence, now)
    cal = calendar_for(snap.project, snap.settings, NudgeCalendar(timezone="UTC"))
    return compose(occurrence, snap, NudgeConfig(), cal, now)


async def escalate_to_the_studio_room(studio: Studio) -> None:
    """As `nudges escalate acme` typed in the studio's own channel does."""
    settings = (await snapshot(studio)).settings
    studio.tables.nudge_settings[settings.project_id] = replace(settings, escalate_to=STUDIO_ROOM)


async def test_it_is_planned_weekly_where_escalations_go_and_never_in_the_client_s_channel(
    studio: Studio,
) -> None:
    assert await planned(studio, utc(2026, 12, 6)) == []  # no register kept: nothing to tell
    assert (await studio.say("dan", 'risk add "Fonts licence"')).ok
    assert await planned(studio, utc(2026, 12, 6)) == [("@paula", utc(2026, 11, 30, 9))]
    assert (await studio.say("paula", "member add @pia pm")).ok
    assert sorted(await planned(studio, utc(2026, 12, 6))) == [
        ("@paula", utc(2026, 11, 30, 9)), ("@pia", utc(2026, 11, 30, 9))
    ]  # fmt: skip
    await escalate_to_the_studio_room(studio)
    assert await planned(studio, utc(2026, 12, 6)) == [(STUDIO_ROOM.channel, utc(2026, 11, 30, 9))]
    assert (await studio.say("paula", "nudges off studio_digest")).ok
    assert await planned(studio, utc(2026, 12, 6)) == []


async def test_it_lists_the_open_risks_worst_first_and_what_changed_in_the_week(
    studio: Studio,
) -> None:
    for who, line in [
        ("paula", 'risk add "Fonts licence" impact high'),
        ("dan", 'risk add "Client feedback arrives late" likelihood low'),
        ("paula", 'risk add "Printer goes bust" likelihood low impact low'),
        ("paula", "risk share RK-3"),
    ]:
        assert (await studio.say(who, line)).ok, line
    # The week before Monday 7 December: RK-2's score changes, RK-3 closes, RK-1 reopens.
    studio.clock.current = utc(2026, 12, 2, 10)
    for who, line in [
        ("dan", "risk update RK-2 likelihood high impact high"),
        ("paula", "risk update RK-1 owner @dan"),  # no change of score: not news
        ("paula", "risk close RK-3 a second printer"),
        ("paula", "risk close RK-1"),
        ("paula", "risk reopen RK-1"),
    ]:
        assert (await studio.say(who, line)).ok, line
    message = await written(studio, NudgeKind.STUDIO_DIGEST, utc(2026, 12, 7, 9))
    assert message is not None
    assert message.text.splitlines() == [
        "Acme rebrand: the studio's weekly risks",
        "Open risks, worst first (2):",
        "RK-2 Client feedback arrives late · likelihood high, impact high (9)",
        "RK-1 Fonts licence · likelihood medium, impact high (6) · owner Dan",
        "Changed this week:",
        "RK-2 Client feedback arrives late: score 2 → 9, by Dan",
        "RK-3 Printer goes bust: closed by Paula",
        "RK-1 Fonts licence: closed by Paula",
        "RK-1 Fonts licence: reopened by Paula",
    ]
    # A week earlier, the risks were added in it.
    earlier = await written(studio, NudgeKind.STUDIO_DIGEST, utc(2026, 11, 30, 9))
    assert earlier is not None and "RK-3 Printer goes bust: added by Paula" in earlier.text

    # In the studio's channel it calls on the PMs.
    await escalate_to_the_studio_room(studio)
    there = await written(studio, NudgeKind.STUDIO_DIGEST, utc(2026, 12, 7, 9), to=STUDIO_ROOM)
    assert there is not None and there.text.endswith("For @Paula.")

    # The client's digest names no risk, shared or not.
    client = await written(studio, NudgeKind.DIGEST, utc(2026, 12, 7, 9), to=CHANNEL)
    assert client is not None
    assert not any(t in client.text for t in ("Fonts", "Client feedback", "Printer", "RK-"))


async def test_a_quiet_week_with_nothing_open_sends_nothing(studio: Studio) -> None:
    assert await written(studio, NudgeKind.STUDIO_DIGEST, MONDAY) is None
    assert (await studio.say("paula", 'risk add "Fonts licence"')).ok
    assert (await studio.say("paula", "risk close RK-1")).ok
    # The week it was added and closed is news; the next, with nothing open, is not.
    assert await written(studio, NudgeKind.STUDIO_DIGEST, MONDAY) is not None
    assert await written(studio, NudgeKind.STUDIO_DIGEST, utc(2026, 12, 14, 9)) is None


async def test_nudges_show_lists_it_to_the_studio_only(studio: Studio) -> None:
    assert (await studio.say("dan", 'risk add "Fonts licence"')).ok
    assert "the studio's weekly risks" in await studio.text("paula", "nudges")
    assert "the studio's weekly risks" not in await studio.text("cleo", "nudges")
