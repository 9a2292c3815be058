"""Alembic takes an empty database to head, and head is exactly the schema the models declare."""

from __future__ import annotations

import asyncio
import tomllib
from pathlib import PurePosixPath

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.database import make_engine
from storage.migrate import MIGRATIONS_DIR, current_revision, downgrade, head_revision, upgrade
from storage.tables import Base

TABLES = {
    "alembic_version",
    "audit_events",
    "bindings",
    "card_posts",
    "conversation_refs",
    "counters",
    "decisions",
    "feedback",
    "inbound_deliveries",
    "issues",
    "members",
    "milestones",
    "nudge_deliveries",
    "nudge_outbox",
    "nudge_settings",
    "nudge_turns",
    "people",
    "projects",
}


async def table_names(engine: AsyncEngine) -> set[str]:
    async with engine.connect() as connection:
        return set(await connection.run_sync(lambda sync: inspect(sync).get_table_names()))


async def test_an_empty_database_is_migrated_to_head(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        assert await current_revision(engine) is None
        await upgrade(engine)
        assert await current_revision(engine) == head_revision()
        assert await table_names(engine) == TABLES
        await upgrade(engine)  # already at head: nothing to do, nothing fails
        assert await current_revision(engine) == head_revision()
    finally:
        await engine.dispose()


async def test_the_migrated_schema_matches_the_models(engine: AsyncEngine) -> None:
    def differences(sync_connection: object) -> list[object]:
        context = MigrationContext.configure(sync_connection, opts={"compare_type": True})
        return compare_metadata(context, Base.metadata)

    async with engine.connect() as connection:
        assert await connection.run_sync(differences) == []


async def test_downgrade_to_base_removes_everything_and_upgrade_restores_it(
    engine: AsyncEngine,
) -> None:
    await downgrade(engine, "base")
    assert await table_names(engine) == {"alembic_version"}
    assert await current_revision(engine) is None

    await upgrade(engine)
    assert await table_names(engine) == TABLES


async def test_instances_starting_together_migrate_once(database_url: str) -> None:
    engines = [make_engine(database_url) for _ in range(3)]
    try:
        await asyncio.gather(*(upgrade(engine) for engine in engines))
        assert await current_revision(engines[0]) == head_revision()
    finally:
        for engine in engines:
            await engine.dispose()


def test_every_migration_file_is_shipped_in_the_wheel() -> None:
    pyproject = tomllib.loads((MIGRATIONS_DIR.parents[1] / "pyproject.toml").read_text())
    patterns = [
        PurePosixPath(p) for p in pyproject["tool"]["setuptools"]["package-data"]["storage"]
    ]
    files = [
        PurePosixPath(path.relative_to(MIGRATIONS_DIR.parent).as_posix())
        for path in MIGRATIONS_DIR.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    ]
    assert {"env.py", "script.py.mako", "0001_initial.py"} <= {f.name for f in files}
    unshipped = [
        str(f)
        for f in files
        if not any(len(f.parts) == len(p.parts) and f.match(str(p)) for p in patterns)
    ]
    assert unshipped == []
