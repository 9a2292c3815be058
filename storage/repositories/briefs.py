"""The versions of a project's brief: drafts written back only over what was read, a sent
version settled by exactly one decision."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.brief import Brief, BriefDeliverable, BriefState
from bot.errors import Conflict
from bot.model import Person
from bot.money import Money
from storage.errors import guarded
from storage.repositories.people import person_or_none as person
from storage.repositories.sql import fresh, in_utc, insert_ignoring_duplicates, settle_row
from storage.tables import PersonRow
from storage.tables_scope import BriefRow

DRAFTER, SENDER, DECIDER = aliased(PersonRow), aliased(PersonRow), aliased(PersonRow)


def content(brief: Brief) -> dict[str, Any]:
    """The columns an edit writes: what the brief says."""
    return {
        "goal": brief.goal,
        "deliverables": [
            {
                "name": item.name,
                "due": item.due.isoformat() if item.due else None,
                "criteria": list(item.criteria),
            }
            for item in brief.deliverables
        ],
        "out_of_scope": list(brief.out_of_scope),
        "rounds": brief.rounds,
        "budget_minor": brief.budget.minor if brief.budget else None,
        "currency": brief.budget.currency if brief.budget else None,
    }


def brief_from_row(
    row: BriefRow, drafter: PersonRow | None, sender: PersonRow | None, decider: PersonRow | None
) -> Brief:
    budget = None
    if row.budget_minor is not None and row.currency:
        budget = Money(row.budget_minor, row.currency)
    return Brief(
        id=row.id,
        project_id=row.project_id,
        version=row.version,
        state=row.state,
        goal=row.goal,
        deliverables=tuple(
            BriefDeliverable(
                name=item["name"],
                due=date.fromisoformat(item["due"]) if item.get("due") else None,
                criteria=tuple(item.get("criteria") or ()),
            )
            for item in row.deliverables or ()
        ),
        out_of_scope=tuple(row.out_of_scope or ()),
        rounds=row.rounds,
        budget=budget,
        drafted_by=person(drafter),
        drafted_at=row.drafted_at,
        sent_by=person(sender),
        sent_at=row.sent_at,
        decided_by=person(decider),
        decided_at=row.decided_at,
        decision_note=row.decision_note,
        seq=row.seq,
    )


class SqlBriefRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    @guarded
    async def add(self, brief: Brief) -> Brief:
        statement = insert_ignoring_duplicates(
            self._session, BriefRow, "project_id", "version"
        ).values(
            project_id=brief.project_id,
            version=brief.version,
            state=brief.state,
            drafted_by_id=brief.drafted_by.id if brief.drafted_by else None,
            drafted_at=brief.drafted_at,
            decision_note="",
            seq=0,
            **content(brief),
        )
        added = (await self._session.execute(statement.returning(BriefRow.id))).scalar()
        if added is None:
            raise Conflict("The brief changed a moment ago; please look again.")
        return in_utc(replace(brief, id=added, seq=0))

    @guarded
    async def latest(self, project_id: int) -> Brief | None:
        found = await self._select(BriefRow.project_id == project_id, newest=True)
        return found[0] if found else None

    @guarded
    async def confirmed(self, project_id: int) -> Brief | None:
        found = await self._select(
            BriefRow.project_id == project_id, BriefRow.state == BriefState.CONFIRMED, newest=True
        )
        return found[0] if found else None

    @guarded
    async def get(self, project_id: int, version: int) -> Brief | None:
        found = await self._select(BriefRow.project_id == project_id, BriefRow.version == version)
        return found[0] if found else None

    @guarded
    async def list(self, project_id: int) -> Sequence[Brief]:
        return await self._select(BriefRow.project_id == project_id)

    @guarded
    async def save_draft(self, brief: Brief) -> bool:
        done = await self._session.execute(
            update(BriefRow)
            .where(
                BriefRow.id == brief.id,
                BriefRow.seq == brief.seq,
                BriefRow.state == BriefState.DRAFT,
            )
            .values(seq=BriefRow.seq + 1, **content(brief))
            .returning(BriefRow.id)
            .execution_options(synchronize_session=False)
        )
        return done.scalar() is not None

    @guarded
    async def settle(
        self,
        brief: Brief,
        *,
        expected: BriefState,
        state: BriefState,
        by: Person,
        at: datetime,
        note: str = "",
    ) -> bool:
        return await settle_row(
            self._session, BriefRow, brief.id, expected=expected, state=state,
            sent=state is BriefState.SENT, by_id=by.id, at=at, note=note,
        )  # fmt: skip

    async def _select(
        self, *conditions: ColumnElement[bool], newest: bool = False
    ) -> Sequence[Brief]:
        order = BriefRow.version.desc() if newest else BriefRow.version
        statement = (
            select(BriefRow, DRAFTER, SENDER, DECIDER)
            .outerjoin(DRAFTER, DRAFTER.id == BriefRow.drafted_by_id)
            .outerjoin(SENDER, SENDER.id == BriefRow.sent_by_id)
            .outerjoin(DECIDER, DECIDER.id == BriefRow.decided_by_id)
            .where(*conditions)
            .order_by(order)
        )
        if newest:
            statement = statement.limit(1)
        rows = await self._session.execute(fresh(statement))
        return [brief_from_row(*columns) for columns in rows]
