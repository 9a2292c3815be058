"""A project's whole record as plain data, for `signoff export` (JSON or CSV) and archives."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from bot.history import to_data
from bot.labels import name_of
from bot.model import Conversation, Feedback, Issue, Person, Project
from bot.ports import UnitOfWork


def _at(moment: datetime | None) -> str:
    return moment.isoformat() if moment else ""


def _row(ref: str, at: datetime | None, by: Person | None, status: str, summary: str, **extra):
    by_name = name_of(by) if by else ""
    return {"ref": ref, "at": _at(at), "by": by_name, "status": status, "summary": summary, **extra}


async def project_record(project: Project, uow: UnitOfWork) -> dict[str, Any]:
    """Every member, binding, milestone, decision, feedback, issue, audit event and nudge
    (each occurrence with its deliveries log) of a project.

    Every list item carries "ref", "at", "by", "status" and "summary"; the rest is detail.
    """
    milestones = await uow.milestones.list(project.id)
    refs = {m.id: m.ref for m in milestones}
    versions = {m.id: await uow.versions.list(m.id) for m in milestones}
    decisions = [d for m in milestones for d in await uow.decisions.for_milestone(m.id)]
    members = await uow.members.list(project.id)
    return {
        "project": {**asdict(project), "created_at": _at(project.created_at)},
        "members": [
            _row(
                name_of(m.person),
                None,
                m.person,
                m.role.value,
                m.role.value,
                platform=m.person.identity.platform.value,
                user_id=m.person.identity.user_id,
            )
            for m in members
        ],
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
                over_allowance=m.over_allowance,
                approved_at=_at(m.approved_at),
                cancelled_at=_at(m.cancelled_at),
                cancel_reason=m.cancel_reason,
                versions=[
                    {
                        "version": v.version,
                        "at": _at(v.submitted_at),
                        "by": name_of(v.submitted_by) if v.submitted_by else "",
                        "note": v.note,
                        "criteria": list(v.criteria),
                        "withdrawn_at": _at(v.withdrawn_at),
                        "withdrawn_by": name_of(v.withdrawn_by) if v.withdrawn_by else "",
                    }
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
            )
            for d in decisions
        ],
        "feedback": [_feedback(f) for f in await uow.feedback.list(project.id)],
        "issues": [_issue(i) for i in await uow.issues.list(project.id)],
        "audit": [
            _row(e.subject, e.at, e.actor, "", e.action, platform=e.platform.value, detail=e.detail)
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
                        "message_id": r.message_id,
                        "detail": r.detail,
                        "instance": r.instance,
                    }
                    for r in await uow.nudges.log(item.key)
                ],
            )
            for item in await uow.nudges.items(project.id)
        ],
    }


def _or_null(value: Any) -> Any:
    """Feedback and issue sections say null for what is missing, never ""."""
    if isinstance(value, datetime):
        return value.isoformat()
    return value if value not in ("", None) else None


def _feedback(f: Feedback) -> dict[str, Any]:
    return _row(
        f.ref,
        f.created_at,
        f.author,
        f.status.value,
        f.text,
        milestone=_or_null(f"M-{f.milestone_number}" if f.milestone_number else None),
        version=f.version,
        resolution_note=_or_null(f.resolution_note),
        resolved_by=_or_null(name_of(f.resolved_by) if f.resolved_by else None),
        resolved_at=_or_null(f.resolved_at),
        source_link=_or_null(f.source_link),
        edited=f.edited,
        history=[to_data(step) for step in f.history],
    )


def _issue(i: Issue) -> dict[str, Any]:
    return _row(
        i.ref,
        i.created_at,
        i.reporter,
        i.status.value,
        i.title,
        severity=i.severity.value,
        description=_or_null(i.description),
        assignee=_or_null(name_of(i.assignee) if i.assignee else None),
        response_due_at=_or_null(i.response_due_at),
        acknowledged_at=_or_null(i.acknowledged_at),
        resolved_at=_or_null(i.resolved_at),
        closed_at=_or_null(i.closed_at),
        edited=i.edited,
        history=[to_data(step) for step in i.history],
    )


def _target(conversation: Conversation) -> str:
    return f"{conversation.platform.value}:{conversation.tenant}:{conversation.channel}"
