"""In-memory stand-ins for the core's ports, so use-case tests read like stories and run fast."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import event

from bot.brief import Brief, BriefState
from bot.change_requests import ChangeRequest, ChangeState
from bot.errors import Conflict, StorageUnavailable
from bot.lessons import Lesson
from bot.model import (
    SIGNOFF_TERMS,
    AuditEvent,
    Conversation,
    DateOrder,
    Decision,
    Feedback,
    FeedbackStatus,
    Identity,
    Issue,
    IssueStatus,
    Member,
    Milestone,
    MilestoneState,
    MilestoneVersion,
    Person,
    Platform,
    Project,
    Role,
    Severity,
    Stage,
)
from bot.nudges.model import DeliveryRecord, Occurrence, OutboxItem, OutboxStatus, ProjectNudges
from bot.pages import PageLink
from bot.record_ports import ListCursor
from bot.review import Review
from bot.risk_thresholds import ProjectRiskThresholds
from bot.risks import Risk
from bot.rules import OPEN_FEEDBACK, OPEN_ISSUES
from bot.surveys import SurveyAnswer, SurveyMode, SurveyOccasion


@dataclass
class FakeClock:
    current: datetime = field(default_factory=lambda: datetime(2026, 11, 27, 10, tzinfo=UTC))

    def now(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        self.current += timedelta(**delta)


@dataclass
class MemberRecord:
    project_id: int
    person_id: int
    role: Role
    added_by: int | None = None
    added_at: datetime | None = None
    removed_by: int | None = None
    removed_at: datetime | None = None


@dataclass
class Tables:
    """The whole in-memory database; a unit of work copies it and writes it back on commit."""

    projects: dict[int, Project] = field(default_factory=dict)
    bindings: dict[Conversation, int] = field(default_factory=dict)
    people: dict[Identity, Person] = field(default_factory=dict)
    members: list[MemberRecord] = field(default_factory=list)
    named: set[int] = field(default_factory=set)  # people whose name an administrator gave
    milestones: dict[int, Milestone] = field(default_factory=dict)
    decisions: list[Decision] = field(default_factory=list)
    versions: list[MilestoneVersion] = field(default_factory=list)
    feedback: dict[int, Feedback] = field(default_factory=dict)
    issues: dict[int, Issue] = field(default_factory=dict)
    audit: list[AuditEvent] = field(default_factory=list)
    counters: dict[tuple[int, str], int] = field(default_factory=dict)
    binding_problems: dict[Conversation, str] = field(default_factory=dict)
    deliveries: set[tuple[str, str]] = field(default_factory=set)
    nudge_settings: dict[int, ProjectNudges] = field(default_factory=dict)
    outbox: dict[str, OutboxItem] = field(default_factory=dict)
    nudge_log: list[DeliveryRecord] = field(default_factory=list)
    nudge_turns: set[str] = field(default_factory=set)
    cursors: dict[tuple[int, str], ListCursor] = field(default_factory=dict)
    briefs: list[Brief] = field(default_factory=list)
    changes: list[ChangeRequest] = field(default_factory=list)
    risks: list[Risk] = field(default_factory=list)
    page_links: list[PageLink] = field(default_factory=list)
    survey_occasions: list[SurveyOccasion] = field(default_factory=list)
    survey_modes: dict[int, SurveyMode] = field(default_factory=dict)
    risk_thresholds: dict[int, ProjectRiskThresholds] = field(default_factory=dict)
    lessons: list[Lesson] = field(default_factory=list)
    last_id: int = 0
    # Tables ("milestones", "feedback", "issues") whose conditional writes lose to another
    # writer, as a compare-and-set does when someone changed the row since it was read.
    racing: set[str] = field(default_factory=set)

    def new_id(self) -> int:
        self.last_id += 1
        return self.last_id

    def new_number(self, project_id: int, kind: str) -> int:
        self.counters[project_id, kind] = self.counters.get((project_id, kind), 0) + 1
        return self.counters[project_id, kind]

    def person(self, person_id: int) -> Person:
        return next(p for p in self.people.values() if p.id == person_id)

    def as_read(self, version: MilestoneVersion) -> MilestoneVersion:
        """A version as SQL reads it: with the feedback given on it, withdrawn not counted."""
        drawn = sum(
            1
            for f in self.feedback.values()
            if (f.milestone_id, f.version) == (version.milestone_id, version.version)
            and f.status is not FeedbackStatus.WITHDRAWN
        )
        return replace(version, feedback=drawn)


class FakeDatabase:
    """Hands out units of work over one shared `Tables`; `down` makes every call fail."""

    def __init__(self) -> None:
        self.tables = Tables()
        self.down = False

    def __call__(self) -> FakeUnitOfWork:
        return FakeUnitOfWork(self)


class FakeUnitOfWork:
    def __init__(self, database: FakeDatabase) -> None:
        self.database = database

    async def __aenter__(self) -> FakeUnitOfWork:
        if self.database.down:
            raise StorageUnavailable("database down")
        self.t = copy.deepcopy(self.database.tables)
        # One object plays every repository; the ports' method names do not collide.
        self.projects = Projects(self.t)
        self.people = People(self.t)
        self.members = Members(self.t)
        self.milestones = Milestones(self.t)
        self.decisions = Decisions(self.t)
        self.versions = Versions(self.t)
        self.feedback = FeedbackItems(self.t)
        self.issues = Issues(self.t)
        self.audit = Audit(self.t)
        self.inbound = Inbound(self.t)
        self.nudges = Nudges(self.t)
        self.cursors = Cursors(self.t)
        self.briefs = Briefs(self.t)
        self.changes = ChangeRequests(self.t)
        self.risks = Risks(self.t)
        self.pages = PageLinks(self.t)
        self.surveys = Surveys(self.t)
        self.lessons = Lessons(self.t)
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        return None

    async def commit(self) -> None:
        if self.database.down:
            raise StorageUnavailable("database down")
        self.database.tables = self.t

    async def rollback(self) -> None:
        return None


@dataclass
class Repository:
    t: Tables


class Projects(Repository):
    async def add(self, project: Project) -> Project:
        if any(p.key == project.key for p in self.t.projects.values()):
            raise Conflict("A project with key {key} already exists.", key=project.key)
        stored = replace(project, id=self.t.new_id())
        self.t.projects[stored.id] = stored
        return replace(stored)

    async def get(self, project_id: int) -> Project | None:
        return self.t.projects.get(project_id)

    async def get_by_key(self, key: str) -> Project | None:
        return next((p for p in self.t.projects.values() if p.key == key), None)

    async def for_conversation(self, conversation: Conversation) -> Project | None:
        project_id = self.t.bindings.get(conversation)
        return replace(self.t.projects[project_id]) if project_id else None

    async def find_bound(self, conversation: Conversation) -> Project | None:
        unscoped = replace(conversation, tenant="")
        if conversation not in self.t.bindings and unscoped in self.t.bindings:
            self.t.bindings[conversation] = self.t.bindings.pop(unscoped)
        return await self.for_conversation(conversation)

    async def save(self, project: Project) -> None:
        self.t.projects[project.id] = replace(project)

    async def unbind(self, conversation: Conversation) -> bool:
        self.t.binding_problems.pop(conversation, None)
        return self.t.bindings.pop(conversation, None) is not None

    async def bind(self, project_id: int, conversation: Conversation) -> None:
        other = self.t.bindings.get(conversation)
        if other is not None and other != project_id:
            key = self.t.projects[other].key
            raise Conflict("This conversation is already bound to {other}.", other=key)
        self.t.bindings[conversation] = project_id

    async def set_date_order(self, project_id: int, order: DateOrder | None) -> None:
        self.t.projects[project_id] = replace(self.t.projects[project_id], date_order=order)

    async def set_terms(self, project: Project) -> None:
        self.t.projects[project.id] = replace(
            self.t.projects[project.id], **{name: getattr(project, name) for name in SIGNOFF_TERMS}
        )

    async def bindings(self, project_id: int) -> list[Conversation]:
        return [c for c, p in self.t.bindings.items() if p == project_id]

    async def mark_binding(self, conversation: Conversation, *, problem: str, at: datetime) -> None:
        if conversation in self.t.bindings:
            self.t.binding_problems[conversation] = problem

    async def binding_problems(self, project_id: int) -> dict[Conversation, str]:
        return {
            c: problem
            for c, problem in self.t.binding_problems.items()
            if problem and self.t.bindings.get(c) == project_id
        }

    async def of_person(self, person_id: int) -> list[Project]:
        held = [m for m in self.t.members if m.person_id == person_id and not m.removed_at]
        ids = {m.project_id for m in held}
        return sorted((self.t.projects[i] for i in ids), key=lambda p: p.key)

    async def count(self) -> int:
        return len(self.t.projects)


class People(Repository):
    async def ensure(
        self, identity: Identity, display_name: str = "", timezone: str = "", *, name_given=False
    ) -> Person:
        person = self.t.people.get(identity)
        unscoped = replace(identity, tenant="")
        if person is None and identity.tenant and unscoped in self.t.people:
            person = replace(self.t.people.pop(unscoped), identity=identity)  # merged
        if person is None:
            person = Person(id=self.t.new_id(), identity=identity, display_name=display_name,
                            timezone=timezone)  # fmt: skip
        if display_name and (name_given or person.id not in self.t.named):
            person = replace(person, display_name=display_name)
            if name_given:
                self.t.named.add(person.id)
        if timezone and timezone != person.timezone:
            person = replace(person, timezone=timezone)
        self.t.people[identity] = person
        return person

    async def find(self, identity: Identity) -> Person | None:
        found = self.t.people.get(identity)
        return found or self.t.people.get(replace(identity, tenant=""))


class Members(Repository):
    def _record(self, project_id: int, person_id: int, role: Role) -> MemberRecord | None:
        return next(
            (m for m in self.t.members
             if (m.project_id, m.person_id, m.role) == (project_id, person_id, role)),
            None,
        )  # fmt: skip

    async def add(self, project_id, person_id, role, *, by=None, at=None) -> bool:
        record = self._record(project_id, person_id, role)
        if record is None:
            self.t.members.append(MemberRecord(project_id, person_id, role, by, at))
            return True
        if record.removed_at is None:
            return False
        record.added_by, record.added_at, record.removed_by, record.removed_at = by, at, None, None
        return True

    async def remove(self, project_id, person_id, role, *, by, at) -> bool:
        record = self._record(project_id, person_id, role)
        if record is None or record.removed_at is not None:
            return False
        record.removed_by, record.removed_at = by, at
        return True

    async def roles(self, project_id: int, person_id: int) -> frozenset[Role]:
        return frozenset(
            m.role
            for m in self.t.members
            if (m.project_id, m.person_id) == (project_id, person_id) and m.removed_at is None
        )

    async def list(self, project_id: int, *, removed: bool = False) -> list[Member]:
        def who(person_id: int | None) -> Person | None:
            return None if person_id is None else self.t.person(person_id)

        members = [
            Member(
                project_id=m.project_id,
                person=self.t.person(m.person_id),
                role=m.role,
                added_by=who(m.added_by),
                added_at=m.added_at,
                removed_by=who(m.removed_by),
                removed_at=m.removed_at,
            )
            for m in self.t.members
            if m.project_id == project_id and (removed or m.removed_at is None)
        ]
        order = list(Role)
        return sorted(members, key=lambda m: (order.index(m.role), m.person.display_name))


class Milestones(Repository):
    async def add(self, milestone: Milestone) -> Milestone:
        number = self.t.new_number(milestone.project_id, "milestone")
        stored = replace(milestone, id=self.t.new_id(), number=number)
        self.t.milestones[stored.id] = stored
        return replace(stored)

    async def get(self, project_id: int, number: int) -> Milestone | None:
        found = [
            m
            for m in self.t.milestones.values()
            if (m.project_id, m.number) == (project_id, number)
        ]
        return replace(found[0]) if found else None

    async def list(self, project_id: int) -> list[Milestone]:
        return sorted(
            (replace(m) for m in self.t.milestones.values() if m.project_id == project_id),
            key=lambda m: m.number,
        )

    async def claim(
        self, milestone_id: int, *, state: MilestoneState, version: int, stage: Stage | None
    ) -> bool:
        if "milestones" in self.t.racing:
            return False
        m = self.t.milestones[milestone_id]
        return (m.state, m.version, m.stage) == (state, version, stage)

    async def save(self, milestone: Milestone) -> None:
        stored = self.t.milestones[milestone.id]
        self.t.milestones[milestone.id] = replace(milestone, seq=stored.seq + 1)

    async def review(self, project_id: int, number: int) -> Review | None:
        milestone = await self.get(project_id, number)
        if milestone is None:
            return None
        current = (milestone.id, milestone.version)
        return Review(
            milestone=milestone,
            submitted=next(
                (
                    self.t.as_read(v)
                    for v in self.t.versions
                    if (v.milestone_id, v.version) == current
                ),
                None,
            ),
            decisions=tuple(d for d in self.t.decisions if (d.milestone_id, d.version) == current),
        )

    async def save_if_unchanged(self, milestone: Milestone) -> bool:
        stored = self.t.milestones[milestone.id]
        if "milestones" in self.t.racing or stored.seq != milestone.seq:
            return False
        self.t.milestones[milestone.id] = replace(milestone, seq=stored.seq + 1)
        return True


class Versions(Repository):
    async def add(self, version: MilestoneVersion) -> MilestoneVersion:
        key = (version.milestone_id, version.version)
        if any((v.milestone_id, v.version) == key for v in self.t.versions):
            raise Conflict("That version was submitted a moment ago; please look again.")
        self.t.versions.append(replace(version))
        return replace(version)

    async def get(self, milestone_id: int, version: int) -> MilestoneVersion | None:
        found = [
            v for v in self.t.versions if (v.milestone_id, v.version) == (milestone_id, version)
        ]
        return self.t.as_read(found[0]) if found else None

    async def list(self, milestone_id: int) -> list[MilestoneVersion]:
        found = [self.t.as_read(v) for v in self.t.versions if v.milestone_id == milestone_id]
        return sorted(found, key=lambda v: v.version)

    async def withdraw(self, milestone_id: int, version: int, *, by: Person, at: datetime) -> bool:
        for v in self.t.versions:
            if (v.milestone_id, v.version) == (milestone_id, version) and v.withdrawn_at is None:
                v.withdrawn_by, v.withdrawn_at = by, at
                return True
        return False


class Decisions(Repository):
    async def add(self, decision: Decision) -> Decision:
        key = (decision.milestone_id, decision.version, decision.stage, decision.person.id)
        if any((d.milestone_id, d.version, d.stage, d.person.id) == key for d in self.t.decisions):
            raise Conflict("Already decided.")
        stored = replace(decision, id=self.t.new_id())
        self.t.decisions.append(stored)
        return stored

    async def for_stage(self, milestone_id: int, version: int, stage: Stage) -> list[Decision]:
        return [
            d
            for d in self.t.decisions
            if (d.milestone_id, d.version, d.stage) == (milestone_id, version, stage)
        ]

    async def for_milestone(self, milestone_id: int) -> list[Decision]:
        return [d for d in self.t.decisions if d.milestone_id == milestone_id]


class FeedbackItems(Repository):
    async def add(self, feedback: Feedback) -> Feedback:
        number = self.t.new_number(feedback.project_id, "feedback")
        stored = replace(feedback, id=self.t.new_id(), number=number)
        self.t.feedback[stored.id] = stored
        return replace(stored)

    def _read(self, feedback: Feedback) -> Feedback:
        """As SQL reads it: the milestone's number from the milestone the feedback points at."""
        if feedback.milestone_id is None:
            return replace(feedback)
        milestone = self.t.milestones.get(feedback.milestone_id)
        return replace(feedback, milestone_number=milestone.number if milestone else None)

    async def get(self, project_id: int, number: int) -> Feedback | None:
        found = [
            f for f in self.t.feedback.values() if (f.project_id, f.number) == (project_id, number)
        ]
        return self._read(found[0]) if found else None

    async def update(self, feedback: Feedback, *, expected_status: FeedbackStatus) -> bool:
        if (
            "feedback" in self.t.racing
            or self.t.feedback[feedback.id].status is not expected_status
        ):
            return False
        self.t.feedback[feedback.id] = replace(feedback)
        return True

    async def list(self, project_id: int, *, open_only: bool = False) -> list[Feedback]:
        items = [self._read(f) for f in self.t.feedback.values() if f.project_id == project_id]
        if open_only:
            items = [f for f in items if f.status in OPEN_FEEDBACK]
        return sorted(items, key=lambda f: f.number)

    async def count_open(self, project_id: int) -> int:
        return len(await self.list(project_id, open_only=True))


