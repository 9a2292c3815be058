"""Setting a project up: create it, bind conversations, add members; and help for everyone."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot import aliases
from bot.access import allows
from bot.commands import AddMember, BindConversation, CreateProject, Help, Unparsed
from bot.context import Context
from bot.errors import Forbidden, NotFound, UsageError
from bot.grammar import UNKNOWN, VERBS, usage
from bot.grammar_scan import KEY_BAD, PROJECT_KEY
from bot.i18n import N_, is_supported, normalize_locale
from bot.labels import label, name_of
from bot.messages import Reply
from bot.model import Project, Role
from bot.typography import join_sentences
from bot.usecases.member_changes import identity_named

COMMANDS = N_("Signoff keeps feedback, issues and sign-offs on record. Commands:")
NO_HELP = N_("I have no help on “{topic}”.")


async def show_help(command: Help, ctx: Context) -> list[Reply]:
    """`help`: every command with its usage; `help VERB`: that verb's usage."""
    ctx.require("help")
    topic = command.topic.lower()
    if topic and usage(topic):
        return [ctx.to_caller(ctx.t("Usage: {usage}", usage=_usage(ctx, topic)))]
    intro = ctx.t(COMMANDS)
    if topic:  # a Help made without the grammar (which refuses an unknown topic)
        intro = join_sentences(ctx.locale, (ctx.t(NO_HELP, topic=topic), intro))
    return [ctx.to_caller(_commands(ctx, intro))]


def _commands(ctx: Context, intro: str) -> str:
    """The intro, then each verb's usage lines in the order `help` lists them."""
    lines = [intro] + [f"• {line}" for verb in VERBS for line in _usage(ctx, verb).splitlines()]
    if ctx.locale == "zh-CN":  # Chinese words work everywhere; a zh-CN project lists them
        lines.append(ctx.t("Chinese words work too: {words}", words=aliases.word_list()))
    return "\n".join(lines)


def _usage(ctx: Context, verb: str) -> str:
    """A verb's usage; in Chinese with the Chinese command words next to the English ones."""
    text = ctx.t(usage(verb))
    if ctx.locale != "zh-CN":
        return text
    return aliases.with_chinese(text)  # the first line names the verb's Chinese words


async def explain_unparsed(command: Unparsed, ctx: Context) -> list[Reply]:
    """A line the grammar could not read: what was wrong and the verb's usage; for a word
    that is no verb, how to get help; for help on a word that is no verb, every command."""
    if command.verb == "help" and command.reason == UNKNOWN:
        # Refused (nothing was asked that exists), but answered with what does exist.
        topic = dict(command.params).get("verb", "")
        intro = join_sentences(ctx.locale, (ctx.t(NO_HELP, topic=topic), ctx.t(COMMANDS)))
        raise UsageError("", _commands(ctx, intro))
    if not usage(command.verb):
        reason = command.reason or N_("I don't know “{verb}”.")
        params = dict(command.params) or {"verb": command.verb}
        hint = ctx.t("Type “help” to see what I understand.")
        text = ctx.t("{problem} {hint}", problem=ctx.t(reason, **params), hint=hint)
        raise UsageError("", text)  # already translated; tr() passes it through unchanged
    raise UsageError(command.verb, command.reason, **dict(command.params))


async def create_project(command: CreateProject, ctx: Context) -> list[Reply]:
    ctx.require("project create")
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
    created = ctx.t("Created project {key}: {name} for {client}.", **vars(project))
    # A client named "Acme Co." already ends the sentence: one full stop, not two.
    lines = [created[:-1] if created.endswith("..") else created]
    if not ctx.invocation.operator:
        await ctx.uow.members.add(project.id, ctx.actor.id, Role.PM, by=ctx.actor.id, at=ctx.now)
        await ctx.record("member.added", project.key, person=name_of(ctx.actor),
                         person_id=ctx.actor.identity.key, role="pm")  # fmt: skip
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
    if not ctx.invocation.operator and not allows("project bind", roles):
        raise Forbidden("Only a PM of {key} can bind conversations to it.", key=project.key)
    await ctx.uow.projects.bind(project.id, conversation)
    ctx.project, ctx.locale = project, project.locale
    await ctx.record(
        "project.bound", project.key, platform=conversation.platform, channel=conversation.channel
    )
    return [ctx.to_channel(ctx.t("This conversation is now bound to {key}.", key=project.key))]


async def add_member(command: AddMember, ctx: Context) -> list[Reply]:
    project = ctx.require_project()
    ctx.require("member add", "Only the project's PM can add members.")
    identity = identity_named(ctx, command.user, command.identity)
    # A name the PM or installer gives is theirs to keep: no platform profile replaces it.
    person = await ctx.uow.people.ensure(
        identity, command.display_name, name_given=bool(command.display_name)
    )
    role_name = label(ctx.locale, command.role)
    added = await ctx.uow.members.add(
        project.id, person.id, command.role, by=ctx.actor.id, at=ctx.now
    )
    if not added:
        return [
            ctx.to_caller(ctx.t("{who} is already {role}.", who=name_of(person), role=role_name))
        ]
    await ctx.record("member.added", project.key, person=name_of(person),
                     person_id=person.identity.key, role=command.role)  # fmt: skip
    text = ctx.t(
        "{who} is now {role} on {key}.", who=name_of(person), role=role_name, key=project.key
    )
    return [ctx.to_channel(text)]
