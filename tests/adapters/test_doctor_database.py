"""`signoff doctor` on the database: a schema behind or ahead of this version's, a server that
does not answer, a SQLite file not there, and the exit status through `signoff` itself."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from storage import migrate
from storage.database import make_engine
from tests.adapters.conftest import Signoff
from tests.adapters.doctor_fixtures import doctor, line, settings


async def test_a_schema_behind_head_asks_for_db_upgrade(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = make_engine(database_url)
    try:
        await migrate.upgrade(engine, "0010")
    finally:
        await engine.dispose()
    status, lines = await doctor(settings(database_url), capsys)

    assert status == 1
    head = migrate.head_revision()
    assert (
        line(lines, "✗ Database schema")
        == f"✗ Database schema: at 0010, behind this version's {head} — run `signoff db upgrade`"
    )
    assert line(lines, "✓ Database: ")


async def test_a_schema_ahead_of_head_says_a_newer_signoff_migrated_it(
    database_url: str, engine: AsyncEngine, capsys: pytest.CaptureFixture[str]
) -> None:
    async with engine.begin() as connection:
        await connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    status, lines = await doctor(settings(database_url), capsys)

    assert status == 1
    ahead = line(lines, "✗ Database schema: at 9999, newer than this version knows")
    assert "run the Signoff version that migrated it" in ahead


async def test_a_database_that_does_not_answer_fails_and_skips_the_bindings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = "postgresql://nobody@127.0.0.1:9/none"  # nothing listens on the discard port
    status, lines = await doctor(settings(url), capsys)

    assert status == 1
    assert line(lines, "✗ Database: cannot use the database").endswith(
        "check DATABASE_URL (or database.url), the server and its credentials"
    )
    assert line(lines, "– Bound channels: skipped, the database could not be read")
    missing = tmp_path / "nothing-here.db"
    status, lines = await doctor(settings(f"sqlite:///{missing}"), capsys)
    assert status == 1
    assert line(lines, f"✗ Database: {missing} does not exist — run `signoff db upgrade`")
    assert not missing.exists()  # the doctor creates nothing


def test_signoff_doctor_exits_1_until_the_database_is_set_up_then_0(
    signoff: Signoff, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "MICROSOFT_APP_ID"):
        monkeypatch.delenv(name, raising=False)
    if signoff.database_url.startswith("sqlite"):
        first = signoff("doctor")
        assert first.status == 1
        assert first.out.splitlines()[0].startswith("✗ Database: ")
        signoff.ok("db", "upgrade")
    done = signoff("doctor")
    assert done.status == 0, done
    assert done.out.splitlines()[-1] == "All checks passed."
    assert "– Slack: skipped, not configured" in done.out
