"""Sending a change request and what it then says: refused while nobody can accept it or while
another edit races it, a description and a touched milestone shown on its card, its reminder
silent once no approver is left, and the digest's dates on the project's own calendar."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.change_commands import RaiseChange
from bot.nudges.model import NudgeKind
from tests.core.conftest import Studio, make_studio
from tests.core.test_brief import drafted
from tests.core.test_change_requests import confirmed
from tests.core.test_nudges_compose import snapshot, text, written

NO_APPROVERS = {
    "en": (
        "Nobody can accept CR-1: this project has no client approvers. Add one with "
        "“member add @person approver”."
    ),
    "zh-CN": "没有人能接受 CR-1：此项目还没有客户审批人。请用“成员 添加 @某人 审批人”添加。",
}


@pytest.mark.parametrize("locale", ["en", "zh-CN"])
async def test_a_change_is_not_sent_while_the_project_has_no_client_approvers(
    locale: str,
) -> None:
    studio = await make_studio(locale=locale, approvers=())
    assert (await studio.say("paula", 'change request "Extra banner" price 300 EUR')).ok
    refused = await studio.say("paula", "change send CR-1")
    assert not refused.ok
    assert [r.message.text for r in refused.replies] == [NO_APPROVERS[locale]]
    [change] = studio.tables.changes
    assert (change.state.value, change.sent_at) == ("draft", None)


async def test_a_send_raced_by_another_edit_is_told_to_look_again_and_stays_a_draft(
    studio: Studio,
) -> None:
    await confirmed(studio)
    await studio.say("paula", 'change request "Extra banner" price 300')
    studio.tables.racing.add("changes")  # another edit lands between the read and the send
    assert await studio.text("paula", "change send CR-1") == (
        "CR-1 changed a moment ago; please look again."
    )
    studio.tables.racing.clear()
    assert await studio.text("paula", "change list") == (
        "CR-1 Extra banner · €300.00 · no change to the schedule · draft"
    )


async def test_a_description_and_a_touched_milestone_show_on_the_card_without_a_why(
    studio: Studio,
) -> None:
    """Only a round beyond the contract says why; a change that merely touches M-1 does not."""
    await confirmed(studio)
    raised = await studio.run(
        "paula",
        RaiseChange(title="Extra banner", price="", days=None, milestone=1,
                    description="three more sizes for the fair"),
    )  # fmt: skip
    assert raised.ok
    await studio.say("paula", 'change request "Icons" days 2 M-1')
    assert await studio.text("paula", "change CR-1") == (
        "CR-1 · Extra banner\n"
        "Status: draft\n"
        "Price: not priced yet\n"
        "Schedule: no change to the schedule\n"
        "What: three more sizes for the fair"
    )
    assert await studio.text("paula", "change CR-2") == (
        "CR-2 · Icons\nStatus: draft\nPrice: not priced yet\nSchedule: +2 working days to M-1"
    )


async def test_nobody_is_reminded_of_a_change_no_approver_is_left_to_decide() -> None:
    studio = await make_studio()
    assert (await studio.say("paula", 'change request "Extra banner" price 300 EUR')).ok
    assert (await studio.say("paula", "change send CR-1")).ok
    [change] = studio.tables.changes
    subject = {"change": change.id, "round": 1}
    now = studio.clock.now()
    reminder = written(await snapshot(studio), NudgeKind.REVIEW_WAITING, subject, now)
    assert text(reminder).startswith("Reminder: CR-1 “Extra banner” (€300.00) has waited")
    assert (await studio.say("paula", "member remove @ava")).ok
    assert written(await snapshot(studio), NudgeKind.REVIEW_WAITING, subject, now) is None


async def test_the_digest_dates_the_brief_on_the_projects_calendar_across_new_year() -> None:
    """31 Dec 2026 at noon in UTC is already 1 Jan 2027 on Kiritimati (UTC+14): the brief was
    sent "Fri 1 Jan" there, this year, so without the year."""
    studio = await make_studio(timezone="Pacific/Kiritimati")
    studio.clock.current = datetime(2026, 12, 31, 12, tzinfo=UTC)
    await drafted(studio)
    assert (await studio.say("paula", "brief send")).ok
    digest = written(await snapshot(studio), NudgeKind.DIGEST, {"week": "w"}, studio.clock.now())
    assert "Brief: v1 waiting on the client since Fri 1 Jan" in text(digest).splitlines()
