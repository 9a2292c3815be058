"""Milestones, the claim that serializes decisions on one, and the decisions themselves."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import and_, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.errors import Conflict, NotFound
from bot.model import Decision, Milestone, MilestoneState, Stage
from bot.review import Review
from storage.errors import guarded
from storage.repositories.milestone_versions import (
    SUBMITTER,
    VERSION_COLUMNS,
    WITHDRAWER,
    version_from_row,
)
from storage.repositories.people import person_from_row
from storage.repositories.sql import (
    allocate_number,
    fresh,
    in_utc,
    insert_ignoring_duplicates,
    utc_now,
)
from storage.tables import DecisionRow, MilestoneRow, MilestoneVersionRow, PersonRow

_DECIDER = aliased(PersonRow)


def milestone_from_row(row: MilestoneRow) -> Milestone:
    return Milestone(
        id=row.id,
        project_id=row.project_id,
        number=row.number,
        name=row.name,
        due_date=row.due_date,
        criteria=tuple(row.criteria),
        state=row.state,
        version=row.version,
        stage=row.stage,
        rounds_used=row.rounds_used,
        over_allowance=row.over_allowance,
        rounds_included=row.rounds_included,
        internal_rounds=row.internal_rounds,
        signed_by_client=row.signed_by_client,
        submit_note=row.submit_note,
        submitted_at=row.submitted_at,
        stage_started_at=row.stage_started_at,
        approved_at=row.approved_at,
        created_at=row.created_at,
        cancel_reason=row.cancel_reason,
        cancelled_at=row.cancelled_at,
        state_before_cancel=row.state_before_cancel,
        seq=row.lock_seq,
    )


def _changeable(milestone: Milestone) -> dict[str, Any]:
    """The columns a milestone's life changes; id, project and number never do."""
    return {
        "name": milestone.name,
        "due_date": milestone.due_date,
        "criteria": list(milestone.criteria),
        "state": milestone.state,
        "version": milestone.version,
        "stage": milestone.stage,
        "rounds_used": milestone.rounds_used,
        "over_allowance": milestone.over_allowance,
        "rounds_included": milestone.rounds_included,
        "internal_rounds": milestone.internal_rounds,
        "signed_by_client": milestone.signed_by_client,
        "submit_note": milestone.submit_note,
        "submitted_at": milestone.submitted_at,
        "stage_started_at": milestone.stage_started_at,
        "approved_at": milestone.approved_at,
        "cancel_reason": milestone.cancel_reason,
        "cancelled_at": milestone.cancelled_at,
        "state_before_cancel": milestone.state_before_cancel,
    }


class SqlMilestoneRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    @guarded
    async def add(self, milestone: Milestone) -> Milestone:
        number = await allocate_number(self._session, milestone.project_id, "milestone")
        created_at = milestone.created_at or utc_now()
        statement = (
            insert(MilestoneRow)
            .values(
                project_id=milestone.project_id,
                number=number,
                created_at=created_at,
                lock_seq=0,
                **_changeable(milestone),
            )
            .returning(MilestoneRow.id)
        )
        new_id = (await self._session.execute(statement)).scalar_one()
        return in_utc(replace(milestone, id=new_id, number=number, created_at=created_at))

    @guarded
    async def get(self, project_id: int, number: int) -> Milestone | None:
        row = await self._session.scalar(
            fresh(
                select(MilestoneRow).where(
                    MilestoneRow.project_id == project_id, MilestoneRow.number == number
                )
            )
        )
        return None if row is None else milestone_from_row(row)

    @guarded
    async def list(self, project_id: int) -> Sequence[Milestone]:
        rows = await self._session.scalars(
            fresh(
                select(MilestoneRow)
                .where(MilestoneRow.project_id == project_id)
                .order_by(MilestoneRow.number)
            )
        )
        return [milestone_from_row(row) for row in rows]

    @guarded
    async def claim(
        self, milestone_id: int, *, state: MilestoneState, version: int, stage: Stage | None
    ) -> bool:
        # A write, not a read: on PostgreSQL a second claimer blocks on the row lock until the
        # first transaction ends, then re-checks the WHERE against the committed row and misses.
        # On SQLite the whole transaction already holds the write lock (BEGIN IMMEDIATE).
        claimed = await self._session.execute(
            update(MilestoneRow)
            .where(
                MilestoneRow.id == milestone_id,
                MilestoneRow.state == state,
                MilestoneRow.version == version,
                MilestoneRow.stage.is_not_distinct_from(stage),
            )
            .values(lock_seq=MilestoneRow.lock_seq + 1)
            .returning(MilestoneRow.id)
            .execution_options(synchronize_session=False)
        )
        return claimed.scalar() is not None

    @guarded
    async def review(self, project_id: int, number: int) -> Review | None:
        # One statement: the milestone, its current version's record (with who submitted and
        # who withdrew it) and a row per decision on that version.
        current = and_(
            MilestoneVersionRow.milestone_id == MilestoneRow.id,
            MilestoneVersionRow.version == MilestoneRow.version,
        )
        on_current = and_(
            DecisionRow.milestone_id == MilestoneRow.id, DecisionRow.version == MilestoneRow.version
        )
        rows = (
            await self._session.execute(
                fresh(
                    select(MilestoneRow, *VERSION_COLUMNS, DecisionRow, _DECIDER)
                    .outerjoin(MilestoneVersionRow, current)
                    .outerjoin(SUBMITTER, SUBMITTER.id == MilestoneVersionRow.submitted_by_id)
                    .outerjoin(WITHDRAWER, WITHDRAWER.id == MilestoneVersionRow.withdrawn_by_id)
                    .outerjoin(DecisionRow, on_current)
                    .outerjoin(_DECIDER, _DECIDER.id == DecisionRow.person_id)
                    .where(MilestoneRow.project_id == project_id, MilestoneRow.number == number)
                    .order_by(DecisionRow.decided_at, DecisionRow.id)
                )
            )
        ).all()
        if not rows:
            return None
        milestone, submitted, submitter, withdrawer, feedback = rows[0][:5]
        return Review(
            milestone=milestone_from_row(milestone),
            submitted=None if submitted is None else version_from_row(
                submitted, submitter, withdrawer, feedback
            ),
            decisions=tuple(
                decision_from_row(decision, person)
                for *_, decision, person in rows
                if decision is not None
            ),
        )  # fmt: skip

    @guarded
    async def save_if_unchanged(self, milestone: Milestone) -> bool:
        saved = await self._session.execute(
            update(MilestoneRow)
            .where(MilestoneRow.id == milestone.id, MilestoneRow.lock_seq == milestone.seq)
            .values(lock_seq=MilestoneRow.lock_seq + 1, **_changeable(milestone))
            .returning(MilestoneRow.id)
            .execution_options(synchronize_session=False)
        )
        return saved.scalar() is not None

    @guarded
    async def save(self, milestone: Milestone) -> None:
        saved = await self._session.execute(
            update(MilestoneRow)
            .where(MilestoneRow.id == milestone.id)
            # Counted too, so that a decision read before this write does not overwrite it.
            .values(lock_seq=MilestoneRow.lock_seq + 1, **_changeable(milestone))
            .returning(MilestoneRow.id)
            .execution_options(synchronize_session=False)
        )
        if saved.scalar() is None:
            raise NotFound(
                "There is no milestone M-{number} in this project.", number=milestone.number
            )


def decision_from_row(row: DecisionRow, person: PersonRow) -> Decision:
    return Decision(
        id=row.id,
        milestone_id=row.milestone_id,
        version=row.version,
        stage=row.stage,
        kind=row.kind,
        person=person_from_row(person),
        note=row.note,
        platform=row.platform,
        decided_at=row.decided_at,
    )


class SqlDecisionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    @guarded
    async def add(self, decision: Decision) -> Decision:
        insert = insert_ignoring_duplicates(
            self._session, DecisionRow, "milestone_id", "version", "stage", "person_id"
        ).values(
            milestone_id=decision.milestone_id,
            version=decision.version,
            stage=decision.stage,
            person_id=decision.person.id,
            kind=decision.kind,
            note=decision.note,
            platform=decision.platform,
            decided_at=decision.decided_at,
        )
        new_id = (await self._session.execute(insert.returning(DecisionRow.id))).scalar()
        if new_id is None:
            raise Conflict("Already decided.")
        return in_utc(replace(decision, id=new_id))

    @guarded
    async def for_stage(self, milestone_id: int, version: int, stage: Stage) -> Sequence[Decision]:
        return await self._select(
            DecisionRow.milestone_id == milestone_id,
            DecisionRow.version == version,
            DecisionRow.stage == stage,
        )

    @guarded
    async def for_milestone(self, milestone_id: int) -> Sequence[Decision]:
        return await self._select(DecisionRow.milestone_id == milestone_id)

    async def _select(self, *conditions: Any) -> list[Decision]:
        rows = await self._session.execute(
            fresh(
                select(DecisionRow, PersonRow)
                .join(PersonRow, PersonRow.id == DecisionRow.person_id)
                .where(*conditions)
                .order_by(DecisionRow.decided_at, DecisionRow.id)
            )
        )
        return [decision_from_row(row, person) for row, person in rows]
