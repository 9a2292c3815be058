"""Admin subcommands: argv to core commands (project, member, milestone) and the project export."""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from adapters import cli_lookup
from adapters.composition import build_runtime
from adapters.config import Settings
from adapters.name_lookup import NotResolved
from adapters.operator import operator_invocation
from adapters.teams.translate import channel_id
from bot import grammar_scan as scan
from bot.commands import (
    AddMember,
    AddMilestone,
    BindConversation,
    Command,
    CreateProject,
    SetSignoffTerms,
    UnbindConversation,
)
from bot.grammar_terms import revision_rounds
from bot.i18n import SUPPORTED_LOCALES, tr
from bot.model import ApprovalRule, Conversation, Identity, Platform, Role
from bot.platform_ids import is_user_id
from bot.queries import export_project
from bot.service import handle

logger = logging.getLogger(__name__)

# The export's lists, each named in the singular in the CSV's `record` column.
RECORDS = {
    "members": "member",
    "bindings": "binding",
    "milestones": "milestone",
    "decisions": "decision",
    "feedback": "feedback",
    "issues": "issue",
    "briefs": "brief",
    "change_requests": "change_request",
    "risks": "risk",
    "surveys": "survey_answer",
    "lessons": "lesson",
    "audit": "audit",
    "nudges": "nudge",
}
CSV_COLUMNS = ("record", "ref", "at", "by", "by_id", "status", "summary", "data")
T = TypeVar("T")


def _checked(parse: Callable[[str], T]) -> Callable[[str], T]:
    """An argparse type from a grammar check, so the CLI accepts what chat accepts."""

    def check(value: str) -> T:
        try:
            return parse(value)
        except scan.Bad as bad:
            raise argparse.ArgumentTypeError(tr("en", bad.reason, **dict(bad.params))) from None

    return check


project_key = _checked(scan.key)
rounds = _checked(lambda value: revision_rounds(value, "--rounds 3"))
time_zone = _checked(scan.timezone)


class BadInput(Exception):
    """Arguments that parse but make no sense; one line, exit status 2."""


@dataclass(frozen=True, kw_only=True)
class Outcome:
    """What a subcommand has to say, and whether it did what was asked."""

    lines: list[str] = field(default_factory=list)
    ok: bool = True


Runner = Callable[[argparse.Namespace, Settings], Awaitable[Outcome]]