class Issues(Repository):
    async def add(self, issue: Issue) -> Issue:
        number = self.t.new_number(issue.project_id, "issue")
        stored = replace(issue, id=self.t.new_id(), number=number, milestone_number=None)
        self.t.issues[stored.id] = stored
        return replace(issue, id=stored.id, number=number)

    def _read(self, issue: Issue) -> Issue:
        """As SQL reads it: the milestone's number from the milestone the issue points at."""
        milestone = self.t.milestones.get(issue.milestone_id) if issue.milestone_id else None
        return replace(issue, milestone_number=milestone.number if milestone else None)

    async def get(self, project_id: int, number: int) -> Issue | None:
        found = [
            i for i in self.t.issues.values() if (i.project_id, i.number) == (project_id, number)
        ]
        return self._read(found[0]) if found else None

    async def update(self, issue: Issue, *, expected_status: IssueStatus) -> bool:
        if "issues" in self.t.racing or self.t.issues[issue.id].status is not expected_status:
            return False
        self.t.issues[issue.id] = replace(issue)
        return True

    async def list(self, project_id: int, *, open_only: bool = False) -> list[Issue]:
        items = [self._read(i) for i in self.t.issues.values() if i.project_id == project_id]
        if open_only:
            items = [i for i in items if i.status in OPEN_ISSUES]
        return sorted(items, key=lambda i: i.number)

    async def count_open_by_severity(self, project_id: int) -> dict[Severity, int]:
        counts: dict[Severity, int] = {}
        for issue in await self.list(project_id, open_only=True):
            counts[issue.severity] = counts.get(issue.severity, 0) + 1
        return counts


