"""The slack: block: on when its secrets are set, through app.yaml interpolation, never printed."""

from __future__ import annotations

from pathlib import Path

import yaml
from aiohttp.test_utils import TestClient, TestServer
from fake_slack import FakeSlack
from slack_harness import slack_settings

from adapters.composition import build_runtime
from adapters.config import settings_from_mapping
from adapters.logs import secrets_in
from adapters.platforms import build_platforms
from adapters.server import make_app
from bot.model import Platform

ROOT = Path(__file__).resolve().parents[2]


def shipped(env: dict[str, str]):
    raw = yaml.safe_load((ROOT / "app.yaml").read_text())
    return settings_from_mapping(raw, env={"DATABASE_URL": "sqlite:///x.db", **env}).slack


def test_the_shipped_app_yaml_leaves_slack_off_until_its_variables_are_set() -> None:
    off = shipped({})
    assert not off.enabled
    assert off.api_url == "https://slack.com/api/"


def test_bot_token_and_signing_secret_turn_it_on_for_http() -> None:
    on = shipped({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s3cr3t-value"})
    assert on.enabled and on.http and not on.socket_mode
    assert not shipped({"SLACK_BOT_TOKEN": "xoxb-1"}).enabled
    assert not shipped({"SLACK_SIGNING_SECRET": "s3cr3t-value"}).enabled


def test_without_app_yaml_the_same_variables_apply() -> None:
    env = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s3cr3t-value"}
    slack = settings_from_mapping({}, env=env).slack
    assert slack.enabled and slack.bot_token == "xoxb-1"
    assert not settings_from_mapping({}, env={}).slack.enabled


def test_an_app_token_turns_on_socket_mode_and_the_api_url_can_be_pointed_elsewhere() -> None:
    env = {
        "SLACK_BOT_TOKEN": "xoxb-1",
        "SLACK_APP_TOKEN": "xapp-1",
        "SLACK_API_URL": "http://127.0.0.1:9/api",
    }
    on = shipped(env)
    assert on.enabled and on.socket_mode
    assert on.api_url == "http://127.0.0.1:9/api/"


def test_secrets_are_kept_out_of_reprs_and_masked_in_logs() -> None:
    values = {
        "SLACK_BOT_TOKEN": "xoxb-very-secret",
        "SLACK_SIGNING_SECRET": "sign-very-secret",
        "SLACK_APP_TOKEN": "xapp-very-secret",
    }
    on = shipped(values)
    assert "very-secret" not in repr(on) + str(on)
    masked = set(secrets_in({"slack": on.model_dump()}))
    assert set(values.values()) <= masked


async def test_signoff_run_serves_slack_when_it_is_configured(
    migrated_url: str, fake: FakeSlack
) -> None:
    async with await build_runtime(slack_settings(migrated_url, fake)) as runtime:
        platforms = build_platforms(runtime)
        assert [p.platform for p in platforms] == [Platform.SLACK]
        app = make_app(runtime, [lambda app, _runtime: platforms[0].install(app)])
        async with TestClient(TestServer(app, host="127.0.0.1")) as client:
            response = await client.post("/slack/events", data=b"{}")
            assert response.status == 401  # there, and checking signatures
        await platforms[0].aclose()
