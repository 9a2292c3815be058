"""Alembic takes an empty database to head, and head is exactly the schema the models declare."""

from __future__ import annotations

import asyncio
import json
import tomllib
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import PurePosixPath

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.model import (
    Conversation,
    Decision,
    DecisionKind,
    Identity,
    Milestone,
    MilestoneState,
    Platform,
    Stage,
)
from bot.nudges.model import NudgeKind, Occurrence, OutboxStatus
from storage.database import make_engine
from storage.migrate import MIGRATIONS_DIR, current_revision, downgrade, head_revision, upgrade
from storage.schema import metadata
from storage.uow import sql_uow_factory

TABLES = {
    "alembic_version",
    "audit_events",
    "bindings",
    "briefs",
    "card_posts",
    "change_requests",
    "conversation_refs",
    "counters",
    "decisions",
    "feedback",
    "file_reads",
    "inbound_deliveries",
    "issues",
    "lessons",
    "list_cursors",
    "members",
    "milestone_versions",
    "milestones",
    "nudge_deliveries",
    "nudge_outbox",
    "nudge_settings",
    "nudge_turns",
    "people",
    "platform_cards",
    "platform_people",
    "projects",
    "reply_outbox",
    "risks",
    "survey_answers",
    "survey_occasions",
    "survey_settings",
    "page_links",
    "project_risk_thresholds",
    "slack_installations",
    "slack_oauth_states",
    "slack_workspace_orgs",
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
        return compare_metadata(context, metadata)

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


async def test_upgrading_keeps_queued_nudges_in_their_series_and_people_without_a_zone(
    engine: AsyncEngine, studio
) -> None:
    """A database at 0004 with nudges queued: 0005 gives every item its series (so a retimed
    nudge already sent is recognised) and every person an unknown zone."""
    channel = Conversation(platform=Platform.SLACK, tenant="T1", channel="C-acme")
    queued = Occurrence(
        kind=NudgeKind.DIGEST, project_id=studio.project.id, target=channel,
        due_at=datetime(2026, 11, 30, 8, 30, tzinfo=UTC), subject={"week": "2026-11-30"},
    )  # fmt: skip
    uow_factory = sql_uow_factory(engine)
    async with uow_factory() as uow:
        await uow.nudges.add([queued], status=OutboxStatus.PENDING, at=queued.due_at,
                             not_before=queued.due_at)  # fmt: skip
        await uow.commit()

    await downgrade(engine, "0004")
    await upgrade(engine)

    retimed = replace(queued, due_at=queued.due_at + timedelta(hours=2))
    async with uow_factory() as uow:
        [item] = await uow.nudges.claim(
            owner="i1", now=queued.due_at, lease=timedelta(minutes=5), limit=1
        )
        await uow.nudges.finish(item.id, owner="i1", status=OutboxStatus.SENT, at=queued.due_at)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.nudges.sent_in_series(retimed.series, other_than=0)
        assert (await uow.people.find(studio.pm.identity)).timezone == ""


async def test_upgrading_moves_cards_and_teams_ids_out_of_the_conversation_references(
    engine: AsyncEngine,
) -> None:
    """Before 0012 the Teams adapter kept its cards and people's 29:… ids in conversation_refs,
    under "card:" and "user:" channels; 0012 moves them to their own tables, and back down."""
    channel = Conversation(platform=Platform.TEAMS, tenant="t1", channel="19:abc@thread.tacv2")
    ana = Identity(platform=Platform.TEAMS, tenant="t1", user_id="aad-ana")
    card = {"type": "AdaptiveCard", "body": [{"type": "TextBlock", "text": "M-1 v1"}]}
    at = datetime(2026, 12, 1, 9, tzinfo=UTC)
    await downgrade(engine, "0011")
    async with engine.begin() as connection:
        for where, reference in [(channel.channel, {"serviceUrl": "https://smba.example/"}),
                                 ("card:milestone:1:v1", {"card": card}),
                                 ("user:aad-ana", {"id": "29:ana"})]:  # fmt: skip
            tenant = "" if where.startswith("card:") else "t1"
            await connection.execute(
                text("INSERT INTO conversation_refs (platform, tenant, channel, reference, "
                     "updated_at) VALUES ('teams', :tenant, :channel, :reference, :at)"),
                {"tenant": tenant, "channel": where, "reference": json.dumps(reference), "at": at},
            )  # fmt: skip

    await upgrade(engine)

    async with sql_uow_factory(engine)() as uow:
        assert await uow.platform.card("milestone:1:v1") == card
        assert await uow.platform.platform_ids([ana]) == {ana: "29:ana"}
        assert await uow.platform.reference(channel) == {"serviceUrl": "https://smba.example/"}
    async with engine.connect() as connection:
        left = await connection.scalars(text("SELECT channel FROM conversation_refs"))
        assert list(left) == [channel.channel]

    await downgrade(engine, "0011")
    async with engine.connect() as connection:
        rows = await connection.execute(text("SELECT channel, reference FROM conversation_refs"))
        back = {channel: _parsed(reference) for channel, reference in rows}
    assert back == {
        channel.channel: {"serviceUrl": "https://smba.example/"},
        "card:milestone:1:v1": {"card": card},
        "user:aad-ana": {"id": "29:ana"},
    }
    await upgrade(engine)


def _parsed(value: object) -> object:
    return json.loads(value) if isinstance(value, str) else value


async def test_upgrading_counts_an_approval_as_the_clients_only_where_the_client_approved(
    engine: AsyncEngine, studio
) -> None:
    """0013 adds `signed_by_client`: an approved milestone gets it only where a client-stage
    approval of its approved version is on record, never for what the studio alone approved."""
    at = datetime(2026, 12, 1, 9, tzinfo=UTC)
    uow_factory = sql_uow_factory(engine)
    async with uow_factory() as uow:
        decided = {"By the client": (Stage.PM, Stage.CLIENT), "Studio only": (Stage.PM,),
                   "In review": (Stage.PM,)}  # fmt: skip
        for name, stages in decided.items():
            approved = name != "In review"
            milestone = await uow.milestones.add(Milestone(
                project_id=studio.project.id, name=name, due_date=date(2026, 12, 20),
                state=MilestoneState.APPROVED if approved else MilestoneState.IN_REVIEW,
                stage=None if approved else Stage.CLIENT, version=1,
                approved_at=at if approved else None,
            ))  # fmt: skip
            for stage in stages:
                await uow.decisions.add(Decision(
                    milestone_id=milestone.id, version=1, stage=stage, kind=DecisionKind.APPROVE,
                    person=studio.pm if stage is Stage.PM else studio.client, note="",
                    platform=Platform.SLACK, decided_at=at,
                ))  # fmt: skip
        await uow.commit()

    await downgrade(engine, "0012")
    await upgrade(engine)

    async with uow_factory() as uow:
        after = {m.name: m for m in await uow.milestones.list(studio.project.id)}
        project = await uow.projects.get(studio.project.id)
    assert {name: m.signed_by_client for name, m in after.items()} == {
        "By the client": True, "Studio only": False, "In review": False,
    }  # fmt: skip
    assert {(m.rounds_included, m.internal_rounds) for m in after.values()} == {(None, 0)}
    assert project is not None and (project.studio_stage, project.self_approval) == (True, False)