def add_parsers(
    commands: argparse._SubParsersAction[Any],
    common: argparse.ArgumentParser,
    wrap: Callable[[Runner], object],
) -> None:
    """Add `project`, `member`, `milestone` and `export`; `wrap` turns an Outcome into output."""
    project = commands.add_parser("project", parents=[common], help="create and bind projects")
    project_commands = project.add_subparsers(dest="action", metavar="ACTION", required=True)
    create = project_commands.add_parser("create", parents=[common], help="create a project")
    create.add_argument("key", metavar="KEY", type=project_key)
    create.add_argument("--name", required=True)
    create.add_argument("--client", required=True)
    create.add_argument("--timezone", default=None, metavar="TZ", type=time_zone)
    create.add_argument("--locale", default=None, choices=SUPPORTED_LOCALES)
    create.set_defaults(run=wrap(create_project))

    for action, run, about in (
        ("bind", bind_project, "bind a chat channel"),
        ("unbind", unbind_project, "unbind a chat channel (any tenant's, if none is given)"),
    ):
        bind = project_commands.add_parser(action, parents=[common], help=about)
        bind.add_argument("key", metavar="KEY", type=project_key)
        where = bind.add_mutually_exclusive_group(required=True)
        where.add_argument("--slack-channel", metavar="ID|#NAME")
        where.add_argument("--teams-conversation", metavar="ID")
        where.add_argument("--console-channel", metavar="NAME")
        bind.add_argument("--slack-team", default="", metavar="T", help="Slack workspace id")
        bind.add_argument("--teams-tenant", default="", metavar="T", help="Microsoft tenant id")
        bind.set_defaults(run=wrap(run))

    rules = project_commands.add_parser(
        "rules", parents=[common], help="show or set the sign-off terms of a project's contract"
    )
    rules.add_argument("key", metavar="KEY", type=project_key)
    rules.add_argument(
        "--stages", choices=["studio,client", "client"], help="who signs off, in order"
    )
    rules.add_argument("--studio-rule", choices=["any", "all"], help="PMs who must approve")
    rules.add_argument("--client-rule", choices=["any", "all"], help="approvers who must approve")
    rules.add_argument(
        "--rounds", type=rounds, metavar="N", help="revision rounds included per milestone"
    )
    rules.add_argument(
        "--self-approval", choices=["on", "off"], help="may one person decide both stages"
    )
    rules.set_defaults(run=wrap(project_rules))

    member = commands.add_parser("member", parents=[common], help="give people roles")
    member_commands = member.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = member_commands.add_parser("add", parents=[common], help="add a member to a project")
    add.add_argument("key", metavar="KEY", type=project_key)
    who = add.add_mutually_exclusive_group(required=True)
    who.add_argument("--slack-user", metavar="ID|EMAIL|@NAME")
    who.add_argument("--teams-user", metavar="AAD_ID|EMAIL")
    who.add_argument("--console-user", metavar="NAME")
    add.add_argument("--slack-team", default="", metavar="T", help="Slack workspace id")
    add.add_argument("--teams-tenant", default="", metavar="T", help="Microsoft tenant id")
    add.add_argument("--role", required=True, choices=[role.value for role in Role])
    add.add_argument("--name", default="", metavar="DISPLAY", help="display name")
    add.set_defaults(run=wrap(add_member))

    milestone = commands.add_parser("milestone", parents=[common], help="plan milestones")
    milestone_commands = milestone.add_subparsers(dest="action", metavar="ACTION", required=True)
    ms_add = milestone_commands.add_parser("add", parents=[common], help="add a milestone")
    ms_add.add_argument("key", metavar="KEY", type=project_key)
    ms_add.add_argument("name", metavar="NAME")
    ms_add.add_argument("--due", required=True, metavar="DATE", help="e.g. 2026-12-04")
    ms_add.add_argument("--criteria", nargs="+", action="extend", default=[], metavar="TEXT")
    ms_add.set_defaults(run=wrap(add_milestone))

    export = commands.add_parser("export", parents=[common], help="export a project's record")
    export.add_argument("key", metavar="KEY", type=project_key)
    export.add_argument("--format", default="json", choices=["json", "csv"])
    export.add_argument("--output", default=None, metavar="FILE", help="default: stdout")
    export.set_defaults(run=wrap(export_command))


async def create_project(args: argparse.Namespace, settings: Settings) -> Outcome:
    command = CreateProject(
        key=args.key,
        name=args.name,
        client=args.client,
        timezone=args.timezone or "",
        locale=args.locale or "",
    )
    return await _run(command, settings, project_key=None)


async def project_rules(args: argparse.Namespace, settings: Settings) -> Outcome:
    """Every option given changes one term, in one command; none given shows them."""

    def rule(value: str | None) -> ApprovalRule | None:
        return ApprovalRule(value) if value else None

    command = SetSignoffTerms(
        studio_stage=None if args.stages is None else args.stages == "studio,client",
        pm_rule=rule(args.studio_rule),
        client_rule=rule(args.client_rule),
        rounds=args.rounds,
        self_approval=None if args.self_approval is None else args.self_approval == "on",
    )
    return await _run(command, settings, args.key)


async def bind_project(args: argparse.Namespace, settings: Settings) -> Outcome:
    await _resolving(cli_lookup.named_channel(args, settings))
    where = _conversation(args)
    return await _run(BindConversation(key=args.key, conversation=where), settings, args.key)


async def unbind_project(args: argparse.Namespace, settings: Settings) -> Outcome:
    await _resolving(cli_lookup.named_channel(args, settings))
    where = _conversation(args)
    return await _run(UnbindConversation(key=args.key, conversation=where), settings, args.key)


