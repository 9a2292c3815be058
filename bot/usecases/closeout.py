"""Reading a project's whole record for the close-out report and the project page, in one unit
of work, so every number on them is of one moment."""

from __future__ import annotations

from datetime import datetime

from bot.closeout import ProjectRecord, Score, closeout
from bot.closeout_summary import summary_message
from bot.context import Context
from bot.i18n import N_
from bot.messages import Audience, Reply
from bot.ports import UnitOfWork, UnitOfWorkFactory
from bot.surveys import answered


async def read_record(
    uow_factory: UnitOfWorkFactory, project_id: int, *, now: datetime
) -> ProjectRecord | None:
    """The project's record as of `now`; None when there is no such project."""
    async with uow_factory() as uow:
        return await record_in(uow, project_id, now=now)


async def record_in(uow: UnitOfWork, project_id: int, *, now: datetime) -> ProjectRecord | None:
    """The same, inside a unit of work already open (the `project close` command's)."""
    project = await uow.projects.get(project_id)
    if project is None:
        return None
    milestones = tuple(await uow.milestones.list(project_id))
    versions = {m.id: tuple(await uow.versions.list(m.id)) for m in milestones}
    decisions = {m.id: tuple(await uow.decisions.for_milestone(m.id)) for m in milestones}
    return ProjectRecord(
        project=project,
        now=now,
        milestones=milestones,
        versions=versions,
        decisions=decisions,
        feedback=tuple(await uow.feedback.list(project_id)),
        issues=tuple(await uow.issues.list(project_id)),
        briefs=tuple(await uow.briefs.list(project_id)),
        changes=tuple(await uow.changes.list(project_id)),
        risks=tuple(await uow.risks.list(project_id)),
        lessons=tuple(await uow.lessons.list(project_id)),
        scores=await _scores(uow, project_id, {m.id: m.number for m in milestones}),
    )


async def _scores(
    uow: UnitOfWork, project_id: int, numbers: dict[int, int]
) -> tuple[Score, ...] | None:
    """The CSAT answers, oldest occasion first; `numbers` gives each milestone id its M-n."""
    return tuple(
        Score(
            milestone=None if o.milestone_id is None else numbers.get(o.milestone_id),
            score=answer.score,
            at=answer.answered_at,
        )
        for o in answered(await uow.surveys.occasions(project_id))
        for answer in o.answers
    )


LESSONS_ASKED = N_(
    "What did the studio learn? Keep each lesson with “lesson TEXT” (any time, the project "
    "closed too): the close-out report lists them."
)


async def closeout_replies(ctx: Context) -> list[Reply]:
    """What closing a project posts: the close-out summary with its chart to the channel, and
    to the PM the ask for lessons learned."""
    project = ctx.require_project()
    record = await record_in(ctx.uow, project.id, now=ctx.now)
    assert record is not None  # the project is the command's own, read in this unit of work
    summary = summary_message(closeout(record), record.project, ctx.locale, today=ctx.today)
    return [
        Reply(message=summary, audience=Audience.CHANNEL),
        ctx.to_caller(ctx.t(LESSONS_ASKED)),
    ]