class Briefs(Repository):
    async def add(self, brief: Brief) -> Brief:
        if any(
            (b.project_id, b.version) == (brief.project_id, brief.version) for b in self.t.briefs
        ):
            raise Conflict("The brief changed a moment ago; please look again.")
        stored = replace(brief, id=self.t.new_id(), seq=0)
        self.t.briefs.append(stored)
        return replace(stored)

    async def latest(self, project_id: int) -> Brief | None:
        found = await self.list(project_id)
        return found[-1] if found else None

    async def confirmed(self, project_id: int) -> Brief | None:
        found = [b for b in await self.list(project_id) if b.state is BriefState.CONFIRMED]
        return found[-1] if found else None

    async def get(self, project_id: int, version: int) -> Brief | None:
        return next((b for b in await self.list(project_id) if b.version == version), None)

    async def list(self, project_id: int) -> list[Brief]:
        mine = [replace(b) for b in self.t.briefs if b.project_id == project_id]
        return sorted(mine, key=lambda b: b.version)

    async def save_draft(self, brief: Brief) -> bool:
        stored = self._stored(brief.id)
        if "briefs" in self.t.racing or stored.seq != brief.seq or not stored.editable:
            return False
        self.t.briefs[self.t.briefs.index(stored)] = replace(brief, seq=brief.seq + 1)
        return True

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
        stored = self._stored(brief.id)
        if "briefs" in self.t.racing or stored.state is not expected:
            return False
        stored.state, stored.seq = state, stored.seq + 1
        if state is BriefState.SENT:
            stored.sent_by, stored.sent_at = by, at
        else:
            stored.decided_by, stored.decided_at, stored.decision_note = by, at, note
        return True

    def _stored(self, brief_id: int) -> Brief:
        return next(b for b in self.t.briefs if b.id == brief_id)


