"""A database that is down or drops the connection gives StorageUnavailable, never SQLAlchemy's."""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import asyncpg
import pytest
from sqlalchemy import exc as sa_exc
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from storage_helpers import Studio, UowFactory, new_feedback, new_project, only_postgresql

from bot.errors import StorageUnavailable
from storage.database import make_engine, ping
from storage.errors import FAILED, unavailable_on_failure
from storage.migrate import current_revision, upgrade
from storage.stats import operational_counts, unfinished_nudges
from storage.uow import sql_uow_factory


def closed_loopback_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(
    params=[
        pytest.param("postgresql://postgres@127.0.0.1:{port}/signoff", id="pg-closed-port"),
        pytest.param("sqlite:////nonexistent-dir/signoff/signoff.db", id="sqlite-missing-dir"),
    ]
)
async def down_engine(request: pytest.FixtureRequest) -> AsyncIterator[AsyncEngine]:
    engine = make_engine(request.param.format(port=closed_loopback_port()))
    try:
        yield engine
        assert engine.pool.checkedout() == 0
    finally:
        await engine.dispose()
        await aiosqlite_threads_finished()


async def aiosqlite_threads_finished() -> None:
    # aiosqlite 0.22 queues the stop of a connection that failed to open without awaiting it;
    # if this test's event loop closed first, the worker thread would raise "Event loop is
    # closed" during a later test. No connection of this engine is open, so its threads end.
    workers = [t for t in threading.enumerate() if "_connection_worker_thread" in t.name]
    for worker in workers:
        await asyncio.to_thread(worker.join, 10)


async def test_a_repository_call_on_a_down_database_says_unavailable(
    down_engine: AsyncEngine,
) -> None:
    async with sql_uow_factory(down_engine)() as uow:
        with pytest.raises(StorageUnavailable) as failure:
            await uow.projects.get_by_key("ACME")
    assert failure.value.__cause__ is not None  # the driver's reason stays in the chain
    assert await ping(down_engine, timeout=5) is False


async def test_a_commit_on_a_down_database_says_unavailable(down_engine: AsyncEngine) -> None:
    async with sql_uow_factory(down_engine)() as uow:
        with pytest.raises(StorageUnavailable):
            await uow.projects.add(new_project())
        with pytest.raises(StorageUnavailable):
            await uow.commit()


async def test_migrating_a_down_database_says_unavailable(down_engine: AsyncEngine) -> None:
    with pytest.raises(StorageUnavailable):
        await upgrade(down_engine)
    with pytest.raises(StorageUnavailable):
        await current_revision(down_engine)


async def drop_every_other_connection(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        await connection.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        )


@only_postgresql
async def test_a_connection_lost_mid_unit_says_unavailable_and_nothing_is_kept(
    engine: AsyncEngine, uow_factory: UowFactory, studio: Studio, caplog: pytest.LogCaptureFixture
) -> None:
    # Whatever level an earlier test left on the root logger, this one reads warnings.
    caplog.set_level(logging.WARNING, logger="storage.errors")
    async with uow_factory() as uow:
        await uow.feedback.add(new_feedback(studio.project.id, studio.client))
        await drop_every_other_connection(engine)
        with pytest.raises(StorageUnavailable):
            await uow.feedback.count_open(studio.project.id)
    # An operator sees one line saying the database went away, not an error with a traceback.
    said = [r for r in caplog.records if r.name == "storage.errors"]
    assert {r.levelname for r in said} == {"WARNING"} and not any(r.exc_info for r in said)
    assert any("database unavailable" in r.getMessage() for r in said)

    async with uow_factory() as uow:  # the pool recovers: pre-ping replaces dead connections
        assert await uow.feedback.list(studio.project.id) == []


@only_postgresql
async def test_a_connection_lost_before_commit_says_unavailable(
    engine: AsyncEngine, uow_factory: UowFactory, studio: Studio
) -> None:
    async with uow_factory() as uow:
        await uow.feedback.add(new_feedback(studio.project.id, studio.client))
        await drop_every_other_connection(engine)
        with pytest.raises(StorageUnavailable):
            await uow.commit()

    async with uow_factory() as uow:
        assert await uow.feedback.list(studio.project.id) == []


