"""URLs as operators write them, the SQLite settings that keep writers queueing, and ping."""

from __future__ import annotations

import asyncio
import logging
import socket
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.database import make_engine, normalize_url, ping


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("sqlite:///signoff.db", "sqlite+aiosqlite:///signoff.db"),
        (
            "sqlite:////var/lib/signoff/signoff.db",
            "sqlite+aiosqlite:////var/lib/signoff/signoff.db",
        ),
        ("sqlite:///:memory:", "sqlite+aiosqlite:///:memory:"),
        ("sqlite+aiosqlite:///x.db", "sqlite+aiosqlite:///x.db"),
        ("postgresql://signoff@db/signoff", "postgresql+asyncpg://signoff@db/signoff"),
        (
            "postgres://signoff:s3cr%40t@db:5433/prod",
            "postgresql+asyncpg://signoff:s3cr%40t@db:5433/prod",
        ),
        ("postgresql+asyncpg://u@h/d", "postgresql+asyncpg://u@h/d"),
        ("postgresql://u@h/d?sslmode=require", "postgresql+asyncpg://u@h/d?ssl=require"),
        ("postgresql://u@h/d?connect_timeout=5", "postgresql+asyncpg://u@h/d?timeout=5"),
    ],
)
def test_urls_are_given_async_drivers(given: str, expected: str) -> None:
    assert normalize_url(given) == expected


@pytest.mark.parametrize(
    ("given", "said"),
    [
        ("mysql://u@h/d", "unsupported database 'mysql': use sqlite:///path or postgresql://…"),
        ("postgresql+psycopg2://u@h/d", "unsupported database 'postgresql+psycopg2': use "),
        ("sqlite+pysqlite:///x", "unsupported database 'sqlite+pysqlite': use "),
        ("not a url", "not a database URL (expected sqlite:///… or postgresql://…)"),
        ("", "not a database URL (expected sqlite:///… or postgresql://…)"),
    ],
)
def test_unsupported_urls_are_refused_in_one_line(given: str, said: str) -> None:
    with pytest.raises(ValueError, match=r"^[^\n]+$") as refused:
        normalize_url(given)
    assert str(refused.value).startswith(said)


async def test_sqlite_runs_in_wal_with_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    try:
        async with engine.connect() as connection:
            pragma = {
                name: (await connection.execute(text(f"PRAGMA {name}"))).scalar()
                for name in ("journal_mode", "foreign_keys", "busy_timeout")
            }
    finally:
        await engine.dispose()
    assert pragma == {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 30_000}


async def test_sqlite_transactions_take_the_write_lock_when_they_begin(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    engine = make_engine(f"sqlite:///{path}")
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))  # a read only, yet the lock is ours
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
            await connection.rollback()
        other.execute("BEGIN IMMEDIATE")  # free again once the transaction ended
        other.execute("ROLLBACK")
    finally:
        other.close()
        await engine.dispose()


@pytest.mark.parametrize("url", ["sqlite:///:memory:", "sqlite://", "sqlite:///"])
async def test_a_memory_database_is_one_database_for_every_unit_of_work(url: str) -> None:
    engine = make_engine(url)

    async def count() -> int:
        async with engine.connect() as connection:
            return (await connection.execute(text("SELECT count(*) FROM t"))).scalar_one()

    try:
        async with engine.begin() as connection:
            await connection.execute(text("CREATE TABLE t (x INTEGER)"))
        # Several at once: each waits for the one connection, so each sees the same database
        # (a second connection to :memory: would be a new, empty one).
        assert await asyncio.gather(count(), count(), count()) == [0, 0, 0]
    finally:
        await engine.dispose()


async def test_ping_answers_true_when_the_database_does(engine: AsyncEngine) -> None:
    assert await ping(engine) is True


async def test_ping_does_not_wait_for_the_sqlite_write_lock(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    engine = make_engine(f"sqlite:///{path}")
    writer = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        assert await ping(engine)  # creates the file in WAL mode
        writer.execute("BEGIN IMMEDIATE")  # someone holds the write lock for a while
        assert await ping(engine, timeout=1)
    finally:
        writer.close()
        await engine.dispose()


async def test_ping_answers_false_and_logs_why_when_the_database_is_down(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    engine = make_engine(f"postgresql://postgres@127.0.0.1:{port}/signoff")
    caplog.set_level(logging.WARNING, logger="storage.database")
    try:
        assert await ping(engine) is False
    finally:
        await engine.dispose()
    [said] = [r for r in caplog.records if r.name == "storage.database"]
    assert said.levelname == "WARNING"
    assert said.getMessage().startswith("database ping failed: ")
    assert len(said.getMessage()) > len("database ping failed: ")  # the reason is given
