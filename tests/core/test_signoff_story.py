"""A design project told through the core: feedback, issues, sign-off and refusals."""

from __future__ import annotations

from dataclasses import replace

from bot.messages import Audience
from bot.model import ApprovalRule, FeedbackStatus, IssueStatus, MilestoneState, Stage
from bot.service import handle_text, not_saved
from tests.core.conftest import Studio, make_studio, person


async def plan_concepts(studio: Studio) -> None:
    assert (
        await studio.say(
            "paula", 'milestone add "Concepts" due 2026-12-15 criteria: three routes; mono logo'
        )
    ).ok


def milestone(studio: Studio, number: int = 1):
    return next(m for m in studio.tables.milestones.values() if m.number == number)


async def test_feedback_is_logged_against_the_milestone_in_review(studio: Studio) -> None:
    await plan_concepts(studio)
    await studio.say("dan", "submit M-1 first routes")

    result = await studio.say("cleo", "feedback The blue feels cold, can we warm it up?")

    assert result.ok
    reply, card = result.replies
    assert reply.audience is Audience.CHANNEL
    assert reply.message.text.startswith("FB-1 logged on M-1 v1 from Cleo")
    assert card.replaces and "Feedback: 1" in card.message.text  # the card counts it
    [feedback] = studio.tables.feedback.values()
    assert (feedback.text, feedback.version) == ("The blue feels cold, can we warm it up?", 1)


async def test_a_guest_in_the_channel_may_give_feedback_but_not_approve(studio: Studio) -> None:
    await plan_concepts(studio)
    await studio.say("dan", "submit M-1")
    await studio.say("paula", "approve M-1")

    assert (await studio.say("guest", "feedback love it")).ok
    refused = await studio.say("guest", "approve M-1")

    assert not refused.ok
    assert "Only the client's approvers can sign M-1 off" in refused.replies[0].message.text
    assert milestone(studio).stage is Stage.CLIENT


async def test_pm_then_client_sign_off_approves_and_a_late_click_hears_who(studio: Studio) -> None:
    await plan_concepts(studio)
    await studio.say("dan", "submit M-1")

    pm = await studio.say("paula", "approve M-1 looks right")
    assert "Over to the client: Ava" in pm.replies[1].message.text
    assert [p.identity for p in pm.replies[1].message.mentions] == [person("ava")]
    client = await studio.say("ava", "approve M-1@v1")
    late = await studio.say("ava", "approve M-1@v1")

    assert client.ok and milestone(studio).state is MilestoneState.APPROVED
    card = client.replies[0]
    assert card.replaces == card.card_key == f"milestone:{milestone(studio).id}:v1"
    assert card.message.card is not None and card.message.card.actions == ()
    assert not late.ok
    assert late.replies[0].message.text.startswith("M-1 v1 is already decided: Ava approved at")
    assert len(studio.tables.decisions) == 2


async def test_a_client_who_is_not_an_approver_cannot_decide(studio: Studio) -> None:
    await plan_concepts(studio)
    await studio.say("dan", "submit M-1")
    await studio.say("paula", "approve M-1")

    refused = await studio.say("cleo", "changes M-1 make it pop")

    assert not refused.ok
    assert milestone(studio).state is MilestoneState.IN_REVIEW
    assert milestone(studio).rounds_used == 0


async def test_request_changes_spends_rounds_then_flags_over_allowance(studio: Studio) -> None:
    await plan_concepts(studio)
    answers = []
    for round_number in range(1, 4):
        await studio.say("dan", f"submit M-1 round {round_number}")
        await studio.say("paula", "approve M-1")
        answers.append(await studio.text("ava", f"changes M-1 pass {round_number}"))

    assert "Revision round 1 of 2." in answers[0]
    assert "That was the last of the 2 revision rounds" in answers[1]
    assert "revision round 3, beyond the 2 in the contract" in answers[2]
    assert milestone(studio).over_allowance and milestone(studio).rounds_used == 3
    assert milestone(studio).version == 3


async def test_changes_needs_to_say_what(studio: Studio) -> None:
    await plan_concepts(studio)
    await studio.say("dan", "submit M-1")

    refused = await studio.say("paula", "changes M-1")

    assert not refused.ok and "changes M-" in refused.replies[0].message.text
    assert studio.tables.decisions == []


async def test_all_rule_waits_for_every_approver() -> None:
    studio = await make_studio(approvers=("ava", "abe"))
    project = next(iter(studio.tables.projects.values()))
    project.client_rule = ApprovalRule.ALL
    await plan_concepts(studio)
    await studio.say("dan", "submit M-1")
    await studio.say("paula", "approve M-1")

    first = await studio.text("ava", "approve M-1")
    twice = await studio.say("ava", "approve M-1")
    assert "Still waiting on: Abe" in first
    assert not twice.ok
    assert twice.replies[0].message.text.startswith("M-1 v1 is already decided: Ava approved at")
    await studio.say("abe", "approve M-1")

    assert milestone(studio).state is MilestoneState.APPROVED


