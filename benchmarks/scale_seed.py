"""Bulk seeding for the scale benchmark: projects full of feedback and issues, written straight
into the tables (the benchmark measures reads, so seeding skips the use cases to stay fast)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.model import (
    ApprovalRule,
    FeedbackStatus,
    IssueStatus,
    MilestoneState,
    Platform,
    ProjectStatus,
    Role,
    Severity,
    Stage,
)
from storage.tables import (
    CounterRow,
    FeedbackRow,
    IssueRow,
    MemberRow,
    MilestoneRow,
    PersonRow,
    ProjectRow,
)

T0 = datetime(2026, 11, 2, 9, tzinfo=UTC)
CHUNK = 5_000
SEVERITIES = list(Severity)


def project_key(n: int) -> str:
    return f"p{n:05d}"


def pm_id(n: int) -> str:
    return f"PM{n:05d}"


async def _insert(engine: AsyncEngine, table: type, rows: list[dict]) -> None:
    for start in range(0, len(rows), CHUNK):
        async with engine.begin() as connection:
            await connection.execute(insert(table), rows[start : start + CHUNK])


async def seed_projects(
    engine: AsyncEngine, first: int, last: int, *, feedback: int, issues: int
) -> None:
    """Projects number first..last-1, each with a PM, a client, three milestones (one waiting on
    the client), `feedback` feedback items (a third resolved) and `issues` issues."""
    numbers = range(first, last)
    async with engine.begin() as connection:
        await connection.execute(
            insert(ProjectRow),
            [
                dict(
                    key=project_key(n),
                    name=f"Project {n}",
                    client=f"Client {n}",
                    timezone="Europe/Berlin",
                    locale="en",
                    revision_rounds=2,
                    status=ProjectStatus.ACTIVE,
                    pm_rule=ApprovalRule.ANY,
                    client_rule=ApprovalRule.ANY,
                    created_at=T0,
                )
                for n in numbers
            ],
        )
        await connection.execute(
            insert(PersonRow),
            [
                dict(platform=Platform.SLACK, tenant="T1", user_id=user, display_name=user)
                for n in numbers
                for user in (pm_id(n), f"CL{n:05d}")
            ],
        )
    ids = await _ids(engine, first, last)
    members, milestones, counters = [], [], []
    for n in numbers:
        project, pm, client = ids[n]
        members += [
            dict(project_id=project, person_id=pm, role=Role.PM),
            dict(project_id=project, person_id=client, role=Role.CLIENT),
        ]
        for m in (1, 2, 3):
            waiting = m == 2
            milestones.append(
                dict(
                    project_id=project,
                    number=m,
                    name=f"Milestone {m}",
                    due_date=date(2026, 12, 1) + timedelta(days=14 * m),
                    criteria=["files"],
                    state=MilestoneState.IN_REVIEW if waiting else MilestoneState.PLANNED,
                    version=1 if waiting else 0,
                    stage=Stage.CLIENT if waiting else None,
                    rounds_used=0,
                    over_allowance=False,
                    submit_note="",
                    submitted_at=T0 if waiting else None,
                    stage_started_at=T0 if waiting else None,
                    approved_at=None,
                    created_at=T0,
                    lock_seq=0,
                )
            )
        counters += [
            dict(project_id=project, kind="milestone", next_number=4),
            dict(project_id=project, kind="feedback", next_number=feedback + 1),
            dict(project_id=project, kind="issue", next_number=issues + 1),
        ]
    await _insert(engine, MemberRow, members)
    await _insert(engine, MilestoneRow, milestones)
    await _insert(engine, CounterRow, counters)
    for n in numbers:
        project, _, client = ids[n]
        await _insert(
            engine,
            FeedbackRow,
            [
                dict(
                    project_id=project,
                    number=k,
                    text=f"Feedback {k} on the cover colours",
                    author_id=client,
                    milestone_id=None,
                    version=None,
                    status=FeedbackStatus.RESOLVED if k % 3 == 0 else FeedbackStatus.OPEN,
                    source_link="",
                    resolution_note="",
                    resolved_by_id=None,
                    created_at=T0,
                    updated_at=T0,
                )
                for k in range(1, feedback + 1)
            ],
        )
        await _insert(
            engine,
            IssueRow,
            [
                dict(
                    project_id=project,
                    number=k,
                    title=f"Issue {k}",
                    description="",
                    severity=SEVERITIES[k % 4],
                    status=IssueStatus.CLOSED if k % 2 else IssueStatus.OPEN,
                    reporter_id=client,
                    assignee_id=None,
                    milestone_id=None,
                    response_due_at=T0,
                    acknowledged_at=None,
                    resolved_at=None,
                    closed_at=None,
                    created_at=T0,
                    updated_at=T0,
                )
                for k in range(1, issues + 1)
            ],
        )


async def _ids(engine: AsyncEngine, first: int, last: int) -> dict[int, tuple[int, int, int]]:
    """Project number → (project id, PM person id, client person id)."""
    from sqlalchemy import select

    async with engine.connect() as connection:
        projects = dict((await connection.execute(select(ProjectRow.key, ProjectRow.id))).all())
        people = dict((await connection.execute(select(PersonRow.user_id, PersonRow.id))).all())
    return {
        n: (projects[project_key(n)], people[pm_id(n)], people[f"CL{n:05d}"])
        for n in range(first, last)
    }
