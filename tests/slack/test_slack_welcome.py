"""Invited to a channel, Signoff says once how to bind it: the event POSTed signed through the real
bolt app, the message seen at the fake Slack."""

from __future__ import annotations

import copy
from typing import Any

from fake_slack import FakeSlack
from slack_harness import CHANNEL, TEAM, Harness, inbound, serving, slack_settings

from adapters.composition import build_runtime
from adapters.slack.ids import EVENTS

BOT = "W23456789"  # the user_id of the fake's auth.test answer
NEW = "C0NEWCHAN"


def joined(user: str = BOT, channel: str = NEW, event_id: str = "EvJoin1") -> dict[str, Any]:
    """member_joined_channel as Slack's Events API delivers it (the envelope of app_mention)."""
    body = copy.deepcopy(inbound("event_callback_app_mention.json"))
    body["event_id"] = event_id
    body["event"] = {"type": "member_joined_channel", "user": user, "channel": channel,
                     "channel_type": "C", "team": TEAM, "inviter": "W111",
                     "event_ts": "1700000000.000100"}  # fmt: skip
    return body


async def settled(slack: Harness) -> None:
    """The work after the answers (the welcome's post) is done."""
    await slack.adapter.runner.drain(10.0)


def posts(fake: FakeSlack) -> list[dict[str, Any]]:
    return [c.args for c in fake.called("chat.postMessage")]


async def test_the_bot_invited_to_a_channel_says_how_to_bind_it_once(slack: Harness) -> None:
    assert "member_joined_channel" in EVENTS  # in the manifest, so Slack sends it
    for event_id in ("EvJoin1", "EvJoin1", "EvJoin2"):  # a retry, then a second invitation
        assert (await slack.event(joined(event_id=event_id))).status == 200
        await settled(slack)
    said = posts(slack.fake)
    assert len(said) == 1
    assert said[0]["channel"] == NEW
    assert "/signoff project bind KEY" in said[0]["text"]
    assert "PM who created it has it" in said[0]["text"]


async def test_a_bound_channel_gets_no_welcome(slack: Harness) -> None:
    await slack.seed()  # acme is bound to C111
    assert (await slack.event(joined(channel=CHANNEL))).status == 200
    await settled(slack)
    assert posts(slack.fake) == []


async def test_someone_else_joining_is_not_welcomed(slack: Harness) -> None:
    assert (await slack.event(joined(user="W999"))).status == 200
    await settled(slack)
    assert posts(slack.fake) == []


async def test_after_a_restart_the_channel_is_not_welcomed_again(
    migrated_url: str, fake: FakeSlack
) -> None:
    for event_id in ("EvJoinA", "EvJoinB"):  # Slack re-sends the join to the new process
        async with await build_runtime(slack_settings(migrated_url, fake)) as runtime:
            async with serving(runtime, fake) as slack:
                assert (await slack.event(joined(event_id=event_id))).status == 200
                await settled(slack)
    assert len(posts(fake)) == 1


async def test_the_welcome_speaks_the_studios_default_language(
    migrated_url: str, fake: FakeSlack
) -> None:
    settings = slack_settings(migrated_url, fake)
    settings = settings.model_copy(
        update={"defaults": settings.defaults.model_copy(update={"locale": "zh-CN"})}
    )
    async with await build_runtime(settings) as runtime:
        async with serving(runtime, fake) as slack:
            assert (await slack.event(joined())).status == 200
            await settled(slack)
    assert "“/signoff project bind 项目标识”" in posts(fake)[0]["text"]