class ChangeRequests(Repository):
    async def add(self, change: ChangeRequest) -> ChangeRequest:
        number = self.t.new_number(change.project_id, "change_request")
        stored = replace(change, id=self.t.new_id(), number=number, seq=0)
        self.t.changes.append(stored)
        return replace(stored)

    async def get(self, project_id: int, number: int) -> ChangeRequest | None:
        return next((c for c in await self.list(project_id) if c.number == number), None)

    async def list(self, project_id: int) -> list[ChangeRequest]:
        mine = [replace(c) for c in self.t.changes if c.project_id == project_id]
        return sorted(mine, key=lambda c: c.number)

    async def save_if_unchanged(self, change: ChangeRequest) -> bool:
        stored = next(c for c in self.t.changes if c.id == change.id)
        if "changes" in self.t.racing or stored.seq != change.seq or not stored.open:
            return False
        self.t.changes[self.t.changes.index(stored)] = replace(change, seq=change.seq + 1)
        return True

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
        stored = next(c for c in self.t.changes if c.id == change.id)
        if "changes" in self.t.racing or stored.state is not expected:
            return False
        stored.state, stored.seq = state, stored.seq + 1
        if state is ChangeState.SENT:
            stored.sent_by, stored.sent_at = by, at
        else:
            stored.decided_by, stored.decided_at, stored.decision_note = by, at, note
        return True


