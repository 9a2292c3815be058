"""The Teams platform: CloudAdapter with botbuilder's authentication, built per app (no
module globals), mounted at POST /api/messages, with a messenger for proactive posts."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import aiohttp
from aiohttp import web
from botbuilder.core import Middleware, TurnContext
from botbuilder.integration.aiohttp import (
    CloudAdapter,
    ConfigurationBotFrameworkAuthentication,
)
from botbuilder.schema import Activity
from msrest.universal_http.requests import ClientRetryPolicy

from adapters.admission import Admission
from adapters.fingerprints import FileReader, Fingerprinter
from adapters.teams.bot import SignoffBot
from adapters.teams.credentials import SharedCredentialsFactory
from adapters.teams.files import SOURCE as FILES
from adapters.teams.files import TeamsFileReader
from adapters.teams.graph import SOURCE as GRAPH
from adapters.teams.graph import GraphFiles
from adapters.teams.messenger import Backoff, TeamsMessenger
from adapters.teams.routes import messages_route
from adapters.teams.settings import TeamsSettings
from adapters.teams.store import TeamsStore
from adapters.teams.turns import TeamsTurns
from adapters.teams.work import Work
from bot.model import Platform
from bot.service import Services
from scheduler.replies import ReplyDeliverer
from storage.uow import SqlUnitOfWork

logger = logging.getLogger(__name__)

# msrest builds a retry policy for every Connector client (several per Teams message) by
# searching this 502-item list 999 times: about 4 ms of CPU each time, enough to stall the event
# loop for over 100 ms under load. The same codes as a frozenset make it a few microseconds.
ClientRetryPolicy.safe_codes = frozenset(ClientRetryPolicy.safe_codes)  # type: ignore[assignment]

INVOKE_BUDGET = 5.0  # seconds; Teams waits up to 15 s for an invoke answer
DRAIN_SECONDS = 10.0
FILE_TIMEOUT = 300.0  # seconds for one shared file's download, up to the size cap


@dataclass(frozen=True)
class _BotConfig:
    """The attribute names ConfigurationBotFrameworkAuthentication reads."""

    APP_ID: str
    APP_PASSWORD: str
    APP_TENANTID: str
    APP_TYPE: str


class _Courier:
    """bot.ports.ReplyCourier for Teams."""

    def __init__(self, turns: TeamsTurns) -> None:
        self.deliver = turns.delivery.deliver_queued


class _Authentication(ConfigurationBotFrameworkAuthentication):
    """botbuilder's validation, where a token it cannot even parse is unauthorized (401), not
    an internal error (500)."""

    async def authenticate_request(self, activity: Activity, auth_header: str) -> Any:
        try:
            return await super().authenticate_request(activity, auth_header)
        except PermissionError:
            raise
        except Exception as exc:
            logger.info("Teams request refused: %s", type(exc).__name__)
            raise PermissionError("invalid token") from exc


class _OwnRetries(Middleware):
    """msrest's urllib3 retries PUTs and lost connections itself, without Retry-After or
    jitter; TeamsMessenger is the one retry policy, so the SDK's is turned off per turn."""

    async def on_turn(self, context: TurnContext, logic: Callable[[], Awaitable[None]]) -> None:
        client = context.turn_state.get(context.adapter.BOT_CONNECTOR_CLIENT_KEY)
        if client is not None:
            client.config.retry_policy.retries = 0
        await logic()


class TeamsPlatform:
    """adapters.platforms.PlatformAdapter for Microsoft Teams."""

    platform = Platform.TEAMS

    def __init__(
        self,
        *,
        settings: TeamsSettings,
        services: Services,
        replies: ReplyDeliverer,
        admission: Admission,
        backoff: Backoff | None = None,
        invoke_budget: float = INVOKE_BUDGET,
        file_queue: Callable[[], SqlUnitOfWork] | None = None,
        plain_http_file_hosts: frozenset[str] = frozenset(),
        graph_credentials: tuple[str, str] | None = None,
    ) -> None:
        # Without an app id botbuilder skips JWT validation; MultiTenant is the only app type
        # it accepts an empty id for.
        config = _BotConfig(
            APP_ID=settings.app_id,
            APP_PASSWORD=settings.app_password,
            APP_TENANTID=settings.app_tenant_id,
            APP_TYPE=settings.app_type if settings.app_id else "MultiTenant",
        )
        self.authenticated = settings.authenticated
        # One credentials object per destination, so MSAL's token cache serves every post
        # instead of a login per post (adapters.teams.credentials).
        credentials = SharedCredentialsFactory(config)
        self.adapter = CloudAdapter(_Authentication(config, credentials_factory=credentials))
        self.adapter.use(_OwnRetries())
        self.adapter.on_turn_error = self._turn_error
        self.work = Work()
        store = TeamsStore(services=services)
        backoff = backoff or Backoff()
        self.messenger = TeamsMessenger(
            adapter=self.adapter, app_id=settings.app_id, store=store, backoff=backoff
        )
        # The scheduler paces its own posts and holds a conversation on a 429 itself.
        self.paced_messenger = TeamsMessenger(
            adapter=self.adapter, app_id=settings.app_id, store=store, backoff=backoff,
            wait_out_rate_limits=False,
        )  # fmt: skip
        # One HTTP session for files and Graph, open while the server runs.
        self._session: aiohttp.ClientSession | None = None
        # A channel's files, through Microsoft Graph with the app's own credentials.
        self.graph: GraphFiles | None = None
        if graph_credentials is not None:
            self.graph = GraphFiles(
                app_id=graph_credentials[0], app_password=graph_credentials[1],
                session=lambda: self._session, graph_url=settings.graph_url,
                login_url=settings.login_url,
            )  # fmt: skip
        turns = TeamsTurns(
            services=services,
            store=store,
            messenger=self.messenger,
            work=self.work,
            replies=replies,
            invoke_budget=invoke_budget,
            admission=admission,
            graph=self.graph,
        )
        self.bot = SignoffBot(turns=turns, work=self.work)
        self.courier = _Courier(turns)  # delivers Teams' replies from the outbox
        self.replies = replies  # what is still to deliver, for a shutdown or a test
        # Files shared with a submit, read for their fingerprint after it.
        self.fingerprints: Fingerprinter | None = None
        if file_queue is not None:
            readers: dict[str, FileReader] = {
                FILES: TeamsFileReader(
                    lambda: self._session, plain_http_hosts=plain_http_file_hosts
                )
            }
            if self.graph is not None:
                readers[GRAPH] = self.graph
            self.fingerprints = Fingerprinter(
                file_queue, services.clock, readers, limit=settings.file_limit_mb * 1024 * 1024
            )

    async def _turn_error(self, context: TurnContext, error: Exception) -> None:
        logger.error("Teams turn failed", exc_info=error)

    def install(self, app: web.Application) -> None:
        route = messages_route(self.adapter, self.bot, authenticated=self.authenticated)
        app.router.add_post("/api/messages", route)
        app.on_startup.append(self._start)
        app.on_cleanup.append(self._stop)

    async def _start(self, _app: web.Application) -> None:
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=FILE_TIMEOUT))
        if self.fingerprints is not None:
            self.fingerprints.start()

    async def _stop(self, _app: web.Application) -> None:
        if self.fingerprints is not None:
            await self.fingerprints.stop()  # before the session its reads use closes
        if self._session is not None:
            await self._session.close()

    async def aclose(self) -> None:
        await self.work.drain(DRAIN_SECONDS)
