"""Setting a project up: create it, bind conversations, add members; and help for everyone."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot import aliases
from bot.commands import AddMember, BindConversation, CreateProject, Help, Unparsed
from bot.context import Context
from bot.errors import Forbidden, NotFound, UsageError
from bot.grammar import VERBS, usage
from bot.grammar_scan import KEY_BAD, PROJECT_KEY
from bot.i18n import N_, is_supported, normalize_locale
from bot.labels import label, name_of
from bot.messages import Reply
from bot.model import Identity, Project, Role
from bot.rules import Permission
from bot.typography import join_sentences


async def show_help(command: Help, ctx: Context) -> list[Reply]:
    topic = command.topic.lower()
    if topic:
        if not usage(topic):
            raise UsageError("help", "I have no help on “{topic}”.", topic=topic)
        return [ctx.to_caller(ctx.t("Usage: {usage}", usage=_usage(ctx, topic)))]
    lines = [ctx.t("Signoff keeps feedback, issues and sign-offs on record. Commands:")]
    lines += [f"• {line}" for verb in VERBS for line in _usage(ctx, verb).splitlines()]
    if ctx.locale == "zh-CN":  # Chinese words work everywhere; a zh-CN project lists them
        lines.append(ctx.t("Chinese words work too: {words}", words=aliases.word_list()))
    return [ctx.to_caller("\n".join(lines))]


def _usage(ctx: Context, verb: str) -> str:
    """A verb's usage; in Chinese with the Chinese command words next to the English ones."""
    text = ctx.t(usage(verb))
    if ctx.locale != "zh-CN":
        return text
    return aliases.with_chinese(text)  # the first line names the verb's Chinese words


async def explain_unparsed(command: Unparsed, ctx: Context) -> list[Reply]:
    if not usage(command.verb):
        reason = command.reason or N_("I don't know “{verb}”.")
        params = dict(command.params) or {"verb": command.verb}
        hint = ctx.t("Type “help” to see what I understand.")
        text = ctx.t("{problem} {hint}", problem=ctx.t(reason, **params), hint=hint)
        raise UsageError("", text)  # already translated; tr() passes it through unchanged
    raise UsageError(command.verb, command.reason, **dict(command.params))


async def create_project(command: CreateProject, ctx: Context) -> list[Reply]:
    if not PROJECT_KEY.fullmatch(command.key):
        raise UsageError("project", KEY_BAD, key=command.key[:40])
    timezone = command.timezone or ctx.policy.default_timezone
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise UsageError("project", "“{tz}” is not a time zone I know.", tz=timezone) from None
    locale = command.locale or ctx.policy.default_locale
    if not is_supported(normalize_locale(locale, default="")):
        raise UsageError("project", "Languages I speak: en, zh-CN.")
    project = await ctx.uow.projects.add(
        Project(
            key=command.key,
            name=command.name,
            client=command.client,
            timezone=timezone,
            locale=normalize_locale(locale),
            revision_rounds=ctx.policy.revision_rounds,
            created_at=ctx.now,
        )
    )
    ctx.project, ctx.locale = project, project.locale
    await ctx.record("project.created", project.key, name=project.name, client=project.client)
    lines = [ctx.t("Created project {key}: {name} for {client}.", **vars(project))]
    if not ctx.invocation.operator:
        await ctx.uow.members.add(project.id, ctx.actor.id, Role.PM)
        await ctx.record("member.added", project.key, person=name_of(ctx.actor), role="pm")
        lines.append(ctx.t("You are its PM."))
        conversation = ctx.invocation.conversation
        if conversation and not await ctx.uow.projects.for_conversation(conversation):
            await ctx.uow.projects.bind(project.id, conversation)
            await ctx.record("project.bound", project.key, channel=conversation.channel)
            lines.append(ctx.t("This conversation is now bound to it."))
    return [ctx.to_channel(join_sentences(ctx.locale, lines))]


async def bind_conversation(command: BindConversation, ctx: Context) -> list[Reply]:
    project = await ctx.uow.projects.get_by_key(command.key)
    if project is None:
        raise NotFound("There is no project “{key}”.", key=command.key)
    conversation = command.conversation or ctx.invocation.conversation
    if conversation is None:
        raise UsageError("project", "Run “project bind KEY” in the conversation to bind.")
    roles = await ctx.uow.members.roles(project.id, ctx.actor.id)
    if not ctx.invocation.operator and Role.PM not in roles:
        raise Forbidden("Only a PM of {key} can bind conversations to it.", key=project.key)
    await ctx.uow.projects.bind(project.id, conversation)
    ctx.project, ctx.locale = project, project.locale
    await ctx.record(
        "project.bound", project.key, platform=conversation.platform, channel=conversation.channel
    )
    return [ctx.to_channel(ctx.t("This conversation is now bound to {key}.", key=project.key))]


async def add_member(command: AddMember, ctx: Context) -> list[Reply]:
    project = ctx.require_project()
    ctx.require(Permission.MANAGE, "Only the project's PM can add members.")
    caller = ctx.invocation.identity
    identity = command.identity or Identity(
        platform=caller.platform, tenant=caller.tenant, user_id=command.user.lstrip("@")
    )
    if not identity.user_id:
        raise UsageError("member")
    person = await ctx.uow.people.ensure(identity, command.display_name)
    role_name = label(ctx.locale, command.role)
    if not await ctx.uow.members.add(project.id, person.id, command.role):
        return [
            ctx.to_caller(ctx.t("{who} is already {role}.", who=name_of(person), role=role_name))
        ]
    await ctx.record("member.added", project.key, person=name_of(person), role=command.role)
    text = ctx.t(
        "{who} is now {role} on {key}.", who=name_of(person), role=role_name, key=project.key
    )
    return [ctx.to_channel(text)]
