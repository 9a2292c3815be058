"""A project's whole record as plain data, for `signoff export` (JSON or CSV) and archives."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime, timedelta
from typing import Any

from bot.held import held
from bot.history import to_data
from bot.labels import name_of
from bot.model import (
    Conversation,
    Deliverable,
    Feedback,
    Issue,
    Member,
    Milestone,
    MilestoneState,
    MilestoneVersion,
    Person,
    Project,
    Stage,
)
from bot.ports import UnitOfWork
from bot.rules import rounds_included
from bot.usecases.export_outcomes import RISK_PEOPLE, lesson_fields, risk_fields, surveys_fields
from bot.usecases.export_scope import PEOPLE, brief_fields, budget_summary, change_fields


def _at(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _row(
    ref: str,
    at: datetime | None,
    by: Person | None,
    status: str,
    summary: str,
    *,
    people: tuple[str, ...] = (),
    **extra: object,
) -> dict[str, Any]:
    """One exported record. Whoever it names is named twice: the display name people read, and
    beside it (`by_id`, `<field>_id`) the stable identity that tells two "Pat"s apart; `by` and
    the fields in `people` keep both keys, null, when nobody is named. A value that is missing
    is null, never ""."""
    row: dict[str, Any] = {"ref": ref, "at": at, "by": by, "status": status, "summary": summary}
    row |= extra
    out: dict[str, Any] = {}
    for name, value in row.items():
        if isinstance(value, Person) or (value is None and (name == "by" or name in people)):
            out[name], out[f"{name}_id"] = _named(value)
        else:
            out[name] = _at(value) if isinstance(value, datetime) else _missing(value)
    return out


def _named(person: Person | None) -> tuple[str | None, str | None]:
    return (name_of(person), person.identity.key) if person else (None, None)


def _missing(value: Any) -> Any:
    return None if value == "" else value


async def project_record(project: Project, uow: UnitOfWork, *, now: datetime) -> dict[str, Any]:
    """Every member, binding, milestone, decision, feedback, issue, version of the brief,
    change request, risk, satisfaction answer, lesson, audit event and nudge (each occurrence
    with its deliveries log) of a project, and the budget they commit.

    Every list item carries "ref", "at", "by", "by_id", "status" and "summary"; the rest is
    detail. Members include roles that ended (status "removed").
    """
    milestones = await uow.milestones.list(project.id)
    refs = {m.id: m.ref for m in milestones}
    versions = {m.id: await uow.versions.list(m.id) for m in milestones}
    decisions = [d for m in milestones for d in await uow.decisions.for_milestone(m.id)]
    delivered = {(v.milestone_id, v.version): v.deliverables for m in milestones
                 for v in versions[m.id]}  # fmt: skip
    clocks = {
        m.id: held(
            m,
            versions[m.id],
            [d for d in decisions if d.milestone_id == m.id],
            studio_stage=project.studio_stage,
            now=now,
        )
        for m in milestones
    }
    members = await uow.members.list(project.id, removed=True)
    briefs = await uow.briefs.list(project.id)
    changes = await uow.changes.list(project.id)
    return {
        "project": {**asdict(project), "created_at": _at(project.created_at)},
        "members": [_member(m) for m in members],
        "bindings": [
            _row(
                b.channel,
                None,
                None,
                "",
                f"{b.platform.value}:{b.tenant}:{b.channel}",
                platform=b.platform.value,
                tenant=b.tenant,
                channel=b.channel,
            )
            for b in await uow.projects.bindings(project.id)
        ],
        "milestones": [
            _row(
                m.ref,
                m.created_at,
                None,
                m.state.value,
                m.name,
                version=m.version,
                stage=m.stage.value if m.stage else "",
                due_date=m.due_date.isoformat(),
                criteria=list(m.criteria),
                rounds_used=m.rounds_used,
                rounds_included=rounds_included(project, m),
                internal_rounds=m.internal_rounds,
                over_allowance=m.over_allowance,
                approved_at=_at(m.approved_at),
                # An approval the studio alone gave is never the client's sign-off.
                signed_off_by_client=(
                    m.signed_by_client if m.state is MilestoneState.APPROVED else None
                ),
                cancelled_at=_at(m.cancelled_at),
                cancel_reason=m.cancel_reason,
                # Totals once the milestone is settled; while it is open, the spans that ended
                # and since when the client has it: an export reads the same until a change.
                held_by_client_seconds=_seconds(clocks[m.id].client, _settled(m)),
                held_by_studio_seconds=_seconds(clocks[m.id].studio, _settled(m)),
                with_client_since=_at(m.stage_started_at)
                if m.state is MilestoneState.IN_REVIEW and m.stage is Stage.CLIENT
                else None,
                versions=[
                    _version(
                        v, None if _open(m, v) else dict(clocks[m.id].by_version).get(v.version)
                    )
                    for v in versions[m.id]
                ],
            )
            for m in milestones
        ],
        "decisions": [
            _row(
                f"{refs[d.milestone_id]} v{d.version}",
                d.decided_at,
                d.person,
                d.kind.value,
                d.note,
                milestone=refs[d.milestone_id],
                version=d.version,
                stage=d.stage.value,
                platform=d.platform.value,
                # What was decided on: the version's deliverables, pinned to the decision.
                deliverables=[
                    _deliverable(x) for x in delivered.get((d.milestone_id, d.version), ())
                ],
            )
            for d in decisions
        ],
        "feedback": [_feedback(f) for f in await uow.feedback.list(project.id)],
        "issues": [_issue(i) for i in await uow.issues.list(project.id)],
        "briefs": [_row(**brief_fields(b), people=PEOPLE) for b in briefs],
        "change_requests": [_row(**change_fields(c), people=PEOPLE) for c in changes],
        "budget": budget_summary(briefs, changes),
        "risks": [
            _row(**risk_fields(r), people=RISK_PEOPLE) for r in await uow.risks.list(project.id)
        ],
        "surveys": [
            _row(**f) for f in surveys_fields(await uow.surveys.occasions(project.id), refs)
        ],
        "lessons": [_row(**lesson_fields(lesson)) for lesson in await uow.lessons.list(project.id)],
        "audit": [
            _row(
                e.subject,
                e.at,
                e.actor,
                "",
                e.action,
                platform=e.platform.value,
                detail={name: _missing(value) for name, value in e.detail.items()},
            )
            for e in await uow.audit.list(project.id)
        ],
        "nudges": [
            _row(
                item.key,
                item.occurrence.due_at,
                None,
                item.status.value,
                item.occurrence.kind.value,
                target=_target(item.occurrence.target),
                message_id=item.message_id,
                attempts=item.attempts,
                finished_at=_at(item.finished_at),
                detail=item.detail,
                log=[
                    {
                        "at": _at(r.at),
                        "outcome": r.outcome,
                        "message_id": _missing(r.message_id),
                        "detail": _missing(r.detail),
                        "instance": r.instance,
                    }
                    for r in await uow.nudges.log(item.key)
                ],
            )
            for item in await uow.nudges.items(project.id)
        ],
    }


def _feedback(f: Feedback) -> dict[str, Any]:
    return _row(
        f.ref,
        f.created_at,
        f.author,
        f.status.value,
        f.text,
        milestone=f"M-{f.milestone_number}" if f.milestone_number else None,
        version=f.version,
        resolution_note=f.resolution_note,
        resolved_by=f.resolved_by,
        resolved_at=f.resolved_at,
        source_link=f.source_link,
        edited=f.edited,
        history=[to_data(step) for step in f.history],
    )


def _seconds(spent: timedelta | None, known: bool = True) -> int | None:
    """A duration in whole seconds; None for what is not known (yet)."""
    return None if spent is None or not known else int(spent.total_seconds())


def _settled(milestone: Milestone) -> bool:
    return milestone.state in (MilestoneState.APPROVED, MilestoneState.CANCELLED)


def _open(milestone: Milestone, version: MilestoneVersion) -> bool:
    """Whether the version is the one in review now: its time with the client still runs."""
    return milestone.state is MilestoneState.IN_REVIEW and version.version == milestone.version


def _version(v: MilestoneVersion, with_client: timedelta | None) -> dict[str, Any]:
    """One submitted version, its people named twice like every record's, and how long it
    waited on the client."""
    by, by_id = _named(v.submitted_by)
    withdrawn_by, withdrawn_by_id = _named(v.withdrawn_by)
    return {
        "version": v.version,
        "at": _at(v.submitted_at),
        "by": by,
        "by_id": by_id,
        "note": _missing(v.note),
        "criteria": list(v.criteria),
        "withdrawn_at": _at(v.withdrawn_at),
        "withdrawn_by": withdrawn_by,
        "withdrawn_by_id": withdrawn_by_id,
        "with_client_seconds": _seconds(with_client),
        "deliverables": [_deliverable(d) for d in v.deliverables],
    }


def _deliverable(d: Deliverable) -> dict[str, Any]:
    return {"name": d.name, "url": d.url, "kind": d.kind.value, "size": d.size,
            "sha256": d.sha256 or None}  # fmt: skip


def _issue(i: Issue) -> dict[str, Any]:
    return _row(
        i.ref,
        i.created_at,
        i.reporter,
        i.status.value,
        i.title,
        severity=i.severity.value,
        description=i.description,
        milestone=f"M-{i.milestone_number}" if i.milestone_number else None,
        assignee=i.assignee,
        response_due_at=i.response_due_at,
        acknowledged_at=i.acknowledged_at,
        resolved_at=i.resolved_at,
        closed_at=i.closed_at,
        edited=i.edited,
        history=[to_data(step) for step in i.history],
    )


def _member(m: Member) -> dict[str, Any]:
    """A role held (status: the role) or ended (status: "removed"): who holds it, with their
    stable identity, who gave it and when, and who ended it and when."""
    identity = m.person.identity
    return _row(
        name_of(m.person),
        m.added_at,
        m.person,
        "removed" if m.removed_at else m.role.value,
        m.role.value,
        role=m.role.value,
        platform=identity.platform.value,
        tenant=identity.tenant,
        user_id=identity.user_id,
        added_by=m.added_by,
        added_at=m.added_at,
        removed_by=m.removed_by,
        removed_at=m.removed_at,
    )


def _target(conversation: Conversation) -> str:
    return f"{conversation.platform.value}:{conversation.tenant}:{conversation.channel}"
