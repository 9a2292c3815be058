"""Issues raised by clients: IS-n per project, with severity, owner and response deadline."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import ColumnElement, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.history import from_data, to_data
from bot.model import Issue, IssueStatus, Severity
from bot.rules import OPEN_ISSUES
from storage.errors import guarded
from storage.repositories.people import person_from_row
from storage.repositories.sql import allocate_number, fresh, in_utc, utc_now
from storage.tables import IssueRow, MilestoneRow, PersonRow

OPEN_STATUSES = tuple(OPEN_ISSUES)  # not resolved, closed or withdrawn

_Reporter = aliased(PersonRow, name="reporter")
_Assignee = aliased(PersonRow, name="assignee")
# The row with its reporter, assignee and milestone number, for turning into an Issue.
_FULL = (
    select(IssueRow, _Reporter, _Assignee, MilestoneRow.number)
    .join(_Reporter, _Reporter.id == IssueRow.reporter_id)
    .outerjoin(_Assignee, _Assignee.id == IssueRow.assignee_id)
    .outerjoin(MilestoneRow, MilestoneRow.id == IssueRow.milestone_id)
)


def _changeable(issue: Issue) -> dict[str, Any]:
    return {
        "title": issue.title,
        "description": issue.description,
        "severity": issue.severity,
        "status": issue.status,
        "assignee_id": issue.assignee.id if issue.assignee else None,
        "milestone_id": issue.milestone_id,
        "response_due_at": issue.response_due_at,
        "acknowledged_at": issue.acknowledged_at,
        "resolved_at": issue.resolved_at,
        "closed_at": issue.closed_at,
        "updated_at": issue.updated_at or utc_now(),
        "history": [to_data(step) for step in issue.history],
    }


def _from_row(
    row: IssueRow, reporter: PersonRow, assignee: PersonRow | None, milestone_number: int | None
) -> Issue:
    return Issue(
        id=row.id,
        project_id=row.project_id,
        number=row.number,
        title=row.title,
        description=row.description,
        severity=row.severity,
        status=row.status,
        reporter=person_from_row(reporter),
        assignee=None if assignee is None else person_from_row(assignee),
        milestone_id=row.milestone_id,
        milestone_number=milestone_number,
        response_due_at=row.response_due_at,
        acknowledged_at=row.acknowledged_at,
        resolved_at=row.resolved_at,
        closed_at=row.closed_at,
        created_at=row.created_at,
        updated_at=row.updated_at,
        history=tuple(from_data(step) for step in row.history or ()),
    )


class SqlIssueRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    @guarded
    async def add(self, issue: Issue) -> Issue:
        number = await allocate_number(self._session, issue.project_id, "issue")
        created_at = issue.created_at or utc_now()
        values = _changeable(issue)
        values["updated_at"] = issue.updated_at or created_at
        statement = insert(IssueRow).values(
            project_id=issue.project_id,
            number=number,
            reporter_id=issue.reporter.id,
            created_at=created_at,
            **values,
        )
        new_id = (await self._session.execute(statement.returning(IssueRow.id))).scalar_one()
        return in_utc(
            replace(
                issue,
                id=new_id,
                number=number,
                created_at=created_at,
                updated_at=values["updated_at"],
            )
        )

    @guarded
    async def get(self, project_id: int, number: int) -> Issue | None:
        found = await self._select(IssueRow.project_id == project_id, IssueRow.number == number)
        return found[0] if found else None

    @guarded
    async def update(self, issue: Issue, *, expected_status: IssueStatus) -> bool:
        updated = await self._session.execute(
            update(IssueRow)
            .where(IssueRow.id == issue.id, IssueRow.status == expected_status)
            .values(**_changeable(issue))
            .returning(IssueRow.id)
            .execution_options(synchronize_session=False)
        )
        return updated.scalar() is not None

    @guarded
    async def list(self, project_id: int, *, open_only: bool = False) -> Sequence[Issue]:
        conditions = [IssueRow.project_id == project_id]
        if open_only:
            conditions.append(IssueRow.status.in_(OPEN_STATUSES))
        return await self._select(*conditions)

    @guarded
    async def count_open_by_severity(self, project_id: int) -> dict[Severity, int]:
        rows = await self._session.execute(
            select(IssueRow.severity, func.count())
            .where(IssueRow.project_id == project_id, IssueRow.status.in_(OPEN_STATUSES))
            .group_by(IssueRow.severity)
        )
        # Every severity is present, so a digest can show "0 critical" without a KeyError.
        counts = dict.fromkeys(Severity, 0)
        counts.update({severity: count for severity, count in rows})
        return counts

    async def _select(self, *conditions: ColumnElement[bool]) -> Sequence[Issue]:
        rows = await self._session.execute(
            fresh(_FULL.where(*conditions).order_by(IssueRow.number))
        )
        return [_from_row(*row) for row in rows]
