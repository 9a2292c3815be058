"""Builders and constants the storage tests share (imported as `storage_helpers`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.model import Feedback, Identity, Issue, Milestone, Person, Platform, Project
from storage.uow import SqlUnitOfWork

UowFactory = Callable[[], SqlUnitOfWork]

# Microseconds and a non-UTC zone: both must survive the round trip as the same instant.
T0 = datetime(2026, 11, 27, 17, 30, 15, 123456, tzinfo=ZoneInfo("Asia/Shanghai"))
T1 = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)

# Only the PostgreSQL parameter of `database_url`, for what only PostgreSQL can show. Without
# SIGNOFF_TEST_POSTGRES_URL these tests are deselected (tests/conftest.py), never skipped.
only_postgresql = pytest.mark.parametrize(
    "database_url", [pytest.param("postgresql", id="postgresql")], indirect=True
)


def slack_user(user_id: str, tenant: str = "T1") -> Identity:
    return Identity(platform=Platform.SLACK, tenant=tenant, user_id=user_id)


def new_project(key: str = "ACME", **overrides: object) -> Project:
    values: dict[str, object] = {
        "key": key,
        "name": "Acme 品牌重塑",
        "client": "Acme Co.",
        "timezone": "Asia/Shanghai",
        "locale": "zh-CN",
        "revision_rounds": 2,
        "created_at": T0,
    }
    return Project(**{**values, **overrides})  # type: ignore[arg-type]


def new_milestone(project_id: int, name: str = "概念稿 Concepts") -> Milestone:
    return Milestone(
        project_id=project_id,
        name=name,
        due_date=date(2027, 1, 15),
        criteria=("三个方向", "Logo on dark and light"),
        created_at=T0,
    )


def new_feedback(project_id: int, author: Person, text: str = "颜色再暗一点") -> Feedback:
    return Feedback(project_id=project_id, text=text, author=author, created_at=T0)


def new_issue(project_id: int, reporter: Person, title: str = "字体授权缺失") -> Issue:
    return Issue(project_id=project_id, title=title, reporter=reporter, created_at=T0)


@dataclass(frozen=True)
class Studio:
    project: Project
    pm: Person
    client: Person
