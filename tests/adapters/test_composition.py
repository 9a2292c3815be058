"""Starting up: SQLite migrates itself; PostgreSQL waits for `signoff db upgrade`."""

from __future__ import annotations

import socket
from datetime import UTC

import pytest

from adapters.composition import StartupError, SystemClock, build_runtime
from adapters.config import settings_from_mapping
from storage.migrate import current_revision, head_revision
from tests.adapters.conftest import Signoff


async def test_the_schema_rule_of_each_database(database_url: str) -> None:
    settings = settings_from_mapping({"database": {"url": database_url}})
    if database_url.startswith("sqlite"):
        async with await build_runtime(settings) as runtime:
            assert await current_revision(runtime.engine) == head_revision()
        return
    with pytest.raises(StartupError, match="signoff db upgrade") as refused:
        await build_runtime(settings)
    assert "\n" not in str(refused.value)


def test_postgresql_starts_once_upgraded_and_sqlite_always(signoff: Signoff) -> None:
    # The fixture has run `signoff db upgrade` on PostgreSQL; SQLite needed nothing.
    signoff.ok("project", "create", "acme", "--name", "Acme", "--client", "Acme Co.")
    assert signoff.export("acme")["project"]["key"] == "acme"


def test_an_unreachable_database_is_one_line_and_exit_1(signoff: Signoff) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"postgresql://signoff:s3cret@127.0.0.1:{port}/signoff"
    signoff.monkeypatch.setenv("DATABASE_URL", url)

    run = signoff("export", "acme")

    assert run.status == 1
    assert run.err.count("\n") == 1 and "cannot use the database" in run.err
    assert "s3cret" not in run.err


def test_the_system_clock_is_utc() -> None:
    assert SystemClock().now().tzinfo is UTC
