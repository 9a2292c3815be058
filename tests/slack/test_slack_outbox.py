"""Slack replies from the outbox: to the caller through the response_url while Slack takes it,
in the channel naming them once it has expired, and the channel's records as posts."""

from __future__ import annotations

from datetime import timedelta

from slack_harness import CHANNEL, CLIENT, TEAM, Harness

from adapters.slack.courier import slack_address
from bot.messages import Audience, Message, Reply
from bot.model import Platform
from bot.outbox import QueuedReply


def queued(harness: Harness, reply: Reply, *, minutes_ago: float) -> QueuedReply:
    address = slack_address(team=TEAM, user_team=TEAM, user=CLIENT, channel=CHANNEL,
                            response_url=harness.fake.hook_url("late"))  # fmt: skip
    committed = harness.runtime.services.clock.now() - timedelta(minutes=minutes_ago)
    return QueuedReply(id=1, platform=Platform.SLACK, lane=CHANNEL, address=address,
                       reply=reply, created_at=committed, attempts=1)  # fmt: skip


async def test_a_callers_reply_goes_through_the_response_url_while_it_is_good(slack: Harness):
    answer = Reply(message=Message(text="Only for you"))
    await slack.adapter.runner.courier.deliver(queued(slack, answer, minutes_ago=5))
    [hook] = await slack.fake.wait_hook()
    assert hook.method == "late" and hook.args["text"] == "Only for you"
    assert hook.args["response_type"] == "ephemeral"


async def test_a_callers_reply_after_half_an_hour_is_said_in_the_channel_naming_them(
    slack: Harness,
) -> None:
    answer = Reply(message=Message(text="FB-3 is withdrawn."))
    await slack.adapter.runner.courier.deliver(queued(slack, answer, minutes_ago=31))
    [posted] = await slack.fake.wait_call("chat.postMessage")
    assert posted.args["channel"] == CHANNEL
    assert posted.args["text"] == f"<@{CLIENT}> FB-3 is withdrawn."
    assert slack.fake.hooks == []  # Slack no longer takes the expired response_url


async def test_a_channel_record_is_posted_in_the_channel(slack: Harness) -> None:
    record = Reply(message=Message(text="FB-1 logged"), audience=Audience.CHANNEL)
    await slack.adapter.runner.courier.deliver(queued(slack, record, minutes_ago=45))
    [posted] = await slack.fake.wait_call("chat.postMessage")
    assert posted.args["channel"] == CHANNEL and posted.args["text"] == "FB-1 logged"
