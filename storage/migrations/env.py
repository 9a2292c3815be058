"""Alembic environment: migrate the connection storage.migrate hands over, or a URL's database."""

from __future__ import annotations

import asyncio
import os

from alembic import context
from sqlalchemy import Connection

from storage.database import make_engine, normalize_url
from storage.schema import metadata

target_metadata = metadata


def _configure(
    *, connection: Connection | None = None, url: str | None = None, literal_binds: bool = False
) -> None:
    context.configure(
        connection=connection,
        url=url,
        literal_binds=literal_binds,
        target_metadata=target_metadata,
        compare_type=True,
        # SQLite cannot ALTER most things: later migrations copy and swap tables instead.
        render_as_batch=True,
    )


def _migrate(connection: Connection) -> None:
    _configure(connection=connection)
    # Inside storage.migrate's transaction this is a no-op, so the migration and the
    # version stamp commit together.
    with context.begin_transaction():
        context.run_migrations()


def _url() -> str:
    url = context.config.get_main_option("sqlalchemy.url") or os.environ.get("SIGNOFF_DATABASE_URL")
    if not url:
        raise RuntimeError("no database: set sqlalchemy.url or SIGNOFF_DATABASE_URL")
    return normalize_url(url)


async def _migrate_url() -> None:
    engine = make_engine(_url())
    try:
        async with engine.begin() as connection:
            await connection.run_sync(_migrate)
    finally:
        await engine.dispose()


def run() -> None:
    if context.is_offline_mode():  # `alembic upgrade --sql`: print the DDL for a DBA to apply
        _configure(url=_url(), literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _migrate(connection)
    else:
        asyncio.run(_migrate_url())


run()