class PageLinks(Repository):
    async def add(self, link: PageLink) -> PageLink:
        stored = replace(link, id=self.t.new_id())
        self.t.page_links.append(stored)
        return replace(stored)

    async def get(self, link_id: str) -> PageLink | None:
        found = next((x for x in self.t.page_links if x.link_id == link_id), None)
        return replace(found) if found else None

    async def list(self, project_id: int) -> list[PageLink]:
        return [replace(x) for x in self.t.page_links if x.project_id == project_id]

    async def revoke_all(self, project_id: int, *, by: Person, at: datetime) -> int:
        live = [x for x in self.t.page_links if x.project_id == project_id and not x.revoked_at]
        for link in live:
            link.revoked_by, link.revoked_at = by, at
        return len(live)


class Lessons(Repository):
    async def add(self, lesson: Lesson) -> Lesson:
        stored = replace(lesson, id=self.t.new_id())
        self.t.lessons.append(stored)
        return stored

    async def list(self, project_id: int) -> list[Lesson]:
        return [replace(x) for x in self.t.lessons if x.project_id == project_id]


class Risks(Repository):
    async def add(self, risk: Risk) -> Risk | None:
        if risk.key and any(
            (r.project_id, r.key) == (risk.project_id, risk.key) for r in self.t.risks
        ):
            return None
        number = self.t.new_number(risk.project_id, "risk")
        stored = replace(risk, id=self.t.new_id(), number=number, seq=0)
        self.t.risks.append(stored)
        return replace(stored)

    async def get(self, project_id: int, number: int) -> Risk | None:
        return next((r for r in await self.list(project_id) if r.number == number), None)

    async def list(self, project_id: int) -> list[Risk]:
        mine = [replace(r) for r in self.t.risks if r.project_id == project_id]
        return sorted(mine, key=lambda r: r.number)

    async def save_if_unchanged(self, risk: Risk) -> bool:
        stored = next(r for r in self.t.risks if r.id == risk.id)
        if "risks" in self.t.racing or stored.seq != risk.seq:
            return False
        self.t.risks[self.t.risks.index(stored)] = replace(risk, seq=risk.seq + 1)
        return True

    async def thresholds(self, project_id: int) -> ProjectRiskThresholds:
        return self.t.risk_thresholds.get(project_id) or ProjectRiskThresholds(
            project_id=project_id
        )

    async def save_thresholds(self, thresholds: ProjectRiskThresholds) -> None:
        self.t.risk_thresholds[thresholds.project_id] = thresholds


