"""The core's front door: run a command (or a line of chat) for someone and return the replies."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.commands import Command, Invocation
from bot.messages import Reply
from bot.model import Identity, Project
from bot.policy import Policy
from bot.ports import Clock, UnitOfWorkFactory


@dataclass(frozen=True, kw_only=True)
class Services:
    """Everything a use case may touch, handed in by the composition root."""

    uow: UnitOfWorkFactory
    clock: Clock
    policy: Policy


@dataclass(frozen=True, kw_only=True)
class Result:
    """The replies to deliver, and whether the command did what was asked (False: refused or not
    saved). Surfaces such as the admin CLI turn `ok` into their exit status."""

    replies: list[Reply]
    ok: bool = True


async def handle_text(text: str, invocation: Invocation, services: Services) -> Result:
    """Parse a line of chat and run it. Never raises for bad input: the reply explains."""
    raise NotImplementedError


async def handle(command: Command, invocation: Invocation, services: Services) -> Result:
    """Run one command in one unit of work and return what to tell the caller and the channel.

    Refusals come back as replies in the caller's language. When the database cannot commit,
    the reply says nothing was saved.
    """
    raise NotImplementedError


async def projects_for(identity: Identity, services: Services) -> list[Project]:
    """The projects on which this person holds any role, by key."""
    raise NotImplementedError


async def export_project(key: str, services: Services) -> dict[str, Any]:
    """Everything recorded about a project, as plain JSON-ready data.

    Keys: "project" (a dict) and the lists "members", "bindings", "milestones", "decisions",
    "feedback", "issues", "audit", "nudges". Every list item has at least "ref", "at" (ISO 8601
    or ""), "by" (a display name or ""), "status" (or "") and "summary". Raises NotFound.
    """
    raise NotImplementedError
