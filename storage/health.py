"""What `signoff doctor` reads from the database: whether it answers, where its schema stands
against this code's migrations, and every bound channel with what is kept to post there."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import and_, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.model import Conversation, Platform
from storage import migrate
from storage.errors import unavailable_on_failure
from storage.tables import BindingRow, ProjectRow
from storage.tables_platform import ConversationRefRow


class SchemaState(StrEnum):
    CURRENT = "current"
    EMPTY = "empty"  # never migrated
    BEHIND = "behind"  # a revision this code knows, older than its head
    AHEAD = "ahead"  # a revision this code does not know: a newer Signoff migrated it


@dataclass(frozen=True, kw_only=True)
class Schema:
    state: SchemaState
    revision: str | None  # the database's
    head: str  # this code's


@dataclass(frozen=True, kw_only=True)
class BoundChannel:
    project_key: str
    conversation: Conversation
    reference: dict[str, Any] | None  # the platform's stored handle for posting, if any


async def answer(engine: AsyncEngine) -> None:
    """SELECT 1; raises StorageUnavailable (chaining the driver's error) when it fails."""
    with unavailable_on_failure("asking the database"):
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))


async def schema(engine: AsyncEngine) -> Schema:
    """The database's revision against this code's head; raises StorageUnavailable."""
    current, head = await migrate.current_revision(engine), migrate.head_revision()
    if current is None:
        state = SchemaState.EMPTY
    elif current == head:
        state = SchemaState.CURRENT
    else:
        state = SchemaState.BEHIND if _known(current) else SchemaState.AHEAD
    return Schema(state=state, revision=current, head=head)


def _known(revision: str) -> bool:
    scripts = ScriptDirectory.from_config(migrate.alembic_config())
    try:
        return scripts.get_revision(revision) is not None
    except CommandError:  # "No such revision"
        return False


async def bound_channels(engine: AsyncEngine) -> list[BoundChannel]:
    """Every binding (console ones aside: nothing to reach), by project key and channel."""
    ref = ConversationRefRow
    query = (
        select(
            ProjectRow.key,
            BindingRow.platform,
            BindingRow.tenant,
            BindingRow.channel,
            ref.reference,
        )
        .join(ProjectRow, ProjectRow.id == BindingRow.project_id)
        .outerjoin(
            ref,
            and_(
                ref.platform == BindingRow.platform,
                ref.tenant == BindingRow.tenant,
                ref.channel == BindingRow.channel,
            ),
        )
        .where(BindingRow.platform != Platform.CONSOLE)
        .order_by(ProjectRow.key, BindingRow.platform, BindingRow.channel)
    )
    with unavailable_on_failure("reading the bindings"):
        async with engine.connect() as connection:
            rows = (await connection.execute(query)).all()
    return [
        BoundChannel(
            project_key=key,
            conversation=Conversation(platform=platform, tenant=tenant, channel=channel),
            reference=reference,
        )
        for key, platform, tenant, channel, reference in rows
    ]
