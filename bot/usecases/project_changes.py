"""Putting a project right: unbind a conversation, close or reopen it, rename it.

A closed project keeps its history readable (status, lists, export) but takes no new records
and sends no nudges; reopening it gives both back.
"""

from __future__ import annotations

from bot import commands as c
from bot.commands import CloseProject, RenameProject, ReopenProject, UnbindConversation
from bot.context import Context
from bot.errors import Conflict, NotFound, UsageError
from bot.i18n import N_
from bot.messages import Reply
from bot.model import Conversation, Project, ProjectStatus
from bot.usecases.closeout import closeout_replies
from bot.usecases.surveys import open_survey

# What a closed project refuses: everything that would add a record to it.
NEW_RECORDS: tuple[type[c.Command], ...] = (
    c.LogFeedback,
    c.RaiseIssue,
    c.OpenIssueForm,
    c.AddMilestone,
    c.SubmitMilestone,
    c.DecideMilestone,
)
CLOSED = N_(
    "{key} is closed: it takes no new feedback, issues, milestones or sign-offs. "
    "Its record stays readable; a PM can reopen it with “project reopen”."
)


def refuse_when_closed(command: c.Command, ctx: Context) -> None:
    """Raise the closed project's refusal for a command that would add to its record."""
    project = ctx.project
    if project is not None and project.status is ProjectStatus.CLOSED:
        if isinstance(command, NEW_RECORDS):
            raise Conflict(CLOSED, key=project.key)


async def unbind_conversation(command: UnbindConversation, ctx: Context) -> list[Reply]:
    conversation: Conversation | None
    if command.key:  # the admin CLI names the project and the conversation
        project = await ctx.uow.projects.get_by_key(command.key)
        if project is None:
            raise NotFound("There is no project “{key}”.", key=command.key)
        ctx.project, ctx.locale = project, project.locale
        conversation = await _bound(ctx, project, command.conversation)
    else:
        project, conversation = ctx.require_project(), ctx.invocation.conversation
        here = await ctx.uow.projects.for_conversation(conversation) if conversation else None
        if conversation is None or here is None or here.id != project.id:
            raise UsageError("project", "Run “project unbind” in the conversation to unbind.")
    ctx.require("project unbind", "Only a PM of {key} can unbind conversations from it.",
                key=project.key)  # fmt: skip
    await ctx.uow.projects.unbind(conversation)
    await ctx.record("project.unbound", project.key, platform=conversation.platform.value,
                     tenant=conversation.tenant, channel=conversation.channel)  # fmt: skip
    text = ctx.t("{channel} is no longer bound to {key}.", channel=conversation.channel,
                 key=project.key)  # fmt: skip
    if not await ctx.uow.projects.bindings(project.id):
        text = ctx.t("{done} {warning}", done=text, warning=ctx.t(NOWHERE, key=project.key))
    # In chat the conversation hears it (it was bound a moment ago); the CLI prints it.
    return [ctx.to_caller(text) if command.key else ctx.to_channel(text)]


NOWHERE = N_("No channel will get digests: bind one with “project bind {key}”.")


async def _bound(ctx: Context, project: Project, wanted: Conversation | None) -> Conversation:
    """The project's binding the admin named; without a tenant, any tenant's on that channel."""
    for bound in await ctx.uow.projects.bindings(project.id):
        if wanted is None or (bound.platform, bound.channel) != (wanted.platform, wanted.channel):
            continue
        if wanted.tenant in ("", bound.tenant):
            return bound
    channel = wanted.channel if wanted else ""
    raise NotFound("{channel} is not bound to {key}.", channel=channel, key=project.key)


async def close_project(command: CloseProject, ctx: Context) -> list[Reply]:
    return await _set_status(ctx, ProjectStatus.CLOSED, "project close")


async def reopen_project(command: ReopenProject, ctx: Context) -> list[Reply]:
    return await _set_status(ctx, ProjectStatus.ACTIVE, "project reopen")


async def _set_status(ctx: Context, status: ProjectStatus, action: str) -> list[Reply]:
    project = ctx.require_project()
    ctx.require(action, "Only the project's PM can close or reopen it.")
    if project.status is status:
        already = (
            N_("{key} is already closed.")
            if status is ProjectStatus.CLOSED
            else N_("{key} is already open.")
        )
        return [ctx.to_caller(ctx.t(already, key=project.key))]
    before = project.status
    project.status = status
    await ctx.uow.projects.save(project)
    closed = status is ProjectStatus.CLOSED
    await ctx.record("project.closed" if closed else "project.reopened", project.key,
                     status_before=before.value, status_after=status.value)  # fmt: skip
    if closed:
        text = ctx.t(
            "{key} is closed: no new feedback, issues, milestones or sign-offs, and no nudges. "
            "Its record stays readable; a PM can reopen it with “project reopen”.",
            key=project.key,
        )
        # The client is asked how the whole project went, once.
        return [ctx.to_channel(text), *await closeout_replies(ctx), *await open_survey(ctx, None)]
    text = ctx.t("{key} is open again: it takes new records and sends nudges.", key=project.key)
    return [ctx.to_channel(text)]


async def rename_project(command: RenameProject, ctx: Context) -> list[Reply]:
    project = ctx.require_project()
    ctx.require("project rename", "Only the project's PM can rename it.")
    name, client = command.name or project.name, command.client or project.client
    if (name, client) == (project.name, project.client):
        text = ctx.t("{key} is already {name} for {client}.", key=project.key, name=name,
                     client=client)  # fmt: skip
        return [ctx.to_caller(text)]
    before = (project.name, project.client)
    project.name, project.client = name, client
    await ctx.uow.projects.save(project)
    await ctx.record("project.renamed", project.key, name_before=before[0], name_after=name,
                     client_before=before[1], client_after=client)  # fmt: skip
    text = ctx.t("{key} is now {name} for {client}.", key=project.key, name=name, client=client)
    return [ctx.to_channel(text)]
