"""Slack replies from the outbox: to the caller through the response_url while Slack takes it,
in the channel naming them once it has expired, and the channel's records as posts."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from slack_harness import CHANNEL, CLIENT, TEAM, Harness

from adapters.slack.courier import reply_key, slack_address
from bot.messages import Audience, Message, Reply
from bot.model import Platform
from bot.outbox import QueuedReply


def queued(
    harness: Harness, reply: Reply, *, minutes_ago: float, attempts: int = 1, id: int = 1
) -> QueuedReply:
    address = slack_address(team=TEAM, user_team=TEAM, user=CLIENT, channel=CHANNEL,
                            response_url=harness.fake.hook_url("late"))  # fmt: skip
    committed = harness.runtime.services.clock.now() - timedelta(minutes=minutes_ago)
    return QueuedReply(id=id, platform=Platform.SLACK, lane=CHANNEL, address=address,
                       reply=reply, created_at=committed, attempts=attempts)  # fmt: skip


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


# An instance that dies between posting a reply and removing it from the outbox leaves it to
# be tried again: the second try looks in the channel first, and finds the first one's post.


async def test_a_reply_an_earlier_try_already_posted_is_not_posted_twice(slack: Harness):
    record = Reply(message=Message(text="FB-7 logged"), audience=Audience.CHANNEL)
    first = queued(slack, record, minutes_ago=1)
    await slack.adapter.runner.courier.deliver(first)
    assert slack.fake.called("conversations.history") == []  # a first try never looks
    second = replace(first, attempts=2)  # the first try's instance died before the removal
    await slack.adapter.runner.courier.deliver(second)
    [looked] = slack.fake.called("conversations.history")
    assert looked.args["channel"] == CHANNEL
    assert [c.args["text"] for c in slack.fake.called("chat.postMessage")] == ["FB-7 logged"]


async def test_a_second_try_posts_what_the_channel_does_not_have(slack: Harness) -> None:
    other = Reply(message=Message(text="FB-1 logged"), audience=Audience.CHANNEL)
    await slack.adapter.runner.courier.deliver(queued(slack, other, minutes_ago=1, id=1))
    for n in range(2, 450):  # later posts push it past the first page of history
        slack.fake.keep(CHANNEL, {"text": f"chatter {n}"}, f"1700000001.{n:06d}")
    record = Reply(message=Message(text="FB-2 logged"), audience=Audience.CHANNEL)
    await slack.adapter.runner.courier.deliver(queued(slack, record, minutes_ago=1, id=2,
                                                      attempts=2))  # fmt: skip
    posted = [c.args["text"] for c in slack.fake.called("chat.postMessage")]
    assert posted == ["FB-1 logged", "FB-2 logged"]
    assert len(slack.fake.called("conversations.history")) == 3  # every page was read


async def test_a_card_found_on_a_second_try_is_the_one_a_decision_updates(slack: Harness):
    card = Reply(message=Message(text="M-1 v1 is ready for sign-off"),
                 audience=Audience.CHANNEL, card_key="milestone:9:v1")  # fmt: skip
    first = queued(slack, card, minutes_ago=1, id=5)
    slack.fake.keep(CHANNEL, {"text": card.message.text, "metadata": {
        "event_type": "signoff_reply", "event_payload": {"reply": reply_key(first)}}},
        "1700000002.000001")  # posted, then its instance died before noting it  # fmt: skip
    await slack.adapter.runner.courier.deliver(replace(first, attempts=2))
    assert slack.fake.called("chat.postMessage") == []
    decided = Reply(message=Message(text="M-1 v1 approved"), audience=Audience.CHANNEL,
                    replaces="milestone:9:v1")  # fmt: skip
    await slack.adapter.runner.courier.deliver(queued(slack, decided, minutes_ago=0, id=6))
    [update] = slack.fake.called("chat.update")
    assert update.args["ts"] == "1700000002.000001" and update.args["text"] == "M-1 v1 approved"
    assert slack.fake.called("chat.postMessage") == []


async def test_history_slack_will_not_show_means_posting_again_not_losing_it(slack: Harness):
    slack.fake.answer_error("conversations.history", "missing_scope")  # an older install
    record = Reply(message=Message(text="FB-4 logged"), audience=Audience.CHANNEL)
    await slack.adapter.runner.courier.deliver(queued(slack, record, minutes_ago=1, attempts=3))
    [posted] = slack.fake.called("chat.postMessage")
    assert posted.args["text"] == "FB-4 logged"
