"""SQLAlchemy implementations of the repository ports in bot.ports."""

from __future__ import annotations

from storage.repositories.audit import SqlAuditLog
from storage.repositories.briefs import SqlBriefRepository
from storage.repositories.change_requests import SqlChangeRequestRepository
from storage.repositories.cursors import SqlListCursors
from storage.repositories.feedback import SqlFeedbackRepository
from storage.repositories.file_reads import SqlFileReads
from storage.repositories.issues import SqlIssueRepository
from storage.repositories.members import SqlMemberRepository
from storage.repositories.milestone_versions import SqlMilestoneVersionRepository
from storage.repositories.milestones import SqlDecisionRepository, SqlMilestoneRepository
from storage.repositories.nudges import SqlNudgeRepository
from storage.repositories.people import SqlPersonRepository
from storage.repositories.platform import SqlInboundLog, SqlPlatformLog
from storage.repositories.projects import SqlProjectRepository
from storage.repositories.replies import SqlReplyOutbox
from storage.repositories.risks import SqlRiskRepository

__all__ = [
    "SqlAuditLog",
    "SqlBriefRepository",
    "SqlChangeRequestRepository",
    "SqlDecisionRepository",
    "SqlFeedbackRepository",
    "SqlFileReads",
    "SqlInboundLog",
    "SqlIssueRepository",
    "SqlListCursors",
    "SqlMemberRepository",
    "SqlMilestoneRepository",
    "SqlMilestoneVersionRepository",
    "SqlNudgeRepository",
    "SqlPersonRepository",
    "SqlPlatformLog",
    "SqlProjectRepository",
    "SqlReplyOutbox",
    "SqlRiskRepository",
]
