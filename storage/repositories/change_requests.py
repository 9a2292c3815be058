"""Change requests: CR-n numbered race-free, priced only over what was read, and settled (sent,
accepted, declined, withdrawn) by exactly one writer."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.change_requests import ChangeRequest, ChangeState
from bot.model import Person
from bot.money import Money
from storage.errors import guarded
from storage.repositories.people import person_or_none as person
from storage.repositories.sql import allocate_number, fresh, in_utc, settle_row
from storage.tables import PersonRow
from storage.tables_scope import ChangeRequestRow

RAISER, SENDER, DECIDER = aliased(PersonRow), aliased(PersonRow), aliased(PersonRow)
OPEN = (ChangeState.DRAFT, ChangeState.SENT)


def terms(change: ChangeRequest) -> dict[str, Any]:
    """The columns a correction writes: what the request asks for, and at what price."""
    return {
        "title": change.title,
        "description": change.description,
        "price_minor": change.price.minor if change.price else None,
        "currency": change.price.currency if change.price else None,
        "days": change.days,
        "milestone": change.milestone,
    }


def change_from_row(
    row: ChangeRequestRow,
    raiser: PersonRow | None,
    sender: PersonRow | None,
    decider: PersonRow | None,
) -> ChangeRequest:
    price = None
    if row.price_minor is not None and row.currency:
        price = Money(row.price_minor, row.currency)
    return ChangeRequest(
        id=row.id,
        project_id=row.project_id,
        number=row.number,
        title=row.title,
        description=row.description,
        price=price,
        days=row.days,
        milestone=row.milestone,
        round=row.round,
        state=row.state,
        raised_by=person(raiser),
        raised_at=row.raised_at,
        sent_by=person(sender),
        sent_at=row.sent_at,
        decided_by=person(decider),
        decided_at=row.decided_at,
        decision_note=row.decision_note,
        seq=row.seq,
    )


class SqlChangeRequestRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    @guarded
    async def add(self, change: ChangeRequest) -> ChangeRequest:
        number = await allocate_number(self._session, change.project_id, "change_request")
        statement = insert(ChangeRequestRow).values(
            project_id=change.project_id,
            number=number,
            round=change.round,
            state=change.state,
            raised_by_id=change.raised_by.id if change.raised_by else None,
            raised_at=change.raised_at,
            decision_note="",
            seq=0,
            **terms(change),
        )
        new_id = (
            await self._session.execute(statement.returning(ChangeRequestRow.id))
        ).scalar_one()
        return in_utc(replace(change, id=new_id, number=number, seq=0))

    @guarded
    async def get(self, project_id: int, number: int) -> ChangeRequest | None:
        found = await self._select(
            ChangeRequestRow.project_id == project_id, ChangeRequestRow.number == number
        )
        return found[0] if found else None

    @guarded
    async def list(self, project_id: int) -> Sequence[ChangeRequest]:
        return await self._select(ChangeRequestRow.project_id == project_id)

    @guarded
    async def save_if_unchanged(self, change: ChangeRequest) -> bool:
        done = await self._session.execute(
            update(ChangeRequestRow)
            .where(
                ChangeRequestRow.id == change.id,
                ChangeRequestRow.seq == change.seq,
                ChangeRequestRow.state.in_(OPEN),
            )
            .values(seq=ChangeRequestRow.seq + 1, **terms(change))
            .returning(ChangeRequestRow.id)
            .execution_options(synchronize_session=False)
        )
        return done.scalar() is not None

    @guarded
    async def settle(
        self,
        change: ChangeRequest,
        *,
        expected: ChangeState,
        state: ChangeState,
        by: Person,
        at: datetime,
        note: str = "",
    ) -> bool:
        return await settle_row(
            self._session, ChangeRequestRow, change.id, expected=expected, state=state,
            sent=state is ChangeState.SENT, by_id=by.id, at=at, note=note,
        )  # fmt: skip

    async def _select(self, *conditions: ColumnElement[bool]) -> Sequence[ChangeRequest]:
        rows = await self._session.execute(
            fresh(
                select(ChangeRequestRow, RAISER, SENDER, DECIDER)
                .outerjoin(RAISER, RAISER.id == ChangeRequestRow.raised_by_id)
                .outerjoin(SENDER, SENDER.id == ChangeRequestRow.sent_by_id)
                .outerjoin(DECIDER, DECIDER.id == ChangeRequestRow.decided_by_id)
                .where(*conditions)
                .order_by(ChangeRequestRow.number)
            )
        )
        return [change_from_row(*columns) for columns in rows]