class Surveys(Repository):
    async def open(self, occasion: SurveyOccasion) -> SurveyOccasion | None:
        if any(
            (o.project_id, o.key) == (occasion.project_id, occasion.key)
            for o in self.t.survey_occasions
        ):
            return None
        stored = replace(occasion, id=self.t.new_id(), answers=())
        self.t.survey_occasions.append(stored)
        return stored

    async def occasions(self, project_id: int) -> list[SurveyOccasion]:
        mine = [o for o in self.t.survey_occasions if o.project_id == project_id]
        return sorted(mine, key=lambda o: (o.opened_at, o.id))

    def _put(self, occasion_id: int, answers: tuple[SurveyAnswer, ...]) -> None:
        at = next(i for i, o in enumerate(self.t.survey_occasions) if o.id == occasion_id)
        self.t.survey_occasions[at] = replace(self.t.survey_occasions[at], answers=answers)

    async def answer(self, occasion_id: int, answer: SurveyAnswer) -> bool:
        occasion = next(o for o in self.t.survey_occasions if o.id == occasion_id)
        if occasion.answer_of(answer.person.id) is not None:
            return False
        self._put(occasion_id, (*occasion.answers, answer))
        return True

    async def change(self, occasion_id: int, answer: SurveyAnswer) -> bool:
        occasion = next(o for o in self.t.survey_occasions if o.id == occasion_id)
        before = occasion.answer_of(answer.person.id)
        if before is None:
            return False
        kept = replace(answer, first_answered_at=before.first_answered_at)
        self._put(occasion_id, tuple(kept if a is before else a for a in occasion.answers))
        return True

    async def mode(self, project_id: int) -> SurveyMode:
        return self.t.survey_modes.get(project_id, SurveyMode.CHANNEL)

    async def set_mode(self, project_id: int, mode: SurveyMode) -> None:
        self.t.survey_modes[project_id] = mode