async def _resolving(step: Awaitable[None]) -> None:
    """A name looked up for an id (adapters/cli_lookup.py); one that fails is bad input."""
    try:
        await step
    except NotResolved as exc:
        raise BadInput(str(exc)) from None


def _conversation(args: argparse.Namespace) -> Conversation:
    """The conversation `--slack-channel`, `--teams-conversation` or `--console-channel` names."""
    if args.slack_channel:
        where = Conversation(
            platform=Platform.SLACK, tenant=args.slack_team, channel=args.slack_channel
        )
    elif args.teams_conversation:
        channel = channel_id(args.teams_conversation)
        where = Conversation(platform=Platform.TEAMS, tenant=args.teams_tenant, channel=channel)
    else:
        where = Conversation(
            platform=Platform.CONSOLE, tenant="local", channel=args.console_channel
        )
    if not where.channel.strip():
        raise BadInput("the channel id is empty")
    return where


async def add_member(args: argparse.Namespace, settings: Settings) -> Outcome:
    await _resolving(cli_lookup.named_person(args, settings))
    if args.slack_user:
        who = Identity(platform=Platform.SLACK, tenant=args.slack_team, user_id=args.slack_user)
    elif args.teams_user:
        who = Identity(platform=Platform.TEAMS, tenant=args.teams_tenant, user_id=args.teams_user)
    else:
        who = Identity(platform=Platform.CONSOLE, tenant="local", user_id=args.console_user)
    if not who.user_id.strip():
        raise BadInput("the user id is empty")
    if not is_user_id(who):  # it would never be mentioned; a typo names nobody
        shape = "U… or W…" if who.platform is Platform.SLACK else "an AAD object id (a GUID)"
        raise BadInput(f"{who.user_id!r} is not a {who.platform.value} user id: use {shape}")
    command = AddMember(role=Role(args.role), identity=who, display_name=args.name)
    return await _run(command, settings, args.key)


async def add_milestone(args: argparse.Namespace, settings: Settings) -> Outcome:
    command = AddMilestone(name=args.name, due=args.due, criteria=tuple(args.criteria))
    return await _run(command, settings, args.key)


async def export_command(args: argparse.Namespace, settings: Settings) -> Outcome:
    async with await build_runtime(settings) as runtime:
        data = await export_project(args.key, runtime.services)
    text = to_csv(data) if args.format == "csv" else to_json(data) + "\n"
    if args.output is None:
        return Outcome(lines=[text.removesuffix("\n")])
    try:
        await asyncio.to_thread(Path(args.output).write_text, text, encoding="utf-8", newline="")
    except OSError as exc:
        raise BadInput(f"cannot write {args.output}: {exc.strerror or exc}") from exc
    return Outcome(lines=[f"Exported {args.key} to {args.output}."])


async def _run(command: Command, settings: Settings, project_key: str | None) -> Outcome:
    async with await build_runtime(settings) as runtime:
        result = await handle(command, operator_invocation(project_key), runtime.services)
    if not result.ok:
        # A refusal's first line says why; the core then adds the chat usage, not the CLI's.
        reason = next(
            (r.message.text.strip() for r in result.replies if r.message.text.strip()), ""
        )
        return Outcome(lines=[reason.splitlines()[0] if reason else "refused"], ok=False)
    return Outcome(lines=[reply.message.text for reply in result.replies])


def to_json(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, default=str)


def to_csv(data: dict[str, Any]) -> str:
    """One row per record: the five standard fields, and the whole record as JSON in `data`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    project = data.get("project") or {}
    rows = [("project", {"ref": project.get("key", ""), **project}, project)]
    for name, items in data.items():
        if isinstance(items, list):
            rows += [(RECORDS.get(name, name.removesuffix("s")), item, item) for item in items]
    for record, fields, item in rows:
        standard = [str(fields.get(column, "") or "") for column in CSV_COLUMNS[1:-1]]
        writer.writerow([record, *standard, json.dumps(item, ensure_ascii=False, default=str)])
    return out.getvalue()
