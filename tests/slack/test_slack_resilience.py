"""Commit, then answer; say so when nothing was saved; survive Slack saying no or "slow down"."""

from __future__ import annotations

import asyncio
import socket

import pytest
from fake_slack import FakeSlack
from slack_harness import CHANNEL, CLIENT, PM, TEAM, Harness, serving, slack_settings, stuck

from adapters.composition import Runtime, SystemClock, build_runtime
from adapters.slack.runner import ANSWER_DEADLINE
from bot.messages import Message
from bot.model import Conversation, Platform
from bot.ports import SendFailed
from bot.service import Services
from storage.database import make_engine
from storage.uow import sql_uow_factory


async def test_a_stuck_database_is_answered_not_saved_before_slack_gives_up(
    migrated_url: str, fake: FakeSlack
) -> None:
    gate = asyncio.Event()
    async with await build_runtime(slack_settings(migrated_url, fake)) as runtime:
        async with serving(runtime, fake) as setup:
            await setup.seed()
        async with serving(stuck(runtime, gate), fake, answer_deadline=ANSWER_DEADLINE) as slack:
            response = await slack.slash("feedback while the database is stuck", user=CLIENT)
            # The answer does not wait past the deadline: it says nothing was kept.
            told = await response.json()
            assert told["response_type"] == "ephemeral"
            assert told["text"].startswith("Sorry, I could not save that")
            assert not gate.is_set()
            gate.set()
            await slack.slash("feedback once it answers again", user=CLIENT)
            posted = (await slack.fake.wait_call("chat.postMessage"))[0].args
            assert "once it answers again" in posted["text"]
        async with runtime.services.uow() as uow:
            project = await uow.projects.get_by_key("acme")
            stored = [f.text for f in await uow.feedback.list(project.id)]
        assert stored == ["once it answers again"]  # what was refused is nowhere


async def test_when_the_database_is_down_the_user_is_told_nothing_was_saved(
    fake: FakeSlack,
) -> None:
    settings = slack_settings(f"postgresql://signoff@127.0.0.1:{closed_port()}/signoff", fake)
    engine = make_engine(settings.database.url)
    services = Services(uow=sql_uow_factory(engine), clock=SystemClock(), policy=settings.policy())
    async with Runtime(settings=settings, engine=engine, services=services) as runtime:
        async with serving(runtime, fake) as slack:
            response = await slack.slash("feedback this cannot be stored", user=CLIENT)
            told = await response.json()
            assert told["response_type"] == "ephemeral"
            assert told["text"].startswith("Sorry, I could not save that")
            assert slack.fake.called("chat.postMessage") == []  # no false confirmation


async def test_a_rate_limited_post_waits_for_retry_after_then_goes_through(slack: Harness) -> None:
    await slack.seed()
    slack.fake.answer_rate_limited("chat.postMessage")
    await slack.slash("feedback posted after a pause", user=CLIENT)
    first, second = await slack.fake.wait_call("chat.postMessage", count=2)
    assert second.at - first.at >= 1.0  # Retry-After: 1 (seconds), honoured
    assert second.args["text"] == first.args["text"]
    assert len(slack.fake.called("chat.postMessage")) == 2  # posted once, not again and again


async def test_a_channel_the_bot_cannot_post_to_is_marked_and_shown_in_status(
    slack: Harness,
) -> None:
    await slack.seed()
    slack.fake.answer_error("chat.postMessage", "error.not_in_channel.json")
    await slack.slash("feedback nobody will see this in the channel", user=CLIENT)
    told = (await slack.fake.wait_hook())[0].args
    assert "nobody will see this" in told["text"] and "not_in_channel" in told["text"]
    assert len(slack.fake.called("chat.postMessage")) == 1  # a permanent error is not retried
    await slack.slash("status", user=PM)
    status = (await slack.fake.wait_hook(count=2))[1].args
    assert "Cannot post to Slack channel C111" in status["text"]
    assert "not_in_channel" in status["text"]
    # Still serving: the next post goes through.
    await slack.slash("feedback after the invite", user=CLIENT)
    await slack.fake.wait_call("chat.postMessage", count=2)


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def test_a_transient_server_error_is_retried(slack: Harness) -> None:
    await slack.seed()
    slack.fake.answer_status("chat.postMessage", 503)
    await slack.slash("feedback after a hiccup", user=CLIENT)
    first, second = await slack.fake.wait_call("chat.postMessage", count=2)
    assert second.args["text"] == first.args["text"]
    assert slack.fake.hooks == []  # the caller is not bothered with it


@pytest.mark.parametrize(
    ("command", "line", "user", "hint"),
    [
        ("/issue", "", CLIENT, "Describe the issue: issue TITLE [low|medium|high|critical]"),
        ("/signoff", "brief edit", PM, "Edit the brief in the form, or type it: brief set goal …, "
         "brief add deliverable …"),
    ],
)  # fmt: skip
async def test_a_form_that_cannot_be_made_before_the_trigger_expires_is_offered_as_text(
    migrated_url: str, fake: FakeSlack, command: str, line: str, user: str, hint: str
) -> None:
    gate = asyncio.Event()
    async with await build_runtime(slack_settings(migrated_url, fake)) as runtime:
        async with serving(runtime, fake) as setup:
            await setup.seed()
        async with serving(stuck(runtime, gate), fake, answer_deadline=ANSWER_DEADLINE) as slack:
            told = await (await slack.slash(line, command=command, user=user)).json()
            assert told["text"] == hint
            assert slack.fake.called("views.open") == []  # the trigger would have expired
            gate.set()


async def test_a_rate_limit_that_outlasts_the_retries_is_retried_later_not_a_dead_channel(
    slack: Harness,
) -> None:
    """The scheduler posts through the messenger: a 429 that outlasts slack_sdk's own retries
    must come back as "try again after Retry-After", never as a channel the bot lost."""
    await slack.seed()
    for _ in range(4):  # the first try and slack_sdk's three retries
        slack.fake.answer_rate_limited("chat.postMessage")
    channel = Conversation(platform=Platform.SLACK, tenant=TEAM, channel=CHANNEL)

    with pytest.raises(SendFailed) as failed:
        await slack.adapter.messenger.send(channel, Message(text="weekly digest"))

    assert not failed.value.permanent and failed.value.retry_after == 1.0
    async with slack.runtime.services.uow() as uow:
        project = await uow.projects.for_conversation(channel)
        assert await uow.projects.binding_problems(project.id) == {}


async def test_the_schedulers_messenger_hands_a_rate_limit_back_at_once(slack: Harness) -> None:
    """The scheduler paces itself and holds the channel on a 429: its messenger does not sleep
    through Retry-After in the call (which would keep a delivery slot busy)."""
    await slack.seed()
    slack.fake.answer_rate_limited("chat.postMessage")
    channel = Conversation(platform=Platform.SLACK, tenant=TEAM, channel=CHANNEL)

    with pytest.raises(SendFailed) as failed:
        await slack.adapter.paced_messenger.send(channel, Message(text="weekly digest"))

    assert not failed.value.permanent and failed.value.retry_after == 1.0
    assert len(slack.fake.called("chat.postMessage")) == 1
    await slack.adapter.paced_messenger.send(channel, Message(text="weekly digest"))
    assert len(slack.fake.called("chat.postMessage")) == 2
