"""The unit of work: one AsyncSession, one transaction, every repository bound to it."""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.errors import StorageUnavailable
from storage.errors import FAILED, unavailable_on_failure
from storage.repositories import (
    SqlAuditLog,
    SqlBriefRepository,
    SqlChangeRequestRepository,
    SqlDecisionRepository,
    SqlFeedbackRepository,
    SqlFileReads,
    SqlInboundLog,
    SqlIssueRepository,
    SqlListCursors,
    SqlMemberRepository,
    SqlMilestoneRepository,
    SqlMilestoneVersionRepository,
    SqlNudgeRepository,
    SqlPersonRepository,
    SqlPlatformLog,
    SqlProjectRepository,
    SqlReplyOutbox,
    SqlRiskRepository,
)
from storage.repositories.lessons import SqlLessonRepository
from storage.repositories.pages import SqlPageLinkRepository
from storage.repositories.surveys import SqlSurveyRepository

logger = logging.getLogger(__name__)


class SqlUnitOfWork:
    """bot.ports.UnitOfWork on SQLAlchemy. `async with` opens a session; the transaction begins
    with the first statement; leaving without commit() rolls it back."""

    projects: SqlProjectRepository
    people: SqlPersonRepository
    members: SqlMemberRepository
    milestones: SqlMilestoneRepository
    versions: SqlMilestoneVersionRepository
    decisions: SqlDecisionRepository
    feedback: SqlFeedbackRepository
    issues: SqlIssueRepository
    audit: SqlAuditLog
    inbound: SqlInboundLog
    nudges: SqlNudgeRepository
    cursors: SqlListCursors
    replies: SqlReplyOutbox
    platform: SqlPlatformLog
    file_reads: SqlFileReads
    briefs: SqlBriefRepository
    changes: SqlChangeRequestRepository
    risks: SqlRiskRepository
    surveys: SqlSurveyRepository
    lessons: SqlLessonRepository
    pages: SqlPageLinkRepository
    _session: AsyncSession | None

    def __init__(self, *, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        self._session = None

    async def __aenter__(self) -> SqlUnitOfWork:
        if self._session is not None:
            raise RuntimeError("this unit of work is already in use; make a new one")
        session = self._session = self._sessions()
        self.projects = SqlProjectRepository(session)
        self.people = SqlPersonRepository(session)
        self.members = SqlMemberRepository(session)
        self.milestones = SqlMilestoneRepository(session)
        self.versions = SqlMilestoneVersionRepository(session)
        self.decisions = SqlDecisionRepository(session)
        self.feedback = SqlFeedbackRepository(session)
        self.issues = SqlIssueRepository(session)
        self.audit = SqlAuditLog(session)
        self.inbound = SqlInboundLog(session)
        self.nudges = SqlNudgeRepository(session)
        self.cursors = SqlListCursors(session)
        self.replies = SqlReplyOutbox(session)
        self.platform = SqlPlatformLog(session)
        self.file_reads = SqlFileReads(session)
        self.briefs = SqlBriefRepository(session)
        self.changes = SqlChangeRequestRepository(session)
        self.risks = SqlRiskRepository(session)
        self.surveys = SqlSurveyRepository(session)
        self.lessons = SqlLessonRepository(session)
        self.pages = SqlPageLinkRepository(session)
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        session, self._session = self._session, None
        if session is None:
            return
        try:
            await session.close()  # rolls back whatever was not committed
        except Exception:
            # Nothing uncommitted survives a failed rollback, and the exception that ended the
            # block (if any) matters more than this one.
            logger.warning("rollback failed while leaving a unit of work", exc_info=True)

    async def commit(self) -> None:
        session = self._active()
        if session.info.get(FAILED):
            # The failed statement's work is not in the transaction; committing the rest would
            # confirm something that was not saved.
            raise StorageUnavailable("commit refused: an earlier statement failed")
        with unavailable_on_failure("commit", session):
            await session.commit()

    async def rollback(self) -> None:
        session = self._active()
        with unavailable_on_failure("rollback"):
            await session.rollback()
        session.info.pop(FAILED, None)  # what failed is gone; the next transaction starts clean

    def _active(self) -> AsyncSession:
        if self._session is None:
            raise RuntimeError("use the unit of work inside `async with`")
        return self._session


def sql_uow_factory(engine: AsyncEngine) -> Callable[[], SqlUnitOfWork]:
    """Make units of work on `engine`, one session each (what bot.service.Services.uow wants)."""
    # expire_on_commit=False: nothing is lazily reloaded after commit (impossible under asyncio);
    # autoflush=False: the repositories write with explicit statements, never through the ORM.
    sessions = async_sessionmaker(engine, expire_on_commit=False, autoflush=False)
    return lambda: SqlUnitOfWork(sessions=sessions)
