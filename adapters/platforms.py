"""The chat platforms a running Signoff serves, and one messenger that reaches all of them.

Each platform adapter (Slack, Teams) is built from its settings block when enabled, installs its
routes into the aiohttp app, and offers a messenger for proactive posts (the scheduler's nudges,
card updates). The composition root asks this module for them; nothing else knows which exist.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol

from aiohttp import web

from adapters.composition import Runtime, StartupError
from bot.messages import Message
from bot.model import Conversation, Platform
from bot.ports import Messenger, ReplyCourier
from storage.uow import sql_uow_factory

if TYPE_CHECKING:
    from adapters.slack.app import SlackAdapter
    from adapters.teams.app import TeamsPlatform

logger = logging.getLogger(__name__)


class PlatformAdapter(Protocol):
    platform: Platform

    # The messengers and the courier are read-only (properties), so that an adapter may hold its
    # own classes of them.
    @property
    def messenger(self) -> Messenger:
        """For replies and card updates: waits out a 429 within the call."""

    @property
    def paced_messenger(self) -> Messenger:
        """For the scheduler, which paces itself: a 429 comes back at once."""

    @property
    def courier(self) -> ReplyCourier:
        """Delivers the platform's replies from the outbox."""

    def install(self, app: web.Application) -> None:
        """Add the platform's routes and its startup/cleanup hooks to the app."""

    async def aclose(self) -> None: ...


class NoMessenger(LookupError):
    """No enabled platform can post into this conversation."""


class RoutingMessenger:
    """bot.ports.Messenger over every enabled platform, chosen by the conversation's platform."""

    def __init__(self, messengers: Mapping[Platform, Messenger]) -> None:
        self._messengers = dict(messengers)

    def _for(self, conversation: Conversation) -> Messenger:
        try:
            return self._messengers[conversation.platform]
        except KeyError:
            raise NoMessenger(f"{conversation.platform} is not enabled") from None

    async def send(self, conversation: Conversation, message: Message) -> str:
        return await self._for(conversation).send(conversation, message)

    async def update(self, conversation: Conversation, message_id: str, message: Message) -> None:
        await self._for(conversation).update(conversation, message_id, message)


def build_platforms(runtime: Runtime) -> list[PlatformAdapter]:
    """The platform adapters the settings enable (their SDKs are imported only when enabled)."""
    platforms: list[PlatformAdapter] = []
    if runtime.settings.slack.enabled:
        platforms.append(build_slack(runtime))
    if runtime.settings.teams.enabled:
        platforms.append(build_teams(runtime))
    return platforms


def build_slack(runtime: Runtime) -> SlackAdapter:
    """The Slack adapter on the runtime's services; its courier delivers Slack's replies."""
    from adapters.slack.app import SlackAdapter

    adapter = SlackAdapter(
        settings=runtime.settings.slack,
        services=runtime.services,
        replies=runtime.replies,
        admission=runtime.admission,
        shutdown_grace=runtime.settings.server.shutdown_grace,
        file_queue=sql_uow_factory(runtime.engine),
        engine=runtime.engine,  # OAuth mode keeps the workspaces' installations there
    )
    runtime.couriers[Platform.SLACK] = adapter.courier
    return adapter


def build_teams(runtime: Runtime, **options: Any) -> TeamsPlatform:
    """The Teams platform from the settings; refuses to run unauthenticated unless allowed."""
    from adapters.teams.app import TeamsPlatform

    settings = runtime.settings.teams
    if not settings.authenticated:
        if not settings.allow_unauthenticated:
            raise StartupError(
                "teams: MICROSOFT_APP_ID is empty; set it, or set "
                "SIGNOFF_TEAMS_ALLOW_UNAUTHENTICATED=1 for the Bot Framework Emulator"
            )
        logger.warning(
            "TEAMS AUTHENTICATION IS OFF: MICROSOFT_APP_ID is empty and "
            "SIGNOFF_TEAMS_ALLOW_UNAUTHENTICATED=1, so /api/messages accepts anyone's activities. "
            "Never run like this on a public address."
        )
    if settings.graph_files:  # a test gives its own, for fakes of Graph
        options.setdefault("graph_credentials", (settings.app_id, settings.app_password))
    platform = TeamsPlatform(
        settings=settings,
        services=runtime.services,
        replies=runtime.replies,
        admission=runtime.admission,
        file_queue=sql_uow_factory(runtime.engine),
        **options,
    )
    runtime.couriers[Platform.TEAMS] = platform.courier
    return platform
