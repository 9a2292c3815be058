"""The database checks: it answers, and its schema is the one this version of Signoff needs.
Read only: unlike `signoff run`, the doctor never migrates or creates anything."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.composition import describe_database_error, is_sqlite
from adapters.config import redact
from adapters.doctor.checks import Check, failed, passed
from bot.errors import StorageUnavailable
from storage.health import SchemaState, answer, schema

UPGRADE = "run `signoff db upgrade`"


def missing_file(url: str) -> Check | None:
    """A SQLite file that is not there yet (connecting would create it, empty)."""
    if not is_sqlite(url):
        return None
    name = make_url(url).database or ""
    if not name or name == ":memory:" or name.startswith("file:") or Path(name).is_file():
        return None
    return failed("Database", f"{name} does not exist", f"{UPGRADE} to create it")


async def database_checks(engine: AsyncEngine, url: str) -> tuple[list[Check], bool]:
    """SELECT 1, then the schema's revision against head; and whether the database answered."""
    try:
        await answer(engine)
    except StorageUnavailable as exc:
        fix = "check DATABASE_URL (or database.url), the server and its credentials"
        return [failed("Database", describe_database_error(url, exc), fix)], False
    checks = [passed("Database", f"{redact(url)} answers")]
    try:
        found = await schema(engine)
    except StorageUnavailable as exc:
        return [
            *checks,
            failed("Database schema", describe_database_error(url, exc), UPGRADE),
        ], True
    what = "Database schema"
    if found.state is SchemaState.CURRENT:
        checks.append(passed(what, f"current (revision {found.head})"))
    elif found.state is SchemaState.EMPTY:
        checks.append(failed(what, "empty: never migrated", UPGRADE))
    elif found.state is SchemaState.BEHIND:
        behind = f"at {found.revision}, behind this version's {found.head}"
        checks.append(failed(what, behind, UPGRADE))
    else:
        ahead = f"at {found.revision}, newer than this version knows (its newest is {found.head})"
        fix = "run the Signoff version that migrated it, or point at the right database"
        checks.append(failed(what, ahead, fix))
    return checks, True
