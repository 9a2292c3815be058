"""Reading what a project's nudges depend on, in one unit of work."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.brief import Brief, BriefState
from bot.change_requests import ChangeRequest, ChangeState
from bot.model import (
    AuditEvent,
    Conversation,
    Decision,
    Feedback,
    Identity,
    Issue,
    Member,
    Milestone,
    MilestoneState,
    Platform,
    Project,
    ProjectStatus,
    Role,
    Stage,
)
from bot.nudges.model import ProjectNudges
from bot.nudges.ports import NudgeWork
from bot.review import Review
from bot.risk_thresholds import ProjectRiskThresholds
from bot.risks import Risk, RiskThresholds
from bot.surveys import SurveyMode, SurveyOccasion

# How each platform's messenger addresses a person rather than a channel: Slack posts to a user
# id (the app's DM with them), Teams keeps the personal conversation's reference as "user:ID".
_DIRECT_PREFIX = {Platform.SLACK: "", Platform.TEAMS: "user:", Platform.CONSOLE: "@"}
# Milestones nobody needs reminding of their due date: signed off, or set aside.
SETTLED = frozenset({MilestoneState.APPROVED, MilestoneState.CANCELLED})


def direct(identity: Identity) -> Conversation:
    """The conversation for a direct message to a person on their platform."""
    prefix = _DIRECT_PREFIX.get(identity.platform, "")
    return Conversation(
        platform=identity.platform, tenant=identity.tenant, channel=prefix + identity.user_id
    )


@dataclass(frozen=True, kw_only=True)
class ProjectSnapshot:
    """What the nudges of one project depend on, read in one unit of work."""

    project: Project
    settings: ProjectNudges
    bindings: tuple[Conversation, ...]  # the healthy ones: a broken channel gets nothing
    members: tuple[Member, ...]
    milestones: tuple[Milestone, ...]
    decisions: dict[int, tuple[Decision, ...]] = field(default_factory=dict)
    issues: tuple[Issue, ...] = ()  # open ones
    feedback: tuple[Feedback, ...] = ()  # open ones
    briefs: tuple[Brief, ...] = ()  # every version, oldest first
    changes: tuple[ChangeRequest, ...] = ()  # every change request, by number
    raised: tuple[Risk, ...] = ()  # the risks Signoff raised by itself, open or closed
    risks: tuple[Risk, ...] = ()  # the whole register, for the studio's digest
    thresholds: ProjectRiskThresholds | None = None  # the project's own; None: the studio's
    # When someone on the client's side last did anything the audit records (a command, a
    # decision, an answer); None when never, or when nothing waits on them (not read then).
    client_seen_at: datetime | None = None
    # The week's risk.* audit events: read only to compose the studio's digest.
    risk_events: tuple[AuditEvent, ...] = ()
    # The client's satisfaction surveys, each with its answers, and where they are asked.
    surveys: tuple[SurveyOccasion, ...] = ()
    survey_mode: SurveyMode = SurveyMode.CHANNEL

    def milestone(self, milestone_id: object) -> Milestone | None:
        return next((m for m in self.milestones if m.id == milestone_id), None)

    def newest_brief(self, *states: BriefState) -> Brief | None:
        """The newest version of the brief (in one of `states`, if any are named)."""
        found = [b for b in self.briefs if not states or b.state in states]
        return found[-1] if found else None

    def waiting_on_client(self) -> list[tuple[dict[str, Any], datetime]]:
        """What waits on the client's approvers, as a nudge's subject, and since when: each
        milestone version an approver still owes, the brief version sent to them (an earlier
        one stays sent while the PM drafts the next), each change request sent. A brief or a
        change request nobody is left to decide waits on no one, like a milestone."""
        found = [
            ({"milestone": m.id, "version": m.version}, m.stage_started_at)
            for m in self.milestones
            if self.owing(m) and m.stage_started_at is not None
        ]
        if self.people(Role.APPROVER):
            sent = self.newest_brief(BriefState.SENT)
            if sent is not None and sent.sent_at is not None:
                found.append(({"brief": sent.id, "version": sent.version}, sent.sent_at))
            found += [
                ({"change": c.id}, c.sent_at)
                for c in self.changes
                if c.state is ChangeState.SENT and c.sent_at is not None
            ]
        return found

    def risk_limits(self, studio: RiskThresholds) -> RiskThresholds:
        """The studio's thresholds with the project's own in their place."""
        return studio if self.thresholds is None else self.thresholds.applied(studio)

    def project_zone(self) -> ZoneInfo:
        return ZoneInfo(self.project.timezone)

    def reaches(self, target: Conversation) -> bool:
        """Whether the project may still post there: a healthy binding, its escalation channel
        or a member's DM."""
        return (
            target in self.bindings
            or target == self.settings.escalate_to
            or any(direct(m.person.identity) == target for m in self.members)
        )

    def people(self, role: Role) -> list[Member]:
        return [m for m in self.members if m.role is role]

    def owing(self, milestone: Milestone) -> list[Member]:
        """Approvers who still owe a decision on the milestone's current client stage: not
        those who decided it, nor (unless the project allows self-approval) a PM who decided
        the studio's stage of the version."""
        if milestone.state is not MilestoneState.IN_REVIEW or milestone.stage is not Stage.CLIENT:
            return []
        decisions = tuple(
            d for d in self.decisions.get(milestone.id, ()) if d.version == milestone.version
        )
        review = Review(milestone=milestone, submitted=None, decisions=decisions)
        waiting = {person.id for person in review.waiting_on(self.project, self.members)}
        return [m for m in self.people(Role.APPROVER) if m.person.id in waiting]