class Cursors(Repository):
    async def remember(self, person_id: int, place: str, cursor: ListCursor, *, at) -> None:
        self.t.cursors[person_id, place] = cursor

    async def recall(self, person_id: int, place: str) -> ListCursor | None:
        return self.t.cursors.get((person_id, place))


class Audit(Repository):
    async def add(self, event: AuditEvent) -> None:
        self.t.audit.append(replace(event, id=self.t.new_id()))

    async def list(self, project_id: int) -> list[AuditEvent]:
        return [e for e in self.t.audit if e.project_id == project_id]

    async def last_by_others(self, project_id: int, studio) -> datetime | None:
        return max(
            (
                e.at
                for e in self.t.audit
                if e.project_id == project_id and e.actor and e.actor.id not in studio
            ),
            default=None,
        )


class Inbound(Repository):
    async def first_time(self, platform: Platform, delivery_id: str, at: datetime) -> bool:
        if (platform, delivery_id) in self.t.deliveries:
            return False
        self.t.deliveries.add((platform, delivery_id))
        return True


class Nudges(Repository):
    """The outbox in memory: one writer, so claims need no locks."""

    async def settings(self, project_id: int) -> ProjectNudges:
        return self.t.nudge_settings.get(project_id, ProjectNudges(project_id=project_id))

    async def save_settings(self, settings: ProjectNudges) -> None:
        self.t.nudge_settings[settings.project_id] = settings

    async def active_projects(self) -> list[int]:
        return sorted(p.id for p in self.t.projects.values() if p.status.value != "closed")

    async def add(self, occurrences, *, status, at, not_before) -> list[Occurrence]:
        added = []
        for o in occurrences:
            if o.key not in self.t.outbox:
                item = OutboxItem(
                    id=self.t.new_id(),
                    occurrence=o,
                    status=status,
                    not_before=max(not_before, o.due_at),
                )
                self.t.outbox[o.key] = item
                added.append(o)
        return added

    async def claim(self, *, owner, now, lease, limit) -> list[OutboxItem]:
        free = [
            i
            for i in self.t.outbox.values()
            if i.status is OutboxStatus.PENDING
            and i.not_before <= now
            and (i.lease_until is None or i.lease_until <= now)
        ][:limit]
        claimed = []
        for i in free:
            new = replace(
                i, lease_owner=owner, lease_until=now + lease, attempts=i.attempts + 1,
                reclaimed_from=i.lease_owner,
            )  # fmt: skip
            self.t.outbox[i.key] = replace(new, reclaimed_from="")
            claimed.append(new)
        return claimed

    async def sent_in_series(self, series: str, *, other_than: int) -> bool:
        return any(
            i.occurrence.series == series and i.status is OutboxStatus.SENT and i.id != other_than
            for i in self.t.outbox.values()
        )

    async def senders(self, now) -> int:
        return len({
            i.lease_owner for i in self.t.outbox.values()
            if i.status is OutboxStatus.PENDING and i.lease_until and i.lease_until > now
        })  # fmt: skip

    def _leased(self, item_id: int, owner: str) -> OutboxItem | None:
        return next(
            (
                i
                for i in self.t.outbox.values()
                if i.id == item_id and i.lease_owner == owner and i.status is OutboxStatus.PENDING
            ),
            None,
        )

    async def finish(self, item_id, *, owner, status, at, message_id="", detail="") -> bool:
        if (item := self._leased(item_id, owner)) is None:
            return False
        self.t.outbox[item.key] = replace(
            item, status=status, finished_at=at, message_id=message_id, detail=detail,
            lease_until=None,
        )  # fmt: skip
        return True

    async def postpone(self, item_id, *, owner, until, detail, tried=True) -> bool:
        if (item := self._leased(item_id, owner)) is None:
            return False
        self.t.outbox[item.key] = replace(
            item, not_before=until, lease_owner="", lease_until=None, detail=detail,
            attempts=item.attempts - (0 if tried else 1),
        )  # fmt: skip
        return True

    async def take_turn(self, slot: str, *, owner: str, at: datetime) -> bool:
        if slot in self.t.nudge_turns:
            return False
        self.t.nudge_turns.add(slot)
        return True

    async def record(self, record: DeliveryRecord) -> None:
        self.t.nudge_log.append(record)

    async def log(self, key: str) -> list[DeliveryRecord]:
        return [r for r in self.t.nudge_log if r.key.startswith(key)]

    async def count_missed(self, project_id: int, *, since, before) -> int:
        return sum(
            i.occurrence.project_id == project_id
            and i.status is OutboxStatus.MISSED
            and since <= i.occurrence.due_at < before
            for i in self.t.outbox.values()
        )

    async def items(self, project_id: int, *, since=None) -> list[OutboxItem]:
        found = [
            i
            for i in self.t.outbox.values()
            if i.occurrence.project_id == project_id
            and (since is None or i.occurrence.due_at > since)
        ]
        return sorted(found, key=lambda i: i.occurrence.due_at)


class CountingUnitsOfWork:
    """A unit-of-work factory that counts the units it opens (what a turn costs the database)."""

    def __init__(self, real: Any) -> None:
        self.real, self.opened = real, 0

    def __call__(self) -> Any:
        self.opened += 1
        return self.real()


class CountingStatements:
    """Counts the SQL statements an engine sends (BEGIN and COMMIT are not statements here)."""

    def __init__(self, engine: Any) -> None:
        self.engine, self.sent = engine.sync_engine, []

    def _sent(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not statement.startswith("BEGIN"):  # SQLite's BEGIN IMMEDIATE, sent as a statement
            self.sent.append(statement)

    def __enter__(self) -> CountingStatements:
        event.listen(self.engine, "before_cursor_execute", self._sent)
        return self

    def __exit__(self, *_exc: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self._sent)
