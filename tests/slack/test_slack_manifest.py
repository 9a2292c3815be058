"""`signoff manifest slack` prints an app manifest that matches what the adapter listens to."""

from __future__ import annotations

import copy

import pytest
import yaml
from slack_harness import CLIENT, Harness, inbound

from adapters.cli import main
from adapters.slack.ids import METHOD_SCOPES
from adapters.slack.manifest import manifest_yaml


def manifest(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    assert main(["manifest", "slack", *args]) == 0
    return yaml.safe_load(capsys.readouterr().out)


def test_the_manifest_points_slack_at_the_one_endpoint(capsys: pytest.CaptureFixture[str]) -> None:
    app = manifest(capsys, "--url", "https://signoff.example.com/")
    endpoint = "https://signoff.example.com/slack/events"
    assert {c["url"] for c in app["features"]["slash_commands"]} == {endpoint}
    assert app["settings"]["event_subscriptions"]["request_url"] == endpoint
    assert app["settings"]["interactivity"] == {"is_enabled": True, "request_url": endpoint}
    assert app["features"]["app_home"]["home_tab_enabled"] is True
    assert app["settings"]["socket_mode_enabled"] is False


def test_the_socket_mode_manifest_has_no_request_urls(capsys: pytest.CaptureFixture[str]) -> None:
    app = manifest(capsys, "--url", "https://signoff.example.com", "--socket-mode")
    assert app["settings"]["socket_mode_enabled"] is True
    assert "request_url" not in app["settings"]["event_subscriptions"]
    assert all("url" not in c for c in app["features"]["slash_commands"])


def test_a_plain_http_url_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["manifest", "slack", "--url", "http://signoff.example.com"]) == 2
    assert "https://" in capsys.readouterr().err


async def test_everything_the_manifest_registers_is_answered_and_every_call_has_its_scope(
    slack: Harness,
) -> None:
    app = yaml.safe_load(manifest_yaml("https://signoff.example.com"))  # what the CLI prints
    await slack.seed()
    for number, command in enumerate(app["features"]["slash_commands"], start=1):
        response = await slack.slash("help", command=command["command"], user=CLIENT)
        assert response.status == 200, command  # bolt answers 404 to what nobody listens to
        await slack.fake.wait_for(
            lambda n=number: (
                len(slack.fake.hooks)
                + len(slack.fake.called("chat.postMessage"))
                + len(slack.fake.called("views.open"))
                >= n
            )
        )
    for shortcut in app["features"]["shortcuts"]:
        payload = copy.deepcopy(inbound("block_actions.payload.json"))
        payload.pop("actions")
        payload.update(
            type="message_action",
            callback_id=shortcut["callback_id"],
            message_ts="1.2",
            message={"type": "message", "user": CLIENT, "text": "shortcut text", "ts": "1.2"},
        )
        payload["response_url"] = slack.fake.hook_url()
        assert (await slack.interact(payload)).status == 200
    for number, name in enumerate(app["settings"]["event_subscriptions"]["bot_events"]):
        event = copy.deepcopy(inbound("event_callback_app_mention.json"))
        event["event_id"] = f"EvManifest{number}"
        event["event"].update(type=name, text="<@W23456789> help", tab="home")
        assert (await slack.event(event)).status == 200, name
    await slack.fake.wait_call("views.publish")
    unrelated = {"type": "event_callback", "event_id": "EvX", "event": {"type": "reaction_added"}}
    assert (await slack.event(unrelated)).status == 404  # the check above would notice a gap
    granted = set(app["oauth_config"]["scopes"]["bot"])
    assert "commands" in granted and "app_mentions:read" in granted
    for call in slack.fake.calls:
        assert call.method in METHOD_SCOPES, f"{call.method} is called but has no scope entry"
        assert set(METHOD_SCOPES[call.method]) <= granted, call.method
