"""Database URLs, engines tuned per dialect, and a health check."""

from __future__ import annotations

import asyncio
import functools
import json
import logging
from typing import Any

from sqlalchemy import URL, event, make_url, text
from sqlalchemy.exc import ArgumentError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import AsyncAdaptedQueuePool

logger = logging.getLogger(__name__)

SQLITE_DRIVER = "sqlite+aiosqlite"
POSTGRES_DRIVER = "postgresql+asyncpg"
SQLITE_BUSY_TIMEOUT_MS = 30_000
POSTGRES_CONNECT_TIMEOUT_S = 10
# Execution option for a connection that only reads: on SQLite it begins without the write lock.
READ_ONLY = "signoff_read_only"

_SCHEMES = {
    "sqlite": SQLITE_DRIVER,
    SQLITE_DRIVER: SQLITE_DRIVER,
    "postgresql": POSTGRES_DRIVER,
    "postgres": POSTGRES_DRIVER,
    POSTGRES_DRIVER: POSTGRES_DRIVER,
}
# libpq query parameters that asyncpg spells differently.
_LIBPQ_TO_ASYNCPG = {"sslmode": "ssl", "connect_timeout": "timeout"}

# Readable JSON (Chinese stays Chinese) in audit details and criteria.
_json_dumps = functools.partial(json.dumps, ensure_ascii=False)


def normalize_url(url: str) -> str:
    """Turn a URL as an operator writes it into one for our async drivers.

    sqlite:///file.db -> sqlite+aiosqlite:///file.db; postgres[ql]://... -> postgresql+asyncpg://...
    with libpq's sslmode/connect_timeout renamed for asyncpg. Raises ValueError otherwise.
    """
    try:
        parsed = make_url(url.strip())
    except ArgumentError:
        raise ValueError("not a database URL (expected sqlite:///… or postgresql://…)") from None
    driver = _SCHEMES.get(parsed.drivername)
    if driver is None:
        raise ValueError(
            f"unsupported database {parsed.drivername!r}: use sqlite:///path or postgresql://…"
        )
    if driver == SQLITE_DRIVER:
        # Only the scheme changes: re-rendering would percent-escape the path (":memory:").
        stripped = url.strip()
        return driver + stripped[stripped.index("://") :]
    return _asyncpg_query(parsed.set(drivername=driver)).render_as_string(hide_password=False)


def _asyncpg_query(url: URL) -> URL:
    query = dict(url.query)
    for libpq_name, asyncpg_name in _LIBPQ_TO_ASYNCPG.items():
        if libpq_name in query:
            value = query.pop(libpq_name)
            query.setdefault(asyncpg_name, value)
    return url.set(query=query)


def make_engine(url: str) -> AsyncEngine:
    """An async engine for `url` (see normalize_url), configured for safe concurrent writes."""
    parsed = make_url(normalize_url(url))
    if parsed.drivername == SQLITE_DRIVER:
        return _sqlite_engine(parsed)
    return _postgres_engine(parsed)


def _postgres_engine(url: URL) -> AsyncEngine:
    connect_args: dict[str, Any] = {}
    if "timeout" not in url.query:
        # asyncpg waits 60 s by default; an unreachable database should fail a request sooner.
        connect_args["timeout"] = POSTGRES_CONNECT_TIMEOUT_S
    return create_async_engine(
        url,
        # N instances x (pool_size + max_overflow) must stay under max_connections (100).
        pool_size=5,
        max_overflow=5,
        pool_timeout=30,
        pool_pre_ping=True,  # a restarted server or a dropped idle connection is not an error
        pool_recycle=1800,
        connect_args=connect_args,
        json_serializer=_json_dumps,
    )


def _sqlite_engine(url: URL) -> AsyncEngine:
    # Every transaction holds the file's write lock (see _sqlite_on_begin), so more connections
    # only add waiters polling the lock; a waiter for a pooled connection is woken in order.
    pool_size = 5
    if url.database in (None, "", ":memory:"):
        # Each connection to :memory: is its own empty database, and the default StaticPool
        # shares one connection between concurrent transactions. One pooled connection that
        # is never closed keeps one database and makes units of work queue for it.
        pool_size = 1
    engine = create_async_engine(
        url,
        poolclass=AsyncAdaptedQueuePool,
        pool_size=pool_size,
        max_overflow=0,
        json_serializer=_json_dumps,
    )
    event.listen(engine.sync_engine, "connect", _sqlite_on_connect)
    event.listen(engine.sync_engine, "begin", _sqlite_on_begin)
    return engine


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide when a transaction begins (see _on_begin).
    dbapi_connection.isolation_level = None
    try:
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode")
        if cursor.fetchone()[0] != "wal":
            _enable_wal(cursor)
        cursor.close()
    except Exception:
        dbapi_connection.close()  # SQLAlchemy does not close a connection whose set-up failed
        raise


def _enable_wal(cursor: Any) -> None:
    # Readers then never block the writer. synchronous stays FULL: a confirmed commit is durable.
    # WAL is a property of the file, so one connection's switch serves all; the switch needs the
    # file to itself and fails at once (no busy wait) while another connection writes, which
    # only happens when several connections open a new database together. The next try wins.
    try:
        cursor.execute("PRAGMA journal_mode = WAL")
    except Exception as exc:
        logger.info("SQLite stays in its journal mode for now: %s", exc)


def _sqlite_on_begin(connection: Any) -> None:
    # Take the write lock up front. A deferred transaction that reads and then writes can fail
    # with "database is locked" on the lock upgrade, which busy_timeout cannot wait out;
    # BEGIN IMMEDIATE makes concurrent writers queue for busy_timeout instead.
    if connection.get_execution_options().get(READ_ONLY):
        connection.exec_driver_sql("BEGIN")
    else:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


async def ping(engine: AsyncEngine, timeout: float = 2.0) -> bool:  # noqa: ASYNC109
    """True if the database answers SELECT 1 within `timeout` seconds."""
    try:
        async with asyncio.timeout(timeout), engine.connect() as connection:
            # A health probe must not queue for SQLite's write lock behind real work.
            await connection.execution_options(**{READ_ONLY: True})
            await connection.execute(text("SELECT 1"))
    except Exception as exc:  # any failure means "not healthy"; the reason goes to the log
        logger.warning("database ping failed: %s", exc)
        return False
    return True
