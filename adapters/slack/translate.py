"""Slack payloads → who is asking, in which channel, and what the core should run."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from adapters.slack.markup import unescape
from bot.brief_commands import OpenBriefForm
from bot.commands import Command, OpenIssueForm
from bot.grammar import parse
from bot.model import Conversation, Identity, Platform
from bot.usecases.brief_import import TYPE_IT as BRIEF_TYPE_IT
from bot.usecases.issue_form import TYPE_IT as ISSUE_TYPE_IT

_MENTION = re.compile(r"^\s*(<@[A-Z0-9]+(\|[^>]*)?>\s*)+")


@dataclass(frozen=True, kw_only=True)
class Origin:
    """Where a Slack request came from. `team` scopes the channel (the workspace, else the
    Enterprise Grid org for org-wide installs, whose payloads may carry a null team_id);
    `user_team` scopes the person, who in a Slack Connect channel may belong elsewhere."""

    team: str
    user_team: str
    user: str
    channel: str = ""
    user_name: str = ""  # what the payload calls them, when users.info cannot say
    trigger_id: str = ""

    @property
    def identity(self) -> Identity:
        return Identity(platform=Platform.SLACK, tenant=self.user_team, user_id=self.user)

    @property
    def conversation(self) -> Conversation | None:
        if not self.channel:
            return None
        return Conversation(platform=Platform.SLACK, tenant=self.team, channel=self.channel)


def origin_of(body: dict[str, Any], context: Any) -> Origin:
    """Read an Origin from any payload, with what bolt already extracted into its context.

    The workspace comes from the payload itself first: on an org-wide install bolt leaves the
    context's team_id empty (authorizations[].team_id is null) while the body still names it.
    """
    user, team_field = _object(body.get("user")), _object(body.get("team"))
    event = body.get("event") or {}
    team = (
        body.get("team_id")
        or team_field.get("id")
        or context.team_id
        or event.get("team")
        or context.enterprise_id
        or body.get("enterprise_id")
        or ""
    )
    return Origin(
        team=team,
        user_team=user.get("team_id") or event.get("user_team") or team,
        user=context.user_id or event.get("user") or "",
        channel=context.channel_id or "",
        user_name=body.get("user_name") or user.get("username") or "",
        trigger_id=body.get("trigger_id") or "",
    )


def _object(value: object) -> dict[str, Any]:
    """A payload field that should hold an object, or an empty one where it holds none."""
    return value if isinstance(value, dict) else {}


def slash_command(command: str, text: str, verbs: dict[str, str]) -> Command:
    """`/feedback great` runs "feedback great"; `/signoff VERB …` runs the text as typed
    (Slack escapes & < > in it; they are read as typed)."""
    verb = verbs.get(command, "")
    return parse(f"{verb} {unescape(text)}".strip())


def mention_text(text: str) -> str:
    """The command in "<@U123> approve M-1": the leading mentions of the bot stripped, and the
    rest as typed (Slack escapes & < > in it)."""
    return unescape(_MENTION.sub("", text or "", count=1).strip())


# What to type instead, for each command that opens a form: said when the form could not be
# made before Slack's trigger expired (the database slow or away).
TYPE_INSTEAD: dict[type[Command], str] = {
    OpenIssueForm: ISSUE_TYPE_IT,
    OpenBriefForm: BRIEF_TYPE_IT,
}


def type_instead(command: Command) -> str:
    """The hint to type what `command`'s form would have asked for; "" for other commands."""
    return TYPE_INSTEAD.get(type(command), "")