async def load_snapshot(uow: NudgeWork, project_id: int) -> ProjectSnapshot | None:
    """The project's state for planning and composing nudges; None if it is gone or closed."""
    project = await uow.projects.get(project_id)
    if project is None or project.status is ProjectStatus.CLOSED:
        return None
    problems = await uow.projects.binding_problems(project_id)
    bindings = tuple(b for b in await uow.projects.bindings(project_id) if b not in problems)
    milestones = tuple(await uow.milestones.list(project_id))
    # Every stage's decisions on the version in review: who decided the studio's stage is
    # not asked again at the client's.
    decisions = {
        m.id: tuple(await uow.decisions.for_milestone(m.id))
        for m in milestones
        if m.state is MilestoneState.IN_REVIEW and m.stage is not None
    }
    members = tuple(await uow.members.list(project_id))
    register = tuple(await uow.risks.list(project_id))
    snap = ProjectSnapshot(
        project=project,
        settings=await uow.nudges.settings(project_id),
        bindings=bindings,
        members=members,
        milestones=milestones,
        decisions=decisions,
        issues=tuple(await uow.issues.list(project_id, open_only=True)),
        feedback=tuple(await uow.feedback.list(project_id, open_only=True)),
        # One statement each, whatever the project holds: the digest says where the brief and
        # the change requests stand, and those waiting on the client are reminded.
        briefs=tuple(await uow.briefs.list(project_id)),
        changes=tuple(await uow.changes.list(project_id)),
        # What Signoff raised already is not raised again, and each is told to the PMs once.
        raised=tuple(r for r in register if r.key),
        risks=register,
        thresholds=await uow.risks.thresholds(project_id),
        surveys=tuple(await uow.surveys.occasions(project_id)),
        survey_mode=await uow.surveys.mode(project_id),
    )
    if not snap.waiting_on_client():
        return snap
    # Whether the client is silent matters only while something waits on them.
    studio = sorted({m.person.id for m in members if m.role in (Role.PM, Role.DESIGNER)})
    return replace(snap, client_seen_at=await uow.audit.last_by_others(project_id, studio))
