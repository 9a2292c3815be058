"""POST /api/messages: the Bot Framework's one endpoint, through CloudAdapter.process."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from aiohttp import web
from botbuilder.core import Bot
from botbuilder.integration.aiohttp import CloudAdapter

logger = logging.getLogger(__name__)


def messages_route(
    adapter: CloudAdapter, bot: Bot
) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    async def messages(request: web.Request) -> web.StreamResponse:
        if "application/json" not in request.headers.get("Content-Type", ""):
            return web.json_response({"error": "expected application/json"}, status=415)
        try:
            response = await adapter.process(request, bot)
        except web.HTTPException:
            raise  # 401 for a missing or bad token, 400 for a body that is no activity
        except PermissionError:
            raise web.HTTPUnauthorized() from None
        except Exception:
            logger.exception("Teams activity could not be processed")
            return web.json_response({"error": "internal error"}, status=500)
        return response or web.Response(status=201)

    return messages
