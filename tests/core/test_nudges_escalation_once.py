"""An escalation goes out once: after the project moved its escalations between the PMs' direct
messages and the studio's channel, one already sent in one place is not sent in the other;
each PM's own direct message still gets it."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from bot.commands import AddMember
from bot.model import Conversation, Platform, Role
from bot.nudges.calendar import NudgeCalendar
from bot.nudges.model import NudgeConfig, NudgeKind, Occurrence, OutboxStatus, ProjectNudges
from bot.nudges.plan import prepare
from bot.nudges.snapshot import direct
from tests.core.conftest import Studio, person

STUDIO_ROOM = Conversation(platform=Platform.SLACK, tenant="T1", channel="C-studio")


async def escalation(studio: Studio, to: Conversation, issue_id: int) -> Occurrence:
    [project] = studio.tables.projects.values()
    return Occurrence(kind=NudgeKind.ISSUE_OVERDUE, project_id=project.id, target=to,
                      due_at=studio.clock.now(), subject={"issue": issue_id})  # fmt: skip


async def send(studio: Studio, occurrence: Occurrence) -> tuple[OutboxStatus | None, str]:
    """Queue the occurrence, claim it and prepare it as the sender would; a message that is
    to go out is marked sent."""
    now = studio.clock.now()
    async with studio.database() as work:
        await work.nudges.add([occurrence], status=OutboxStatus.PENDING, at=now, not_before=now)
        [item] = await work.nudges.claim(owner="me", now=now, lease=timedelta(minutes=5), limit=1)
        status, message = await prepare(
            work, item, NudgeConfig(), NudgeCalendar(timezone="UTC"), now
        )
        outcome = status or OutboxStatus.SENT
        await work.nudges.finish(item.id, owner="me", status=outcome, at=now)
        await work.commit()
    return status, message.text if message else ""


async def test_an_escalation_sent_to_a_pm_is_not_sent_again_to_the_studio_channel(
    studio: Studio,
) -> None:
    await studio.run("paula", AddMember(user="pia", role=Role.PM, display_name="Pia"))
    await studio.say("cleo", "issue Login page is blank critical")
    await studio.say("cleo", "issue fonts missing high")
    [blank, fonts] = sorted(studio.tables.issues.values(), key=lambda i: i.number)
    [project] = studio.tables.projects.values()
    studio.clock.advance(hours=5)

    to_paula = await send(studio, await escalation(studio, direct(person("paula")), blank.id))
    assert to_paula[0] is None and to_paula[1].startswith("Escalation in acme: IS-1")
    # The other PM's own direct message is no "elsewhere": Pia hears it too.
    to_pia = await send(studio, await escalation(studio, direct(person("pia")), blank.id))
    assert to_pia[0] is None and to_pia[1] == to_paula[1]

    # The PM moves escalations to the studio's channel ("nudges escalate acme" there).
    studio.tables.nudge_settings[project.id] = ProjectNudges(
        project_id=project.id, escalate_to=STUDIO_ROOM
    )
    assert await send(studio, await escalation(studio, STUDIO_ROOM, blank.id)) == (
        OutboxStatus.SKIPPED,
        "",
    )
    # Another issue's escalation was never sent: the studio's channel gets it, naming the PMs.
    to_room = await send(studio, await escalation(studio, STUDIO_ROOM, fonts.id))
    assert to_room[0] is None and to_room[1].startswith("Escalation in acme: IS-2")
    assert to_room[1].endswith("For @Paula, @Pia.")


async def test_a_pm_sends_escalations_to_a_studio_channel_and_back_to_direct_messages(
    studio: Studio,
) -> None:
    room = replace(studio, conversation=STUDIO_ROOM)
    [project] = studio.tables.projects.values()

    async def said(where: Studio, who: str, line: str) -> tuple[bool, str]:
        result = await where.say(who, line)
        return result.ok, result.replies[0].message.text.splitlines()[0]

    # The client reads the project's channel: escalations never go there.
    assert await said(studio, "paula", "nudges escalate acme") == (
        False,
        "Clients read this conversation: escalate to a channel of the studio's own, or "
        "“nudges escalate acme direct”.",
    )
    assert await said(room, "dan", "nudges escalate acme") == (
        False,
        "Only the project's PM can change the project's nudges.",
    )
    assert await said(room, "paula", "nudges escalate nope") == (
        False,
        "There is no project “nope”.",
    )
    assert studio.tables.nudge_settings.get(project.id) is None

    assert await said(room, "paula", "nudges escalate acme") == (
        True,
        "Escalations for acme (issues not acknowledged in time, reviews unanswered after every "
        "reminder) will come here.",
    )
    assert studio.tables.nudge_settings[project.id].escalate_to == STUDIO_ROOM
    assert (await studio.text("paula", "nudges")).endswith("Escalations go to C-studio.")

    assert await said(room, "paula", "nudges escalate acme direct") == (
        True,
        "Escalations for acme go to each PM directly again.",
    )
    assert studio.tables.nudge_settings[project.id].escalate_to is None
    assert [e.detail for e in studio.tables.audit if e.action == "nudges.escalation"] == [
        {"channel": "C-studio"},
        {"channel": "direct"},
    ]
