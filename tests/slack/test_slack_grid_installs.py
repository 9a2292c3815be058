"""Enterprise Grid with an org-wide install: uninstalled from the org, every workspace of it
that Signoff knows is shown in `status` at once; a workspace bound by the admin CLI that never
sent a request is found in the org through Slack's auth.teams.list."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from fake_slack import INSTALLS, FakeSlack
from slack_harness import CLIENT, Harness, operator, serving, slack_settings
from test_slack_oauth_install import CLIENT_ID, CLIENT_SECRET, KEY, install, project_in

from adapters.composition import build_runtime
from adapters.slack.courier import slack_address
from bot.commands import ShowStatus
from bot.messages import Audience, Message, Reply
from bot.model import Platform
from bot.outbox import QueuedReply
from bot.service import handle

ORG = "E12345678"
ORG_TOKEN = INSTALLS["code-grid"]["access_token"]


@pytest.fixture
async def grid(migrated_url: str, fake: FakeSlack) -> AsyncIterator[Harness]:
    """Signoff in OAuth mode, installed org-wide in Grid org ORG."""
    settings = slack_settings(migrated_url, fake, bot_token="", client_id=CLIENT_ID,
                              client_secret=CLIENT_SECRET, encryption_secret=KEY)  # fmt: skip
    async with await build_runtime(settings) as runtime:
        async with serving(runtime, fake) as harness:
            assert await install(harness, "code-grid") == 200
            yield harness


def org_uninstalled() -> dict[str, object]:
    """app_uninstalled for an org-wide install, as Slack sends it: the authorization names
    the org and no workspace."""
    return {
        "token": "verification_token", "team_id": "T333", "enterprise_id": ORG,
        "api_app_id": "A0KRD7HC3", "type": "event_callback", "event_id": "Ev0UNINSTALL",
        "event_time": 1700000000, "event": {"type": "app_uninstalled"},
        "authorizations": [{"enterprise_id": ORG, "team_id": None, "user_id": "U0KRQLJ78",
                            "is_bot": True, "is_enterprise_install": True}],
    }  # fmt: skip


async def status_text(harness: Harness, key: str) -> str:
    """`status` as the project's PM reads it (asked here through the admin console)."""
    result = await handle(ShowStatus(), operator(key), harness.runtime.services)
    return "\n".join(reply.message.text for reply in result.replies)


async def test_an_org_wide_uninstall_shows_every_known_workspace_in_status_at_once(
    grid: Harness,
) -> None:
    assert await install(grid, "code-a") == 200  # T111, a workspace outside Grid
    await project_in(grid, "north", "T333", "C333")
    await project_in(grid, "south", "T444", "C444")
    await project_in(grid, "solo", "T111", "C111")
    for team, channel in (("T333", "C333"), ("T444", "C444")):  # each seen once in a request
        await grid.slash(f"a note from {team}", command="/feedback", user=CLIENT, team_id=team,
                         enterprise_id=ORG, channel_id=channel)  # fmt: skip
    await grid.fake.wait_call("chat.postMessage", 2)
    before = len(grid.fake.calls)

    assert (await grid.event(org_uninstalled())).status == 200

    for key, channel in (("north", "C333"), ("south", "C444")):
        shown = await status_text(grid, key)
        assert f"Cannot post to Slack channel {channel}: token_revoked" in shown
    assert "Cannot post" not in await status_text(grid, "solo")  # its own install stays
    assert grid.fake.calls[before:] == []  # marked at once, not by posts that failed


def channel_record(harness: Harness, team: str, channel: str, text: str) -> QueuedReply:
    """A reply for `channel` of workspace `team` in the outbox, as a nudge or reply leaves it."""
    address = slack_address(team=team, user_team=team, user=CLIENT, channel=channel,
                            response_url=harness.fake.hook_url("late"))  # fmt: skip
    created = harness.runtime.services.clock.now() - timedelta(minutes=1)
    return QueuedReply(id=1, platform=Platform.SLACK, lane=channel, address=address,
                       reply=Reply(message=Message(text=text), audience=Audience.CHANNEL),
                       created_at=created, attempts=1)  # fmt: skip


async def test_a_workspace_never_seen_in_a_request_is_found_in_its_org_through_slack(
    grid: Harness,
) -> None:
    fake = grid.fake
    fake.page_size = 1  # the org's workspaces come a page at a time
    fake.granted[ORG_TOKEN] = [{"id": "T444", "name": "Studio North"},
                               {"id": "T555", "name": "Studio South"}]  # fmt: skip
    await project_in(grid, "south", "T555", "C555")  # bound by the admin CLI alone
    courier = grid.adapter.runner.courier

    await courier.deliver(channel_record(grid, "T555", "C555", "M-1 is due Friday"))
    [posted] = await fake.wait_call("chat.postMessage")
    assert (posted.args["channel"], posted.args["text"]) == ("C555", "M-1 is due Friday")
    assert posted.token == ORG_TOKEN
    listed = fake.called("auth.teams.list")
    assert [call.token for call in listed] == [ORG_TOKEN, ORG_TOKEN]  # both pages
    assert "Cannot post" not in await status_text(grid, "south")

    # Remembered: the next post asks Slack nothing more.
    await courier.deliver(channel_record(grid, "T555", "C555", "M-1 approved"))
    await fake.wait_call("chat.postMessage", 2)
    assert len(fake.called("auth.teams.list")) == 2


async def test_a_workspace_no_org_lists_is_not_installed_and_not_asked_about_on_every_post(
    grid: Harness,
) -> None:
    fake = grid.fake
    fake.granted[ORG_TOKEN] = [{"id": "T444", "name": "Studio North"}]
    await project_in(grid, "stray", "T999", "C999")
    courier = grid.adapter.runner.courier

    await courier.deliver(channel_record(grid, "T999", "C999", "M-1 is due Friday"))
    told = (await fake.wait_hook())[0].args  # the caller hears why it is not in the channel
    assert "M-1 is due Friday" in told["text"] and "token_revoked" in told["text"]
    assert fake.called("chat.postMessage") == []
    assert "Cannot post to Slack channel C999: token_revoked" in await status_text(grid, "stray")
    assert len(fake.called("auth.teams.list")) == 1

    await courier.deliver(channel_record(grid, "T999", "C999", "M-1 approved"))
    await fake.wait_hook(2)
    assert len(fake.called("auth.teams.list")) == 1  # the answer is remembered for a while
