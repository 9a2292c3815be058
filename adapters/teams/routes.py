"""POST /api/messages: the Bot Framework's one endpoint, through CloudAdapter.process."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from aiohttp import web
from botbuilder.core import Bot
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import Activity

from adapters.json_bounds import loads
from adapters.teams.shape import well_formed

logger = logging.getLogger(__name__)


def readable_activity(raw: bytes) -> bool:
    """True when the body is a JSON object, within bounds, that botbuilder can read as an
    activity and the bot can read without tripping on a field's type."""
    try:
        body = loads(raw)
        if well_formed(body):
            Activity().deserialize(body)  # what botbuilder does first; ValueError if it cannot
            return True
    except ValueError:  # Malformed, or a field msrest cannot read (a timestamp that is none)
        pass
    return False


def messages_route(
    adapter: CloudAdapter, bot: Bot, *, authenticated: bool
) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    async def messages(request: web.Request) -> web.StreamResponse:
        if "application/json" not in request.headers.get("Content-Type", ""):
            return web.json_response({"error": "expected application/json"}, status=415)
        # A request with no bearer token at all is refused on its header alone (401), without
        # reading a byte. Any other is read (413 over the size limit) and checked (400) before
        # botbuilder validates its token, which may fetch signing keys: parsing is cheaper.
        if authenticated and not request.headers.get("Authorization", "").startswith("Bearer "):
            return web.json_response({"error": "unauthorized"}, status=401)
        if not readable_activity(await request.read()):
            return web.json_response({"error": "expected an activity"}, status=400)
        try:
            response = await adapter.process(request, bot)  # reads the same cached body again
        except web.HTTPException:
            raise  # 401 for a bad token
        except PermissionError:
            raise web.HTTPUnauthorized() from None
        except Exception:
            logger.exception("Teams activity could not be processed")
            return web.json_response({"error": "internal error"}, status=500)
        return response or web.Response(status=201)

    return messages
