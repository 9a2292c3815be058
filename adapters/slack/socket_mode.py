"""Socket Mode: the same listeners over a WebSocket the bot opens; no public URL needed.

The first connection is made in the background, retried with jittered exponential back-off and
one log line per attempt, so the server starts (and answers /healthz) while Slack is out of
reach, and stops at once when told to. Once connected, slack_sdk's client keeps the connection
alive and reconnects by itself."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import random
import time

import aiohttp
from slack_bolt.adapter.socket_mode.async_internals import run_async_bolt_app, send_async_response
from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.socket_mode.aiohttp import SocketModeClient
from slack_sdk.socket_mode.async_client import AsyncBaseSocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.web.async_client import AsyncWebClient

logger = logging.getLogger(__name__)

FIRST_WAIT, LONGEST_WAIT = 1.0, 60.0  # seconds between attempts: 1, 2, 4 … 60, jittered
ATTEMPT_SECONDS = 30.0  # one attempt (apps.connections.open, then the WebSocket) at most
PING_SECONDS = 10.0  # what bolt's own handler uses


def backoff(attempt: int) -> float:
    """Seconds to wait after failed attempt `attempt` (1, 2, …): doubling up to a minute, with
    ±20 % jitter so that instances restarted together do not retry in step."""
    base = min(FIRST_WAIT * 2 ** (attempt - 1), LONGEST_WAIT)
    return base * random.uniform(0.8, 1.2)


def reason(exc: BaseException) -> str:
    """What went wrong, in one line: Slack's error code, or the connection's own words."""
    if isinstance(exc, SlackApiError):
        return str(exc.response.get("error") or f"HTTP {exc.response.status_code}")
    if isinstance(exc, TimeoutError):
        return f"no answer within {ATTEMPT_SECONDS:g} s"
    return " ".join(f"{type(exc).__name__}: {exc}".split())


class _Client(SocketModeClient):
    """slack_sdk's aiohttp client, except that `connect` makes one attempt and raises when it
    fails. The SDK's own connect retries forever, every ping interval, logging a traceback each
    time; its other callers (the session monitor, a `disconnect` message) catch what this
    raises, log one line and try again at their next turn."""

    async def issue_new_wss_url(self) -> str:
        # The SDK's logs an error of its own before raising; the caller says it once.
        response = await self.web_client.apps_connections_open(app_token=self.app_token)
        return str(response["url"])

    async def connect(self) -> None:
        if self.closed:
            return
        # As in the SDK: no reconnecting from the monitor while this replaces the session.
        old, self.auto_reconnect_enabled = self.current_session, False
        try:
            if old is not None and not old.closed:
                with contextlib.suppress(Exception):  # a broken session may fail to close
                    await old.close()
            if self.aiohttp_client_session.closed:
                self.aiohttp_client_session = aiohttp.ClientSession()
            async with asyncio.timeout(ATTEMPT_SECONDS):
                # A URL is good for one connection: a failed one is never tried again.
                url, self.wss_uri = self.wss_uri or await self.issue_new_wss_url(), None
                session = await self.aiohttp_client_session.ws_connect(
                    url,
                    autoping=False,
                    heartbeat=self.ping_interval,
                    proxy=self.proxy,
                    ssl=self.web_client.ssl if self.web_client.ssl is not None else True,
                )
        finally:
            self.auto_reconnect_enabled = self.default_auto_reconnect_enabled
        self.current_session, self.stale = session, False
        await session.ping(f"sdk-ping-pong:{time.time()}".encode())
        for task in (self.current_session_monitor, self.message_receiver):
            if task is not None:
                task.cancel()
        self.current_session_monitor = asyncio.ensure_future(self.monitor_current_session())
        self.message_receiver = asyncio.ensure_future(self.receive_messages())
        logger.info("Slack Socket Mode connected")


class SocketMode:
    """Connects in the background on start and closes on stop; `status` says how it stands."""

    def __init__(self, *, bolt: AsyncApp, app_token: str, api_url: str) -> None:
        self._bolt = bolt
        self._app_token = app_token
        # apps.connections.open is retried by the back-off here, not inside the call.
        self._web = AsyncWebClient(base_url=api_url, retry_handlers=[], logger=bolt.logger)
        self._client: _Client | None = None
        self._task: asyncio.Task[None] | None = None

    def status(self) -> str:
        """ "connected", "connecting" (also while reconnecting) or "stopped"."""
        client = self._client
        if client is None or client.closed:
            return "stopped"
        session = client.current_session
        if session is not None and not session.closed and not client.stale:
            return "connected"
        return "connecting"

    async def start(self) -> None:
        """Begin connecting; returns at once (the client needs the running loop)."""
        self._client = _Client(
            app_token=self._app_token,
            logger=self._bolt.logger,
            web_client=self._web,
            ping_interval=PING_SECONDS,
        )
        self._client.socket_mode_request_listeners.append(self._handle)
        self._task = asyncio.create_task(self._connect(self._client), name="slack-socket-mode")

    async def _connect(self, client: _Client) -> None:
        for attempt in itertools.count(1):
            try:
                await client.connect()
                return
            except Exception as exc:
                wait = backoff(attempt)
                logger.warning(
                    "Slack Socket Mode: connecting (attempt %d failed: %s); next in %.1f s",
                    attempt, reason(exc), wait,
                )  # fmt: skip
                await asyncio.sleep(wait)

    async def _handle(self, client: AsyncBaseSocketModeClient, request: SocketModeRequest) -> None:
        # What bolt's AsyncSocketModeHandler.handle does: dispatch, then ack the envelope.
        started = time.time()
        response = await run_async_bolt_app(self._bolt, request)
        await send_async_response(client, request, response, started)

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        client, self._client = self._client, None
        if client is not None:
            await client.close()