async def test_feedback_and_issue_lifecycles(studio: Studio) -> None:
    await studio.say("cleo", "feedback the logo is too small")
    await studio.say("cleo", "issue Site is down critical")

    assert not (await studio.say("cleo", "feedback resolve FB-1")).ok
    assert (await studio.say("dan", "feedback resolve FB-1 bumped to 48px")).ok
    assert (await studio.say("cleo", "feedback reopen FB-1 still small on mobile")).ok
    assert (await studio.say("dan", "issue ack IS-1")).ok
    assert (await studio.say("paula", "issue assign IS-1 @dan")).ok
    assert (await studio.say("dan", "issue resolve IS-1")).ok
    again = await studio.say("dan", "issue resolve IS-1")

    [feedback] = studio.tables.feedback.values()
    [issue] = studio.tables.issues.values()
    assert feedback.status is FeedbackStatus.REOPENED
    assert issue.status is IssueStatus.RESOLVED and issue.assignee.identity.user_id == "dan"
    assert not again.ok and "IS-1 is resolved" in again.replies[0].message.text


async def test_a_critical_issue_is_due_within_working_hours(studio: Studio) -> None:
    # Friday 2026-11-27 10:00 UTC in a UTC project: 4 working hours later is 14:00 that day.
    text = await studio.text("cleo", "issue Checkout broken critical")
    assert "IS-1 raised by Cleo (critical): Checkout broken." in text
    [issue] = studio.tables.issues.values()
    assert issue.response_due_at.hour == 14 and issue.response_due_at.day == 27


async def test_status_shows_what_waits_on_the_client(studio: Studio) -> None:
    await plan_concepts(studio)
    await studio.say("dan", "submit M-1")
    await studio.say("paula", "approve M-1")
    await studio.say("cleo", "issue Typo on the cover high")
    await studio.say("cleo", "feedback warmer blue")
    studio.clock.advance(days=3)

    text = await studio.text("cleo", "status")

    assert "M-1 v1 waits on the client, for 3 days" in text
    assert "1 high" in text and "Open feedback: 1" in text


async def test_replies_speak_the_projects_language() -> None:
    studio = await make_studio(locale="zh-CN")
    await plan_concepts(studio)

    text = await studio.text("cleo", "feedback 颜色太冷了")
    refused = await studio.text("cleo", "approve M-1")

    assert text == "已记录 Cleo 的反馈 FB-1：“颜色太冷了”"
    assert refused == "M-1 不在审核中（当前状态：计划中）。"


async def test_nothing_is_confirmed_when_the_database_is_down(studio: Studio) -> None:
    studio.database.down = True

    result = await studio.say("cleo", "feedback please keep this")

    assert not result.ok and result.failed
    assert "Nothing was recorded" in result.replies[0].message.text
    studio.database.down = False
    assert studio.tables.feedback == {}
    # A surface whose deadline passed before the core answered says the same words.
    assert not_saved("en") == result


async def test_the_not_saved_answer_speaks_the_callers_language(studio: Studio) -> None:
    # With the database down the project's language cannot be read: the caller's is used
    # (Teams sends it with each activity).
    studio.database.down = True
    invocation = replace(studio.invocation("cleo"), locale="zh-CN")

    result = await handle_text("feedback 请保留", invocation, studio.services)

    assert result.replies[0].message.text == "数据库暂无响应，本次操作未保存，请稍后重试。"
    assert result.locale == "zh-CN"  # Slack remembers a channel's language from it
    assert not_saved("zh-CN") == result


async def test_a_refused_command_stores_nothing(studio: Studio) -> None:
    before = len(studio.tables.audit)
    too_long = "x" * 5000

    result = await studio.say("cleo", f"feedback {too_long}")

    assert (
        not result.ok and "at most 4000 characters; this is 5000" in result.replies[0].message.text
    )
    assert studio.tables.feedback == {} and len(studio.tables.audit) == before


async def test_a_project_key_must_be_a_slug(studio: Studio) -> None:
    from bot.commands import CreateProject

    result = await studio.run("paula", CreateProject(key="Bad Key!", name="X", client="Y"))

    assert not result.ok and "is not a valid project key" in result.replies[0].message.text
    assert [p.key for p in studio.tables.projects.values()] == ["acme"]


async def test_role_and_stage_names_differ_in_chinese() -> None:
    studio = await make_studio(locale="zh-CN")

    text = await studio.text("paula", "member add @dan pm")

    assert text == "Dan 现在是 acme 的项目经理。"


async def test_a_retried_delivery_has_no_second_effect(studio: Studio) -> None:
    from dataclasses import replace

    from bot.service import handle_text

    retry = replace(studio.invocation("cleo"), delivery_id="Ev123")

    first = await handle_text("feedback warmer blue", retry, studio.services)
    second = await handle_text("feedback warmer blue", retry, studio.services)

    assert first.ok and not first.duplicate
    assert second.duplicate and second.replies == []
    assert len(studio.tables.feedback) == 1


async def test_status_tells_the_pm_where_the_bot_cannot_post(studio: Studio) -> None:
    from tests.core.conftest import CHANNEL

    async with studio.database() as uow:
        await uow.projects.mark_binding(CHANNEL, problem="not_in_channel", at=studio.clock.now())
        await uow.commit()

    text = await studio.text("paula", "status")

    assert "Cannot post to Slack channel C-acme: not_in_channel" in text
