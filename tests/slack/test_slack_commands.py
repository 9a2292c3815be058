"""Slash commands and mentions: private answers to the caller, records to the channel."""

from __future__ import annotations

import copy

from slack_harness import CLIENT, PM, Harness, inbound

from bot.model import Identity, Platform


async def feedback_texts(slack: Harness) -> list[str]:
    async with slack.runtime.services.uow() as uow:
        project = await uow.projects.get_by_key("acme")
        return [f.text for f in await uow.feedback.list(project.id)]


async def test_an_answer_only_the_caller_needs_is_ephemeral(slack: Harness) -> None:
    await slack.seed()
    response = await slack.slash("milestones")
    told = await response.json()  # the answer itself carries it: committed, then said
    assert told["response_type"] == "ephemeral" and "M-1 Concepts" in told["text"]
    assert slack.fake.called("chat.postMessage") == []


async def test_feedback_is_a_record_the_channel_sees(slack: Harness) -> None:
    await slack.seed()
    await slack.slash("the logo is too small", command="/feedback", user=CLIENT)
    posted = (await slack.fake.wait_call("chat.postMessage"))[0].args
    assert posted["channel"] == "C111"
    assert "FB-1" in posted["text"] and "the logo is too small" in posted["text"]
    assert await feedback_texts(slack) == ["the logo is too small"]


async def test_slack_markup_in_user_text_is_shown_not_obeyed(slack: Harness) -> None:
    await slack.seed()
    await slack.slash("feedback <!channel> look & see", user=CLIENT)
    posted = (await slack.fake.wait_call("chat.postMessage"))[0].args
    assert "&lt;!channel&gt; look &amp; see" in posted["text"]


async def test_a_chinese_project_answers_in_chinese(slack: Harness) -> None:
    await slack.seed(locale="zh-CN")
    await slack.slash("标志太小了", command="/feedback", user=CLIENT)
    posted = (await slack.fake.wait_call("chat.postMessage"))[0].args
    assert "标志太小了" in posted["text"] and "FB-1" in posted["text"]
    assert "feedback" not in posted["text"].lower()
    await slack.slash("frobnicate", user=CLIENT)
    told = (await slack.fake.wait_hook())[0].args
    assert any("\u4e00" <= ch <= "\u9fff" for ch in told["text"])


async def test_a_mention_runs_the_text_after_it_and_a_retry_has_no_second_effect(
    slack: Harness,
) -> None:
    await slack.seed()
    event = copy.deepcopy(inbound("event_callback_app_mention.json"))
    event["event"].update(text="<@W23456789> feedback colours feel cold", user=CLIENT)
    assert (await slack.event(event)).status == 200
    await slack.fake.wait_call("chat.postMessage")
    retry = await slack.event(
        event, headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    )
    assert retry.status == 200
    other = copy.deepcopy(event)
    other["event_id"] = "Ev222"
    other["event"]["text"] = "<@W23456789> feedback second thought"
    await slack.event(other)
    await slack.fake.wait_call("chat.postMessage", count=2)
    assert await feedback_texts(slack) == ["colours feel cold", "second thought"]


async def test_the_bots_own_messages_and_other_bots_mentions_are_ignored(slack: Harness) -> None:
    await slack.seed()
    own = inbound("event_callback_message_bot_self.json")
    assert (await slack.event(own)).status == 200
    bot = copy.deepcopy(inbound("event_callback_app_mention.json"))
    bot["event"].update(text="<@W23456789> feedback from a bot", bot_id="B0OTHER")
    assert (await slack.event(bot)).status == 200
    human = copy.deepcopy(inbound("event_callback_app_mention.json"))
    human["event_id"] = "Ev333"
    human["event"]["text"] = "<@W23456789> feedback from a person"
    await slack.event(human)
    await slack.fake.wait_call("chat.postMessage")
    assert await feedback_texts(slack) == ["from a person"]


async def test_a_channel_bound_without_a_workspace_id_is_found_from_any_workspace(
    slack: Harness,
) -> None:
    await slack.seed(tenant="")  # signoff project bind acme --slack-channel C111 (no --slack-team)
    await slack.slash("approve M-1", user=PM)  # not in review: the PM is recognised as such
    told = (await slack.fake.wait_hook())[0].args
    assert "M-1 is not in review" in told["text"]
    await slack.slash("feedback works from team T111", user=CLIENT)
    await slack.fake.wait_call("chat.postMessage")
    assert await feedback_texts(slack) == ["works from team T111"]


async def test_an_unbound_channel_is_told_how_to_bind_it(slack: Harness) -> None:
    await slack.seed()
    await slack.slash("feedback hello", channel_id="C999")
    told = (await slack.fake.wait_hook())[0].args
    assert "not bound to a project" in told["text"]


async def test_a_user_slack_will_not_describe_still_gets_an_answer_and_names_are_cached(
    slack: Harness,
) -> None:
    await slack.seed()
    slack.fake.answer_error("users.info", "error.channel_not_found.json")  # any error
    await slack.slash("feedback from an external guest", user="W999", user_name="guest")
    posted = (await slack.fake.wait_call("chat.postMessage"))[0].args
    assert "from an external guest" in posted["text"] and "guest" in posted["text"]
    await slack.slash("feedback again", user="W888")
    await slack.fake.wait_call("chat.postMessage", count=2)
    await slack.slash("feedback and again", user="W888")
    third = (await slack.fake.wait_call("chat.postMessage", count=3))[2].args
    assert "Egon" in third["text"] or "spengler" in third["text"]
    assert [c.args["user"] for c in slack.fake.called("users.info")] == ["W999", "W888"]
    async with slack.runtime.services.uow() as uow:
        who = await uow.people.find(
            Identity(platform=Platform.SLACK, tenant="T111", user_id="W888")
        )
        assert who is not None and who.display_name == "spengler"
        # Their own zone, for direct messages at their local hours.
        assert who.timezone == "America/Los_Angeles"
