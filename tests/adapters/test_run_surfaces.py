"""`signoff run` says at start which surfaces are on and why one that looks configured is off;
building the Slack app logs no warning, even with SLACK_BOT_TOKEN in the environment."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from adapters.composition import build_runtime
from adapters.config import settings_from_mapping
from adapters.surfaces import surfaces_line


def settings(**blocks: Any) -> Any:
    return settings_from_mapping(blocks, env={})


@pytest.mark.parametrize(
    ("blocks", "no_scheduler", "line"),
    [
        (
            {},
            False,
            "Surfaces: Slack off; Teams off; scheduler on",
        ),
        (
            {"slack": {"bot_token": "xoxb-1", "signing_secret": "s"}},
            True,
            "Surfaces: Slack HTTP on; Slack Socket Mode off; Teams off; "
            "scheduler off (--no-scheduler)",
        ),
        (
            {"slack": {"bot_token": "xoxb-1", "app_token": "xapp-1"}},
            False,
            "Surfaces: Slack HTTP off; Slack Socket Mode on; Teams off; scheduler on",
        ),
        (
            {"slack": {"bot_token": "xoxb-1"}, "scheduler": {"enabled": False}},
            False,
            "Surfaces: Slack off: a bot token is set but neither a signing secret nor an app "
            "token; Teams off; scheduler off (scheduler.enabled is false)",
        ),
        (
            {"slack": {"signing_secret": "s", "app_token": "xapp-1"}},
            False,
            "Surfaces: Slack off: a signing secret and an app token are set but no bot token; "
            "Teams off; scheduler on",
        ),
        (
            {"teams": {"app_id": "a", "app_password": "p", "app_tenant_id": "t"}},
            False,
            "Surfaces: Slack off; Teams on; scheduler on",
        ),
        (
            {"teams": {"allow_unauthenticated": True}},
            False,
            "Surfaces: Slack off; Teams on without authentication (for the Bot Framework "
            "Emulator only); scheduler on",
        ),
    ],
    ids=[
        "nothing",
        "slack-http",
        "socket-mode",
        "bot-token-alone",
        "no-bot-token",
        "teams",
        "emulator",
    ],
)
def test_the_start_line_names_each_surface_and_why_one_is_off(
    blocks: dict[str, Any], no_scheduler: bool, line: str
) -> None:
    assert surfaces_line(settings(**blocks), no_scheduler=no_scheduler) == line


async def test_the_slack_app_is_built_without_a_warning_with_the_token_in_the_environment(
    tmp_path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from adapters.platforms import build_slack

    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-from-the-environment")  # as the README says
    raw = {
        "database": {"url": f"sqlite:///{tmp_path / 'x.db'}"},
        "slack": {"bot_token": "${SLACK_BOT_TOKEN}", "app_token": "xapp-1", "api_url": "http://x/"},
    }
    async with await build_runtime(settings_from_mapping(raw)) as runtime:
        with caplog.at_level(logging.WARNING):
            adapter = build_slack(runtime)

    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    assert adapter.client.base_url == "http://x/"  # bolt's client, on our API URL
    assert adapter.client.token == "xoxb-from-the-environment"
