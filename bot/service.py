"""The core's front door: run a command (or a line of chat) for someone and return the replies."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.commands import Command
from bot.context import Context
from bot.dates import is_known_timezone
from bot.errors import InvalidField, NotFound, SignoffError, StorageUnavailable, UsageError
from bot.grammar import parse, usage
from bot.handlers import HANDLERS
from bot.i18n import N_, normalize_locale, tr
from bot.invocation import Invocation
from bot.messages import Message, Reply
from bot.model import Project
from bot.outbox import QueuedReply, ReplyRoute
from bot.policy import Policy
from bot.ports import Clock, UnitOfWork, UnitOfWorkFactory
from bot.usecases import project_changes

logger = logging.getLogger(__name__)


@dataclass(frozen=True, kw_only=True)
class Services:
    """Everything a use case may touch, handed in by the composition root."""

    uow: UnitOfWorkFactory
    clock: Clock
    policy: Policy
    # Told of every command's outcome (the composition root counts them for /metrics).
    observe: Callable[[Command, Invocation, Result], None] | None = None


@dataclass(frozen=True, kw_only=True)
class Result:
    """The replies to deliver, and whether the command did what was asked (False: refused or not
    saved). Surfaces such as the admin CLI turn `ok` into their exit status.

    With a reply route, `carried` are the replies the surface's answer takes and `queued` the
    rest, committed to the outbox with the command (refusals and failures commit nothing: they
    are only in `replies` and `carried`)."""

    replies: list[Reply]
    carried: list[Reply] = field(default_factory=list)
    queued: list[QueuedReply] = field(default_factory=list)
    ok: bool = True
    duplicate: bool = False  # a retried delivery, already handled: nothing to do or say
    failed: bool = False  # not refused but not carried out: the database, or a bug in Signoff
    locale: str = ""  # the language it was answered in (the project's, where there is one)
    # A refused field (bot.fields) by its form name, in `locale`: forms show it beside the field.
    field_errors: dict[str, str] = field(default_factory=dict)


NOT_SAVED = N_(
    "Sorry, I could not save that: the database is not answering. Nothing was recorded; "
    "please try again in a moment."
)
FAILED = N_(
    "Sorry, something went wrong on my side and nothing was recorded. Please try again, or "
    "tell the project's PM what you typed."
)
# Said at once by a surface with more work in hand than it takes on (adapters.admission).
BUSY = N_(
    "Sorry, I am too busy to take that right now. Nothing was recorded; please try again in "
    "a moment."
)


async def handle_text(text: str, invocation: Invocation, services: Services) -> Result:
    """Parse a line of chat and run it. Never raises for bad input: the reply explains."""
    return await handle(parse(text), invocation, services)


async def handle(command: Command, invocation: Invocation, services: Services) -> Result:
    """Run one command in one unit of work and return what to tell the caller and the channel.

    Refusals come back as replies in the caller's language. When the database cannot commit,
    the reply says nothing was saved.
    """
    result = await _handle(command, invocation, services)
    if invocation.route is not None and not result.ok:
        # A refusal or a failure committed nothing: the answer carries what it can of it.
        result.carried[:] = invocation.route.carried(result.replies)
    if services.observe is not None:
        services.observe(command, invocation, result)
    return result


async def _handle(command: Command, invocation: Invocation, services: Services) -> Result:
    locale = normalize_locale(invocation.locale, services.policy.default_locale)
    route = invocation.route
    try:
        async with contextlib.AsyncExitStack() as stack:
            # The deadline covers waiting for a connection too: a stopped database is slow there.
            async with asyncio.timeout(route.within if route else None):
                uow = await stack.enter_async_context(services.uow())
                if invocation.delivery_id and not await uow.inbound.first_time(
                    invocation.identity.platform, invocation.delivery_id, services.clock.now()
                ):
                    return Result(replies=[], duplicate=True)
                context = await _context(invocation, uow, services, locale)
                locale = context.locale
                project_changes.refuse_when_closed(command, context)
                replies = await HANDLERS[type(command)](command, context)
                if invocation.keep is not None:
                    await invocation.keep(uow, replies)
                carried, queued = await _queue(replies, route, uow, context.now)
            # The commit itself is not cut short: cancelled half-way, nobody could say
            # whether it happened.
            await uow.commit()
        return Result(replies=replies, carried=carried, queued=queued, locale=locale)
    except SignoffError as refusal:
        wrong = {}
        if isinstance(refusal, InvalidField):
            wrong[refusal.field] = tr(locale, refusal.message, **refusal.params)
        reply = _refusal_reply(refusal, locale)
        return Result(replies=[reply], ok=False, locale=locale, field_errors=wrong)
    except StorageUnavailable:
        logger.warning("storage unavailable while handling %s", type(command).__name__)
        return _failure(NOT_SAVED, locale)
    except TimeoutError:
        logger.warning("%s not saved: the database took longer than %ss",
                       type(command).__name__, route.within if route else None)  # fmt: skip
        return _failure(NOT_SAVED, locale)
    except Exception:
        # A bug must not leave its caller without an answer, nor stop a surface (a console
        # script, a Slack listener before its answer); the unit of work was not committed.
        logger.exception("%s failed", type(command).__name__)
        return _failure(FAILED, locale)


async def _queue(
    replies: list[Reply], route: ReplyRoute | None, uow: UnitOfWork, now: Any
) -> tuple[list[Reply], list[QueuedReply]]:
    """Split the replies into what the answer carries and what waits in the outbox."""
    if route is None:
        return [], []
    carried = list(route.carried(replies))
    rest = [r for r in replies if not any(r is c for c in carried)]
    return carried, await uow.replies.add(route, rest, at=now) if rest else []


def not_saved(locale: str) -> Result:
    """What a surface answers when the database did not answer in time: nothing was kept."""
    return _failure(NOT_SAVED, locale)


def _failure(message: str, locale: str) -> Result:
    reply = Reply(message=Message(text=tr(locale, message)))
    return Result(replies=[reply], ok=False, failed=True, locale=locale)


async def _context(
    invocation: Invocation, uow: UnitOfWork, services: Services, locale: str
) -> Context:
    name, zone = await _who(invocation, uow)
    # A zone the platform sent that is not a real one is dropped, not stored.
    zone = zone if is_known_timezone(zone) else ""
    actor = await uow.people.ensure(invocation.identity, name, zone)
    project = await _project(invocation, uow)
    roles = await uow.members.roles(project.id, actor.id) if project else frozenset()
    if project is not None:
        locale = project.locale
    return Context(
        invocation=invocation,
        uow=uow,
        policy=services.policy,
        now=services.clock.now(),
        actor=actor,
        project=project,
        roles=roles,
        locale=locale,
    )


async def _who(invocation: Invocation, uow: UnitOfWork) -> tuple[str, str]:
    """The name and zone to store for the caller: what the invocation says, else what the
    platform's profile says for someone stored without them."""
    if invocation.profile is None:
        return invocation.display_name, invocation.timezone
    stored = await uow.people.find(invocation.identity)
    if stored is not None and stored.display_name and stored.timezone:
        return "", ""  # nothing to ask: both are kept as they are
    name, zone = await invocation.profile()
    return ("" if stored is not None and stored.display_name else name), zone


async def _project(invocation: Invocation, uow: UnitOfWork) -> Project | None:
    if invocation.project_key:
        project = await uow.projects.get_by_key(invocation.project_key)
        if project is None:
            raise NotFound("There is no project “{key}”.", key=invocation.project_key)
        return project
    if invocation.conversation is not None:
        # The one rule for every platform (a binding made without a tenant included).
        return await uow.projects.find_bound(invocation.conversation)
    return None


def _refusal_reply(refusal: SignoffError, locale: str) -> Reply:
    text = tr(locale, refusal.message, **refusal.params) if refusal.message else ""
    if isinstance(refusal, UsageError) and usage(refusal.verb):
        line = tr(locale, "Usage: {usage}", usage=tr(locale, usage(refusal.verb)))
        text = f"{text}\n{line}" if text else line
    return Reply(message=Message(text=text))
