"""The risk register: RK-n numbered race-free, a risk Signoff raises stored once per key, and
changes written only over what was read."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.risk_thresholds import ProjectRiskThresholds
from bot.risks import Risk
from storage.errors import guarded
from storage.repositories.people import person_or_none as person
from storage.repositories.sql import (
    allocate_number,
    fresh,
    in_utc,
    insert_ignoring_duplicates,
    upsert,
)
from storage.tables import PersonRow
from storage.tables_risks import ProjectRiskThresholdRow, RiskRow

OWNER, RAISER, CLOSER = aliased(PersonRow), aliased(PersonRow), aliased(PersonRow)


def changeable(risk: Risk) -> dict[str, Any]:
    """The columns a change writes."""
    return {
        "title": risk.title,
        "likelihood": risk.likelihood,
        "impact": risk.impact,
        "owner_id": risk.owner.id if risk.owner else None,
        "mitigation": risk.mitigation,
        "shared": risk.shared,
        "state": risk.state,
        "closed_by_id": risk.closed_by.id if risk.closed_by else None,
        "closed_at": risk.closed_at,
        "close_note": risk.close_note,
    }


def risk_from_row(
    row: RiskRow, owner: PersonRow | None, raiser: PersonRow | None, closer: PersonRow | None
) -> Risk:
    return Risk(
        id=row.id,
        project_id=row.project_id,
        number=row.number,
        title=row.title,
        likelihood=row.likelihood,
        impact=row.impact,
        owner=person(owner),
        mitigation=row.mitigation,
        shared=row.shared,
        state=row.state,
        key=row.key or "",
        evidence=row.evidence,
        raised_by=person(raiser),
        raised_at=row.raised_at,
        closed_by=person(closer),
        closed_at=row.closed_at,
        close_note=row.close_note,
        seq=row.seq,
    )


class SqlRiskRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    @guarded
    async def add(self, risk: Risk) -> Risk | None:
        number = await allocate_number(self._session, risk.project_id, "risk")
        statement = insert_ignoring_duplicates(self._session, RiskRow, "project_id", "key").values(
            project_id=risk.project_id,
            number=number,
            key=risk.key or None,
            evidence=risk.evidence,
            raised_by_id=risk.raised_by.id if risk.raised_by else None,
            raised_at=risk.raised_at,
            seq=0,
            **changeable(risk),
        )
        added = (await self._session.execute(statement.returning(RiskRow.id))).scalar()
        if added is None:
            # Raised already: the caller rolls back, and the number goes back with it.
            return None
        return in_utc(replace(risk, id=added, number=number, seq=0))

    @guarded
    async def get(self, project_id: int, number: int) -> Risk | None:
        found = await self._select(RiskRow.project_id == project_id, RiskRow.number == number)
        return found[0] if found else None

    @guarded
    async def list(self, project_id: int) -> Sequence[Risk]:
        return await self._select(RiskRow.project_id == project_id)

    @guarded
    async def save_if_unchanged(self, risk: Risk) -> bool:
        done = await self._session.execute(
            update(RiskRow)
            .where(RiskRow.id == risk.id, RiskRow.seq == risk.seq)
            .values(seq=RiskRow.seq + 1, **changeable(risk))
            .returning(RiskRow.id)
            .execution_options(synchronize_session=False)
        )
        return done.scalar() is not None

    @guarded
    async def thresholds(self, project_id: int) -> ProjectRiskThresholds:
        row = await self._session.get(ProjectRiskThresholdRow, project_id, populate_existing=True)
        if row is None:
            return ProjectRiskThresholds(project_id=project_id)
        return ProjectRiskThresholds(
            project_id=project_id,
            overdue_days=row.overdue_days,
            rounds_left=row.rounds_left,
            silence_days=row.silence_days,
        )

    @guarded
    async def save_thresholds(self, thresholds: ProjectRiskThresholds) -> None:
        values = {"project_id": thresholds.project_id, **thresholds.as_audited()}
        await self._session.execute(
            upsert(self._session, ProjectRiskThresholdRow, ("project_id",), values)
        )

    async def _select(self, *conditions: ColumnElement[bool]) -> Sequence[Risk]:
        rows = await self._session.execute(
            fresh(
                select(RiskRow, OWNER, RAISER, CLOSER)
                .outerjoin(OWNER, OWNER.id == RiskRow.owner_id)
                .outerjoin(RAISER, RAISER.id == RiskRow.raised_by_id)
                .outerjoin(CLOSER, CLOSER.id == RiskRow.closed_by_id)
                .where(*conditions)
                .order_by(RiskRow.number)
            )
        )
        return [risk_from_row(*columns) for columns in rows]
