"""Socket Mode: the same listeners over a WebSocket the bot opens; no public URL needed."""

from __future__ import annotations

import logging

from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp

logger = logging.getLogger(__name__)


class SocketMode:
    """Connects on start and closes on stop; bolt's handler reconnects by itself meanwhile."""

    def __init__(self, *, bolt: AsyncApp, app_token: str) -> None:
        self._handler = AsyncSocketModeHandler(bolt, app_token, web_client=bolt.client)

    async def start(self) -> None:
        await self._handler.connect_async()
        logger.info("Slack Socket Mode connected")

    async def stop(self) -> None:
        await self._handler.close_async()
