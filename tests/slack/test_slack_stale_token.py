"""Two Signoff instances on one database: the app uninstalled and installed again through one of
them gives the workspace a new bot token, which the other, still holding the old one, takes up
when Slack refuses the old; nothing is marked and the post reaches the channel."""

from __future__ import annotations

import copy
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from datetime import timedelta

import pytest
from fake_slack import INSTALLS, FakeSlack
from slack_harness import CHANNEL, CLIENT, Harness, inbound, serving, slack_settings
from test_slack_oauth_install import CLIENT_ID, CLIENT_SECRET, KEY, install, project_in

from adapters.composition import build_runtime
from adapters.slack.courier import slack_address
from bot.messages import Audience, Message, Reply
from bot.model import Conversation, Platform
from bot.outbox import QueuedReply

OLD, NEW = INSTALLS["code-a"]["access_token"], INSTALLS["code-a-again"]["access_token"]
WHERE = Conversation(platform=Platform.SLACK, tenant="T111", channel=CHANNEL)


@pytest.fixture
async def instances(migrated_url: str, fake: FakeSlack) -> AsyncIterator[tuple[Harness, Harness]]:
    """Two instances serving the same database and the same Slack app."""
    settings = slack_settings(migrated_url, fake, bot_token="", client_id=CLIENT_ID,
                              client_secret=CLIENT_SECRET, encryption_secret=KEY)  # fmt: skip
    async with AsyncExitStack() as stack:
        served = []
        for _ in range(2):
            runtime = await stack.enter_async_context(await build_runtime(settings))
            served.append(await stack.enter_async_context(serving(runtime, fake)))
        yield served[0], served[1]


def channel_record(harness: Harness, text: str) -> QueuedReply:
    address = slack_address(team="T111", user_team="T111", user=CLIENT, channel=CHANNEL,
                            response_url=harness.fake.hook_url("late"))  # fmt: skip
    created = harness.runtime.services.clock.now() - timedelta(minutes=1)
    return QueuedReply(id=1, platform=Platform.SLACK, lane=CHANNEL, address=address,
                       reply=Reply(message=Message(text=text), audience=Audience.CHANNEL),
                       created_at=created, attempts=1)  # fmt: skip


async def uninstalled(harness: Harness) -> None:
    """Slack's app_uninstalled for T111, which reaches one instance; the old token is dead."""
    gone = copy.deepcopy(inbound("event_callback_app_mention.json"))
    gone.update(enterprise_id=None, event={"type": "app_uninstalled"}, event_id="Ev0GONE")
    assert (await harness.event(gone)).status == 200
    harness.fake.revoked.add(OLD)


async def problems(harness: Harness) -> dict[Conversation, str]:
    async with harness.runtime.services.uow() as uow:
        project = await uow.projects.get_by_key("acme")
        assert project is not None
        return await uow.projects.binding_problems(project.id)


async def test_a_token_reinstalled_through_another_instance_is_taken_up(
    instances: tuple[Harness, Harness], fake: FakeSlack
) -> None:
    first, second = instances
    assert await install(first, "code-a") == 200
    await project_in(first, "acme", "T111", CHANNEL)
    await second.adapter.runner.courier.deliver(channel_record(second, "FB-1 logged"))
    assert [c.token for c in await fake.wait_call("chat.postMessage")] == [OLD]

    await uninstalled(first)
    assert await problems(second) == {WHERE: "token_revoked"}
    assert await install(first, "code-a-again") == 200
    assert await problems(second) == {}  # installed again: the uninstall's mark is untrue now

    await second.adapter.runner.courier.deliver(channel_record(second, "FB-2 logged"))
    posts = await fake.wait_call("chat.postMessage", 3)
    # The old token refused once, then the post made with the new one.
    assert [(c.token, c.args["text"]) for c in posts[1:]] == [
        (OLD, "FB-2 logged"), (NEW, "FB-2 logged")
    ]  # fmt: skip
    assert fake.hooks == []  # nobody was told it could not be posted
    assert await problems(second) == {}

    # Held from now on: the next post goes with the new token at once.
    await second.adapter.runner.courier.deliver(channel_record(second, "FB-3 logged"))
    assert (await fake.wait_call("chat.postMessage", 4))[3].token == NEW


async def test_a_token_revoked_with_no_new_one_is_refused_once_and_marked(
    instances: tuple[Harness, Harness], fake: FakeSlack
) -> None:
    first, second = instances
    assert await install(first, "code-a") == 200
    await project_in(first, "acme", "T111", CHANNEL)
    await second.adapter.runner.courier.deliver(channel_record(second, "FB-1 logged"))
    await fake.wait_call("chat.postMessage")
    fake.revoked.add(OLD)  # revoked in Slack; no instance has heard of it yet

    await second.adapter.runner.courier.deliver(channel_record(second, "FB-2 logged"))
    told = (await fake.wait_hook())[0].args
    assert "FB-2 logged" in told["text"] and "token_revoked" in told["text"]
    assert [c.token for c in fake.called("chat.postMessage")] == [OLD, OLD]  # not again
    assert await problems(second) == {WHERE: "token_revoked"}