async def test_the_operational_figures_of_a_down_database_say_unavailable(
    down_engine: AsyncEngine,
) -> None:
    # The operator's log and /metrics' error say which reading failed.
    with pytest.raises(StorageUnavailable, match=r"^reading operational counts failed"):
        await operational_counts(down_engine)
    with pytest.raises(StorageUnavailable, match=r"^counting unfinished nudges failed"):
        await unfinished_nudges(down_engine, due_by=datetime(2026, 11, 30, tzinfo=UTC))


@only_postgresql
@pytest.mark.parametrize(
    ("statement", "level", "traceback"),
    [
        # The server cancelled the statement (SQLSTATE 57014, class 57: operator intervention);
        # asyncpg reports it as a plain database error, not as a lost connection.
        pytest.param("SELECT pg_sleep(1)", "WARNING", False, id="cancelled-by-the-server"),
        # A schema that does not match the code is a bug: the operator needs the traceback.
        pytest.param("SELECT * FROM no_such_table", "ERROR", True, id="schema-mismatch"),
    ],
)
async def test_the_log_tells_a_database_that_went_away_from_a_bug(
    engine: AsyncEngine, caplog: pytest.LogCaptureFixture, statement: str, level: str,
    traceback: bool,
) -> None:  # fmt: skip
    caplog.set_level(logging.WARNING, logger="storage.errors")
    async with AsyncSession(engine) as session:
        await session.execute(text("SET LOCAL statement_timeout = '50ms'"))
        with pytest.raises(StorageUnavailable, match=r"^reading failed"):
            with unavailable_on_failure("reading", session):
                await session.execute(text(statement))
        # Committing what is left of the transaction would confirm work that was lost.
        assert session.info[FAILED] is True

    said = [r for r in caplog.records if r.name == "storage.errors"]
    assert [r.levelname for r in said] == [level]
    assert bool(said[0].exc_info) is traceback


class DriverError(Exception):
    """What a DB-API driver raises, carrying the server's SQLSTATE as asyncpg's errors do."""

    def __init__(self, sqlstate: str) -> None:
        super().__init__(f"SQLSTATE {sqlstate}")
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    ("sqlstate", "level"),
    [
        pytest.param("08006", "WARNING", id="connection-failure"),
        pytest.param("57P01", "WARNING", id="admin-shutdown"),
        pytest.param("42P01", "ERROR", id="undefined-table"),
    ],
)
def test_a_driver_error_is_judged_by_its_sqlstate_class(
    caplog: pytest.LogCaptureFixture, sqlstate: str, level: str
) -> None:
    """A driver may report a lost link as a plain database error (not one of the connection
    errors SQLAlchemy names): its SQLSTATE class 08 or 57 still says the database went away,
    and anything else keeps its traceback for the operator."""
    caplog.set_level(logging.WARNING, logger="storage.errors")
    wrapped = sa_exc.DBAPIError("SELECT 1", {}, DriverError(sqlstate))
    wrapped.__cause__ = wrapped.orig  # as SQLAlchemy raises it: `raise … from` the driver's
    with pytest.raises(StorageUnavailable, match=r"^reading failed: DBAPIError$"):
        with unavailable_on_failure("reading"):
            raise wrapped
    [said] = [r for r in caplog.records if r.name == "storage.errors"]
    assert (said.levelname, bool(said.exc_info)) == (level, level == "ERROR")


def test_asyncpg_left_mid_operation_by_a_closed_connection_is_a_lost_link(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """SQLAlchemy's asyncpg adapter raises its own error from asyncpg's "cannot switch to
    state …", which a connection the server closed leaves behind: no traceback for that."""
    caplog.set_level(logging.WARNING, logger="storage.errors")
    adapted = DriverError("")
    adapted.__cause__ = asyncpg.InternalClientError("cannot switch to state 12")
    wrapped = sa_exc.DBAPIError("SELECT 1", {}, adapted)
    wrapped.__cause__ = adapted
    with pytest.raises(StorageUnavailable):
        with unavailable_on_failure("reading"):
            raise wrapped
    [said] = [r for r in caplog.records if r.name == "storage.errors"]
    assert (said.levelname, bool(said.exc_info)) == ("WARNING", False)
