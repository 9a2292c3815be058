"""What `signoff doctor` reads from the database: whether it answers, where its schema stands
against this code's migrations (never migrated, current, behind, or migrated by a newer Signoff),
and every bound channel with the handle kept to post there."""

from __future__ import annotations

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from storage_helpers import T1, UowFactory, new_project

from bot.errors import StorageUnavailable
from bot.model import Conversation, Platform
from storage import migrate
from storage.database import make_engine
from storage.health import BoundChannel, Schema, SchemaState, answer, bound_channels, schema


async def test_the_schema_is_empty_then_current_then_behind_then_ahead(database_url: str) -> None:
    head = migrate.head_revision()
    # The revision just below head: what a database not yet migrated by this release is at.
    below = ScriptDirectory.from_config(migrate.alembic_config()).get_revision(head).down_revision
    assert isinstance(below, str)
    engine = make_engine(database_url)
    try:
        assert await schema(engine) == Schema(state=SchemaState.EMPTY, revision=None, head=head)
        await migrate.upgrade(engine)
        assert await schema(engine) == Schema(state=SchemaState.CURRENT, revision=head, head=head)
        await migrate.downgrade(engine, below)
        assert await schema(engine) == Schema(state=SchemaState.BEHIND, revision=below, head=head)
        # A newer Signoff migrated it past anything this code knows.
        async with engine.begin() as connection:
            await connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
        assert await schema(engine) == Schema(state=SchemaState.AHEAD, revision="9999", head=head)
    finally:
        await engine.dispose()


async def test_a_database_that_answers_says_nothing_and_one_that_does_not_says_so(
    engine: AsyncEngine,
) -> None:
    await answer(engine)  # no error: the database answered
    down = make_engine("sqlite:////nonexistent-dir/signoff/signoff.db")
    try:
        with pytest.raises(StorageUnavailable) as failure:
            await answer(down)
    finally:
        await down.dispose()
    assert str(failure.value).startswith("asking the database failed: ")
    assert failure.value.__cause__ is not None


def place(platform: Platform, tenant: str, channel: str) -> Conversation:
    return Conversation(platform=platform, tenant=tenant, channel=channel)


SLACK_C1 = place(Platform.SLACK, "T1", "C1")
SLACK_C2 = place(Platform.SLACK, "T1", "C2")
TEAMS = place(Platform.TEAMS, "tid-1", "19:abc@thread.tacv2")
CONSOLE = place(Platform.CONSOLE, "local", "console")
HANDLE = {"serviceUrl": "https://smba.example/", "conversation": {"id": TEAMS.channel}}


async def test_every_bound_channel_by_project_then_platform_then_channel_with_its_own_handle(
    engine: AsyncEngine, uow_factory: UowFactory
) -> None:
    async with uow_factory() as uow:
        # Added out of order: the list is sorted, not in the order things were bound.
        zed = await uow.projects.add(new_project("ZED"))
        acme = await uow.projects.add(new_project("ACME"))
        assert zed.id is not None and acme.id is not None
        await uow.projects.bind(zed.id, SLACK_C1)
        await uow.projects.bind(acme.id, TEAMS)
        await uow.projects.bind(acme.id, SLACK_C2)
        await uow.projects.bind(acme.id, CONSOLE)  # nothing for the doctor to reach
        await uow.platform.keep_reference(TEAMS, HANDLE, T1)
        # Handles kept for other places that share a tenant, a channel or a platform with a
        # binding: none of them is that binding's.
        await uow.platform.keep_reference(
            place(Platform.TEAMS, "tid-2", TEAMS.channel), {"x": 1}, T1
        )
        await uow.platform.keep_reference(place(Platform.TEAMS, "T1", "C1"), {"x": 2}, T1)
        await uow.platform.keep_reference(place(Platform.SLACK, "T1", "C9"), {"x": 3}, T1)
        await uow.commit()

    assert await bound_channels(engine) == [
        BoundChannel(project_key="ACME", conversation=SLACK_C2, reference=None),
        BoundChannel(project_key="ACME", conversation=TEAMS, reference=HANDLE),
        BoundChannel(project_key="ZED", conversation=SLACK_C1, reference=None),
    ]


async def test_no_binding_is_an_empty_list(engine: AsyncEngine) -> None:
    assert await bound_channels(engine) == []
