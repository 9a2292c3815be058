"""Who runs a command, from where, and what the surface asks of the core while it runs."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.messages import Reply
from bot.model import Conversation, Identity
from bot.outbox import ReplyRoute
from bot.ports import UnitOfWork


@dataclass(frozen=True, kw_only=True)
class Invocation:
    """Who runs a command, from where, and in which language they should be answered.

    `project_key` is set when the surface knows the project without a bound conversation (the
    console's --project, the admin CLI). `operator` is the installer at the admin CLI, who may
    do anything; chat users never are.
    """

    identity: Identity
    display_name: str = ""
    timezone: str = ""  # the person's own IANA zone, where the platform tells it
    conversation: Conversation | None = None
    project_key: str | None = None
    locale: str | None = None
    operator: bool = False
    # The platform's id for this delivery (Slack event_id, Teams activity id): a retry with the
    # same id has no second effect. Empty when the surface does not retry.
    delivery_id: str = ""
    # Set by surfaces that answer over HTTP: replies their answer cannot carry are committed
    # to the reply outbox with the command's effect (bot.outbox).
    route: ReplyRoute | None = None
    # Asks the platform for the person's display name and IANA zone ("" for what it will not
    # say). Called inside the command's unit of work, only for someone stored without a name
    # or a zone; a name stored before is kept (an administrator may have given it).
    profile: Callable[[], Awaitable[tuple[str, str]]] | None = None
    # The surface's own bookkeeping about the replies (a Teams card kept for refreshes),
    # written in the command's unit of work just before it commits: one transaction a turn.
    keep: Callable[[UnitOfWork, list[Reply]], Awaitable[None]] | None = None
