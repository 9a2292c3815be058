"""POST /api/messages: the Bot Framework's one endpoint, through CloudAdapter.process."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web
from botbuilder.core import Bot
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import Activity

from adapters.shapes import Spec, strings_where_read

logger = logging.getLogger(__name__)
# Where the adapter reads an id or a text (adapters.teams.translate), Teams sends a string.
_TEXTS: Spec = {
    (): ("id", "type", "name", "text", "locale", "serviceUrl", "channelId", "action"),
    ("from",): ("id", "name", "aadObjectId"),
    ("recipient",): ("id", "name"),
    ("conversation",): ("id", "tenantId", "conversationType"),
    ("channelData", "tenant"): ("id",),
    ("value", "action"): ("verb", "type"),
}


def readable_activity(raw: bytes) -> bool:
    """True when the body is a JSON object botbuilder can read as an activity."""
    try:
        body: Any = json.loads(raw)
        if strings_where_read(body, _TEXTS):
            Activity().deserialize(body)  # what botbuilder does first; ValueError if it cannot
            return True
    except ValueError:  # not UTF-8, not JSON, or a field of the wrong type
        pass
    return False


def messages_route(
    adapter: CloudAdapter, bot: Bot
) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    async def messages(request: web.Request) -> web.StreamResponse:
        if "application/json" not in request.headers.get("Content-Type", ""):
            return web.json_response({"error": "expected application/json"}, status=415)
        # Read first (413 over the size limit): a body that is no activity is the sender's
        # mistake (400), not ours. botbuilder reads the same cached body again.
        if not readable_activity(await request.read()):
            return web.json_response({"error": "expected an activity"}, status=400)
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
