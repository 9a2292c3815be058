"""Configuration: app.yaml, interpolation from the environment, one-line errors."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest

from adapters.config import ConfigError, load_settings, settings_from_mapping
from bot.model import Severity

REPO = Path(__file__).resolve().parents[2]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "app.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def error_of(path: Path, env: dict[str, str] | None = None) -> str:
    with pytest.raises(ConfigError) as caught:
        load_settings(path, env=env or {})
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_the_shipped_app_yaml_gives_the_documented_defaults() -> None:
    settings = load_settings(REPO / "app.yaml", env={})
    assert settings.database.url == "sqlite:///signoff.db"
    assert (settings.server.host, settings.server.port) == ("0.0.0.0", 3978)
    policy = settings.policy()
    assert policy.default_locale == "en"
    assert policy.working_days == (0, 1, 2, 3, 4)
    assert (policy.workday_start, policy.workday_end) == (time(9), time(18))
    assert (policy.quiet_start, policy.quiet_end) == (time(20), time(8))
    assert policy.revision_rounds == 2
    assert policy.response_hours == {
        Severity.CRITICAL: 4,
        Severity.HIGH: 8,
        Severity.MEDIUM: 24,
        Severity.LOW: 72,
    }


def test_the_shipped_app_yaml_takes_the_database_and_port_from_the_environment() -> None:
    env = {"DATABASE_URL": "postgres://signoff@db.internal/signoff", "PORT": "8080"}
    settings = load_settings(REPO / "app.yaml", env=env)
    assert settings.database.url == "postgres://signoff@db.internal/signoff"
    assert settings.server.port == 8080


def test_without_a_file_the_built_in_defaults_still_honour_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no app.yaml here
    settings = load_settings(env={"DATABASE_URL": "postgresql://u@h/db", "PORT": "9000"})
    assert settings.database.url == "postgresql://u@h/db"
    assert settings.server.port == 9000
    assert load_settings(env={}).database.url == "sqlite:///signoff.db"


def test_signoff_config_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "server:\n  port: 4000\n")
    assert load_settings(env={"SIGNOFF_CONFIG": str(path)}).server.port == 4000


def test_interpolation_with_and_without_defaults(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "database:\n  url: postgresql://${DB_USER}@${DB_HOST:-localhost}/${DB_NAME:-signoff}\n"
        "defaults:\n  timezone: ${STUDIO_TZ:-Europe/London}\n",
    )
    settings = load_settings(path, env={"DB_USER": "studio", "DB_NAME": "prod"})
    assert settings.database.url == "postgresql://studio@localhost/prod"
    assert settings.defaults.timezone == "Europe/London"


def test_an_unset_variable_without_default_names_the_key_and_the_variable(tmp_path: Path) -> None:
    path = write(tmp_path, "database:\n  url: ${SECRET_DB_URL}\n")
    message = error_of(path)
    assert "database.url" in message
    assert "SECRET_DB_URL" in message


def test_a_wrong_key_is_one_line_naming_it(tmp_path: Path) -> None:
    path = write(tmp_path, "server:\n  prot: 3978\n")
    assert error_of(path) == f"{path}: server.prot: unknown key"


def test_a_wrong_type_is_one_line_naming_the_key_and_the_value(tmp_path: Path) -> None:
    path = write(tmp_path, "server:\n  port: abc\n")
    assert error_of(path) == f"{path}: server.port: Input should be a valid integer, got 'abc'"


@pytest.mark.parametrize(
    ("yaml_text", "key"),
    [
        ("defaults:\n  timezone: Mars/Olympus\n", "defaults.timezone"),
        ("defaults:\n  locale: fr\n", "defaults.locale"),
        ("defaults:\n  working_days: [mon, funday]\n", "defaults.working_days.1"),
        ("defaults:\n  workday:\n    start: '25:00'\n    end: '18:00'\n", "defaults.workday.start"),
        ("defaults:\n  response_hours:\n    urgent: 1\n", "defaults.response_hours.urgent"),
        ("defaults:\n  workday: {start: '18:00', end: '09:00'}\n", "defaults.workday"),
        ("database:\n  url: mysql://x/y\n", "database.url"),
        ("slack:\n  token: xoxb\n", "slack.token"),
    ],
)
def test_each_bad_value_names_its_key(tmp_path: Path, yaml_text: str, key: str) -> None:
    path = write(tmp_path, yaml_text)
    assert error_of(path).startswith(f"{path}: {key}: ")


def test_postgres_urls_of_both_spellings_are_accepted(tmp_path: Path) -> None:
    for url in ("postgres://u:pw@h:5432/db", "postgresql://u@h/db", "sqlite:///x.db"):
        path = write(tmp_path, f"database:\n  url: {url}\n")
        assert load_settings(path, env={}).database.url == url


def test_a_password_never_appears_in_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "database:\n  url: mysql://u:hunter2@h/db\n")
    assert "hunter2" not in error_of(path)


def test_empty_platform_blocks_and_times_written_without_quotes(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "database:\nslack:\nteams: {}\nscheduler: null\n"
        "defaults:\n  quiet_hours:\n    start: 21:30\n    end: 07:00\n",
    )
    settings = load_settings(path, env={})
    assert settings.defaults.quiet_hours.start == time(21, 30)
    assert settings.policy().quiet_end == time(7)


def test_a_missing_file_and_broken_yaml_are_one_line(tmp_path: Path) -> None:
    assert "cannot read" in error_of(tmp_path / "nope.yaml")
    assert "not valid YAML" in error_of(write(tmp_path, "server: [unclosed\n"))


def test_a_refused_secret_is_never_echoed_back() -> None:
    with pytest.raises(ConfigError) as refused:
        settings_from_mapping({"slack": {"bot_token": ["xoxb-a-real-looking-token"]}})
    assert "slack.bot_token" in str(refused.value)
    assert "xoxb-a-real-looking-token" not in str(refused.value)
