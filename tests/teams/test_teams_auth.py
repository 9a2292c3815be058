"""Who may call /api/messages: botbuilder's JWT check whenever an app id is configured."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient

from adapters.cli import main
from adapters.composition import StartupError, build_runtime
from adapters.config import ConfigError, load_settings, settings_from_mapping
from adapters.platforms import build_teams
from tests.teams.conftest import SECURED, Teams, fixture, teams_settings
from tests.teams.fake_connector import FakeConnector

APP_YAML = Path(__file__).resolve().parents[2] / "app.yaml"


@pytest.mark.parametrize("authorization", [None, "Bearer not-a-jwt", "Basic c2lnbm9mZg=="])
async def test_without_a_valid_token_the_answer_is_401_and_nothing_happens(
    secured: TestClient, connector: FakeConnector, authorization: str | None
) -> None:
    activity = fixture("personal_message.docs.json")
    activity["serviceUrl"], activity["text"] = connector.url, 'project create x "X" client "Y"'
    headers = {"Authorization": authorization} if authorization else {}
    response = await secured.post("/api/messages", json=activity, headers=headers)
    assert response.status == 401
    assert connector.calls == []


async def test_unauthenticated_teams_needs_an_explicit_opt_in(
    database_url: str, engine: object
) -> None:
    settings = teams_settings(database_url, allow_unauthenticated=False)
    assert not settings.teams.enabled  # `signoff run` serves no Teams endpoint at all
    async with await build_runtime(settings) as runtime:
        with pytest.raises(StartupError, match="MICROSOFT_APP_ID is empty"):
            build_teams(runtime)


async def test_opting_in_logs_a_loud_warning(
    teams: Teams, caplog: pytest.LogCaptureFixture, database_url: str
) -> None:
    caplog.set_level(logging.WARNING)
    async with await build_runtime(teams_settings(database_url)) as runtime:
        build_teams(runtime)
    assert "TEAMS AUTHENTICATION IS OFF" in caplog.text


def test_app_yaml_reads_the_registration_from_the_environment() -> None:
    env = {
        "MICROSOFT_APP_ID": "app-1",
        "MICROSOFT_APP_PASSWORD": "pw",
        "MICROSOFT_APP_TENANT_ID": "t-1",
    }
    teams = load_settings(APP_YAML, env=env).teams
    assert (teams.app_id, teams.app_password, teams.app_tenant_id) == ("app-1", "pw", "t-1")
    assert teams.app_type == "SingleTenant" and teams.enabled and teams.authenticated
    multi = load_settings(APP_YAML, env={**env, "MICROSOFT_APP_TYPE": "MultiTenant"}).teams
    assert multi.app_type == "MultiTenant"
    assert not load_settings(APP_YAML, env={}).teams.enabled
    allowed = load_settings(APP_YAML, env={"SIGNOFF_TEAMS_ALLOW_UNAUTHENTICATED": "1"}).teams
    assert allowed.enabled and not allowed.authenticated


def test_half_a_registration_is_a_configuration_error() -> None:
    with pytest.raises(ConfigError, match="teams"):
        load_settings(APP_YAML, env={"MICROSOFT_APP_PASSWORD": "pw"})
    with pytest.raises(ConfigError, match="app_tenant_id is required"):
        load_settings(APP_YAML, env={"MICROSOFT_APP_ID": "a", "MICROSOFT_APP_PASSWORD": "pw"})


def test_without_app_yaml_the_same_variables_apply() -> None:
    env = {
        "MICROSOFT_APP_ID": "app-1",
        "MICROSOFT_APP_PASSWORD": "pw",
        "MICROSOFT_APP_TENANT_ID": "t-1",
    }
    teams = settings_from_mapping({}, env=env).teams
    assert teams.enabled and teams.app_id == "app-1"


def test_signoff_run_refuses_half_a_teams_registration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SIGNOFF_CONFIG", raising=False)
    monkeypatch.delenv("MICROSOFT_APP_ID", raising=False)
    monkeypatch.setenv("MICROSOFT_APP_PASSWORD", "pw")
    assert main(["run", "--port", "0"]) == 2  # before anything listens
    assert "teams" in capsys.readouterr().err


def test_graph_files_need_the_apps_own_credentials() -> None:
    with pytest.raises(ConfigError, match="graph_files needs app_id"):
        load_settings(APP_YAML, env={"SIGNOFF_TEAMS_GRAPH_FILES": "1",
                                     "SIGNOFF_TEAMS_ALLOW_UNAUTHENTICATED": "1"})  # fmt: skip
    env = {"MICROSOFT_APP_ID": "app-1", "MICROSOFT_APP_PASSWORD": "pw",
           "MICROSOFT_APP_TENANT_ID": "t-1", "SIGNOFF_TEAMS_GRAPH_FILES": "1"}  # fmt: skip
    teams = load_settings(APP_YAML, env=env).teams
    assert teams.graph_files and teams.graph_url == "https://graph.microsoft.com/v1.0"


async def test_with_graph_files_on_the_platform_reads_channel_files_through_graph(
    database_url: str, engine: object
) -> None:
    registered = {**SECURED, "graph_files": True}
    async with await build_runtime(teams_settings(database_url, **registered)) as runtime:
        assert build_teams(runtime).graph is not None
    async with await build_runtime(teams_settings(database_url, **SECURED)) as runtime:
        assert build_teams(runtime).graph is None
