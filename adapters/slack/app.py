"""The Slack adapter: builds bolt's AsyncApp with our listeners, its routes and Socket Mode."""

from __future__ import annotations

import logging
from collections.abc import Callable

import aiohttp
from aiohttp import web
from slack_bolt.async_app import AsyncApp
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.admission import Admission
from adapters.fingerprints import Fingerprinter
from adapters.readiness import SURFACES
from adapters.slack import actions, commands, home, views, welcome
from adapters.slack.files import SOURCE as FILES
from adapters.slack.files import SlackFileReader, TokenFor, one_token
from adapters.slack.installations import SignoffInstallationStore
from adapters.slack.messenger import SlackMessenger
from adapters.slack.oauth import OAuthMode, install_oauth_routes, oauth_mode
from adapters.slack.routes import install_routes
from adapters.slack.runner import SlackRunner
from adapters.slack.settings import SlackSettings
from adapters.slack.socket_mode import SocketMode
from adapters.slack.tenants import TeamRoutedClient
from bot.model import Platform
from bot.service import Services
from scheduler.replies import ReplyDeliverer
from storage.uow import SqlUnitOfWork

logger = logging.getLogger(__name__)


def retry_handlers(*, wait_out_rate_limits: bool = True) -> list[AsyncRetryHandler]:
    """Retry transient failures and, unless told not to, wait out a 429's Retry-After inside
    the call."""
    handlers: list[AsyncRetryHandler] = [
        AsyncConnectionErrorRetryHandler(max_retry_count=2),
        AsyncServerErrorRetryHandler(max_retry_count=2),
    ]
    if wait_out_rate_limits:
        handlers.append(AsyncRateLimitErrorRetryHandler(max_retry_count=3))
    return handlers


def web_client(settings: SlackSettings, *, wait_out_rate_limits: bool = True) -> TeamRoutedClient:
    """A Web API client on the settings' base URL with `retry_handlers` (in OAuth mode given
    the installations, whose tokens it then uses team by team)."""
    return TeamRoutedClient(
        token=settings.bot_token or None,
        base_url=settings.api_url,
        retry_handlers=retry_handlers(wait_out_rate_limits=wait_out_rate_limits),
    )


def installed_token(store: SignoffInstallationStore) -> TokenFor:
    """OAuth mode: the bot token of the workspace a file was shared in, from its installation;
    None for a workspace no longer installed, or a file whose workspace was not recorded."""

    async def token_for(team: str) -> str | None:
        return await store.bot_token(team) if team else None

    return token_for


