"""Shared database fixtures: every storage-backed test runs on SQLite, and on PostgreSQL in CI.

`database_url` is a fresh, empty database per test (a temporary SQLite file, or a new
PostgreSQL database when SIGNOFF_TEST_POSTGRES_URL is set); `engine` is that database migrated
to head; `uow_factory` makes units of work on it, as the composition root does.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
import pytest
from hypothesis import settings
from sqlalchemy import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.database import make_engine
from storage.migrate import upgrade
from storage.uow import SqlUnitOfWork, sql_uow_factory

# CI tries the same generated examples on every run, so a red build is about the change and
# not the dice; a developer's run explores new ones (and Hypothesis keeps what failed).
settings.register_profile("ci", derandomize=True)
settings.load_profile(os.environ.get("SIGNOFF_HYPOTHESIS_PROFILE", "default"))

POSTGRES_URL_VARIABLE = "SIGNOFF_TEST_POSTGRES_URL"
_SQLITE_ONLY = pytest.StashKey[int]()


def _database_kinds() -> list[object]:
    kinds = [pytest.param("sqlite", id="sqlite")]
    if os.environ.get(POSTGRES_URL_VARIABLE):
        kinds.append(pytest.param("postgresql", id="postgresql"))
    return kinds


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Without a PostgreSQL URL, drop the PostgreSQL-only tests from the run instead of skipping
    them: a local run on SQLite alone is complete for what it covers, and CI sets the URL."""
    if os.environ.get(POSTGRES_URL_VARIABLE):
        return
    dropped = [item for item in items if _on_postgresql(item)]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = [item for item in items if item not in dropped]
    on_a_database = [i for i in items if "database_url" in getattr(i, "fixturenames", ())]
    config.stash[_SQLITE_ONLY] = len(on_a_database)


def _on_postgresql(item: pytest.Item) -> bool:
    """Whether the test runs on PostgreSQL, whatever else its id names (`[case-postgresql]`)."""
    callspec = getattr(item, "callspec", None)
    return callspec is not None and callspec.params.get("database_url") == "postgresql"


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    """Say what a SQLite-only run left out: races only PostgreSQL can show (two transactions
    numbering FB-n at once) pass on SQLite, whose transactions take turns."""
    if count := config.stash.get(_SQLITE_ONLY, 0):
        terminalreporter.write_line(
            f"{count} database tests ran on SQLite only: set {POSTGRES_URL_VARIABLE} to run "
            "them on PostgreSQL too.",
            yellow=True,
        )


@pytest.fixture(params=_database_kinds())
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """The URL of a new, empty database that nothing else uses, removed after the test."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'signoff.db'}"
        return
    async with _scratch_postgres_database(os.environ[POSTGRES_URL_VARIABLE]) as url:
        yield url


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    """An engine on `database_url`, migrated to head; fails if a test leaks a connection."""
    engine = make_engine(database_url)
    try:
        await upgrade(engine)
        yield engine
        assert engine.pool.checkedout() == 0, "a connection was left checked out"
    finally:
        await engine.dispose()


@pytest.fixture
def uow_factory(engine: AsyncEngine) -> Callable[[], SqlUnitOfWork]:
    return sql_uow_factory(engine)


@asynccontextmanager
async def _scratch_postgres_database(server_url: str) -> AsyncIterator[str]:
    """CREATE DATABASE signoff_t_<random> on the server at `server_url`; DROP it afterwards."""
    name = f"signoff_t_{uuid.uuid4().hex[:12]}"
    await _run_on_server(server_url, f'CREATE DATABASE "{name}"')
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        await _run_on_server(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def _run_on_server(server_url: str, statement: str) -> None:
    # Plain asyncpg: CREATE/DROP DATABASE cannot run inside the transaction SQLAlchemy would open.
    try:
        connection = await asyncpg.connect(_libpq_dsn(server_url), timeout=10)
    except (OSError, asyncpg.PostgresError) as exc:
        pytest.fail(
            f"{POSTGRES_URL_VARIABLE} is set but PostgreSQL does not answer: {exc!r}. "
            f"Start it, or unset {POSTGRES_URL_VARIABLE} to test on SQLite only.",
            pytrace=False,
        )
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


def _libpq_dsn(url: str) -> str:
    """asyncpg wants postgresql://, not SQLAlchemy's postgresql+asyncpg://."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
