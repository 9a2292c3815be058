"""`signoff manifest slack --socket-mode` needs no --url: Socket Mode has no request URL."""

from __future__ import annotations

import pytest
import yaml

from adapters.cli import main


def test_socket_mode_prints_a_manifest_without_a_url(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["manifest", "slack", "--socket-mode"]) == 0
    app = yaml.safe_load(capsys.readouterr().out)
    assert app["settings"]["socket_mode_enabled"] is True
    assert "request_url" not in app["settings"]["event_subscriptions"]
    assert "request_url" not in app["settings"]["interactivity"]
    assert all("url" not in command for command in app["features"]["slash_commands"])
    assert {c["command"] for c in app["features"]["slash_commands"]} == {
        "/signoff", "/feedback", "/issue"
    }  # fmt: skip


def test_http_mode_without_a_url_says_which_flag_is_missing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["manifest", "slack"]) == 2
    assert capsys.readouterr().err.strip() == (
        "signoff: --url is required unless --socket-mode (Slack needs an address)"
    )