class SlackAdapter:
    """adapters.platforms.PlatformAdapter for Slack."""

    platform = Platform.SLACK

    def __init__(
        self,
        *,
        settings: SlackSettings,
        services: Services,
        replies: ReplyDeliverer,
        admission: Admission,
        shutdown_grace: float,
        file_queue: Callable[[], SqlUnitOfWork] | None = None,
        engine: AsyncEngine | None = None,
    ) -> None:
        self.settings = settings
        # OAuth mode (many workspaces, their installations in the database) needs the engine.
        self.oauth: OAuthMode | None = None
        if settings.oauth and engine is not None:
            self.oauth = oauth_mode(settings, engine, services.clock)
        self.bolt = self._oauth_app() if self.oauth else self._single_token_app()
        self.client = self.bolt.client
        self.client.base_url = settings.api_url
        self.client.retry_handlers = retry_handlers()
        store = self.oauth.store if self.oauth else None
        self.messenger = SlackMessenger(client=self.client, services=services)
        # The scheduler paces its own posts and holds a channel on a 429 without keeping a
        # delivery slot, so its client hands the 429 back instead of sleeping in the call.
        self.paced_client = web_client(settings, wait_out_rate_limits=False)
        self.paced_client.tokens = store
        self.paced_messenger = SlackMessenger(client=self.paced_client, services=services)
        self.runner = SlackRunner(
            services=services,
            client=self.client,
            messenger=self.messenger,
            replies=replies,
            admission=admission,
        )
        self.courier = self.runner.courier  # delivers Slack's replies from the outbox
        self._grace = shutdown_grace
        for listeners in (commands, actions, views, home, welcome):
            listeners.register(self.bolt, self.runner)
        self._socket: SocketMode | None = None
        # Files shared with a submit, read for their fingerprint after it, with the bot token
        # of the workspace each was shared in (in OAuth mode its installation's, asked per file).
        self.fingerprints: Fingerprinter | None = None
        if file_queue is not None:
            tokens = installed_token(store) if store is not None else one_token(settings.bot_token)
            reader = SlackFileReader(tokens, lambda: self.client.session, api_url=settings.api_url)
            self.fingerprints = Fingerprinter(
                file_queue, services.clock, {FILES: reader},
                limit=settings.file_limit_mb * 1024 * 1024,
            )  # fmt: skip

    def _single_token_app(self) -> AsyncApp:
        """Today's one workspace, one bot token (SLACK_BOT_TOKEN)."""
        settings = self.settings
        return AsyncApp(
            # Bolt is given the token and builds its client, which we then point at our base
            # URL with our retries: given a client instead, bolt still reads SLACK_BOT_TOKEN
            # from the environment and warns that the token "will be unused".
            token=settings.bot_token,
            signing_secret=settings.signing_secret,
            # Verified once, by our route before it parses anything (adapters/slack/routes.py);
            # Socket Mode requests are not signed: the bot opened the connection itself.
            request_verification_enabled=False,
            # The listener runs to its end before the answer: a command is committed, with
            # the replies still to deliver, before Slack is told it was received.
            process_before_response=True,
            logger=logging.getLogger("adapters.slack.bolt"),
        )

    def _oauth_app(self) -> AsyncApp:
        """bolt with our OAuth settings: each request authorized by its workspace's
        installation; our client authenticates outbound calls team by team."""
        assert self.oauth is not None
        client = web_client(self.settings)
        client.tokens = self.oauth.store
        bolt = AsyncApp(
            client=client,
            signing_secret=self.settings.signing_secret,
            oauth_settings=self.oauth.settings,
            installation_store=self.oauth.store,
            request_verification_enabled=False,  # as below: our route verifies
            process_before_response=True,
            logger=logging.getLogger("adapters.slack.bolt"),
        )
        # app_uninstalled and tokens_revoked delete the installation (and mark its bindings).
        bolt.enable_token_revocation_listeners()
        return bolt

    def install(self, app: web.Application) -> None:
        app.on_startup.append(self._open_session)
        app.on_cleanup.append(self._close_session)
        if self.fingerprints is not None:
            app.on_startup.append(self._start_reading)
            app.on_cleanup.insert(0, self._stop_reading)  # before the session closes
        if self.settings.http:
            install_routes(app, self.bolt, signing_secret=self.settings.signing_secret)
        if self.oauth is not None:
            install_oauth_routes(app, self.bolt)
        if self.settings.socket_mode:
            self._socket = SocketMode(
                bolt=self.bolt, app_token=self.settings.app_token, api_url=self.settings.api_url
            )
            app[SURFACES]["slack"] = self._socket.status
            app.on_startup.append(self._start_socket)
            app.on_cleanup.append(self._stop_socket)

    async def _start_reading(self, _app: web.Application) -> None:
        assert self.fingerprints is not None
        self.fingerprints.start()

    async def _stop_reading(self, _app: web.Application) -> None:
        assert self.fingerprints is not None
        await self.fingerprints.stop()

    async def _open_session(self, _app: web.Application) -> None:
        # One HTTP session (one connection pool) for every Web API call and response_url post
        # while the server runs; without it slack_sdk opens a new connection for each call.
        timeout = aiohttp.ClientTimeout(total=self.client.timeout)  # what slack_sdk would set
        self.client.session = self.paced_client.session = aiohttp.ClientSession(timeout=timeout)

    async def _close_session(self, _app: web.Application) -> None:
        await self.runner.drain(self._grace)  # forms and refusals still being shown
        session, self.client.session, self.paced_client.session = self.client.session, None, None
        if session is not None:
            await session.close()

    async def _start_socket(self, _app: web.Application) -> None:
        if self._socket is not None:
            await self._socket.start()  # connects in the background; the server starts now

    async def _stop_socket(self, _app: web.Application) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        if self._socket is not None:
            await self._socket.stop()
