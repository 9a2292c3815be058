"""POST /slack/events: bolt's AsyncApp mounted in our aiohttp app, as bolt's own server does."""

from __future__ import annotations

import logging
from typing import Any

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest

from adapters.shapes import Spec, strings_where_read
from adapters.slack.ids import EVENTS_PATH

logger = logging.getLogger(__name__)

# Fields Slack always sends as objects (or lists of objects); bolt's middleware and our listeners
# index into them, so another type is a malformed request, not an internal error.
_OBJECTS = ("event", "container", "view", "message", "state", "authorizations", "actions")
# Where bolt and the listeners read an id or a text, Slack always sends a string.
_TEXTS: Spec = {
    (): ("type", "team_id", "user_id", "channel_id", "enterprise_id", "command", "text",
         "trigger_id", "response_url", "event_id", "api_app_id", "user_name", "callback_id"),
    ("team",): ("id", "enterprise_id"),
    ("enterprise",): ("id",),
    ("user",): ("id", "team_id", "username", "name"),
    ("channel",): ("id",),
    ("container",): ("channel_id", "message_ts", "type"),
    ("event",): ("type", "user", "text", "channel", "team", "user_team", "ts", "bot_id",
                 "subtype", "tab", "channel_type", "thread_ts"),
    ("view",): ("callback_id", "private_metadata", "id", "team_id", "app_installed_team_id"),
    ("message",): ("user", "text", "ts", "user_team"),
}  # fmt: skip
_ACTION_TEXTS = ("action_id", "value", "type", "block_id")


def well_formed(body: Any) -> bool:
    """True when the parsed body has the shape of something Slack sends."""
    if not isinstance(body, dict):
        return False
    if any(name in body and not isinstance(body[name], dict) for name in ("event", "view")):
        return False  # bolt looks inside these whenever they are present
    for name in _OBJECTS:
        value = body.get(name)
        if value is None or isinstance(value, dict):
            continue
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            return False
    actions = body.get("actions") or []
    if not all(isinstance(a.get("action_id"), str) for a in actions) or not all(
        isinstance(a.get(name), str | None) for a in actions for name in _ACTION_TEXTS
    ):
        return False
    return strings_where_read(body, _TEXTS) and _view_well_formed(body.get("view"))


def _view_well_formed(view: dict[str, Any] | None) -> bool:
    """A modal has a type, and its state is input blocks of actions of answers (objects)."""
    if view is None:
        return True
    state = view.get("state") or {}
    values = (state.get("values") or {}) if isinstance(state, dict) else None
    return (
        isinstance(view.get("type"), str)
        and isinstance(values, dict)
        and all(isinstance(block, dict) for block in values.values())
        and all(isinstance(answer, dict) for block in values.values() for answer in block.values())
    )


def install_routes(app: web.Application, bolt: AsyncApp) -> None:
    """One endpoint for slash commands, interactivity, the Events API and url_verification."""

    async def handle(request: web.Request) -> web.Response:
        # bolt verifies the signature, dispatches, and answers as soon as a listener acks.
        try:
            bolt_request = AsyncBoltRequest(
                body=(await request.read()).decode("utf-8"),
                query=request.query_string,
                headers=request.headers,  # type: ignore[arg-type]
            )
        except (ValueError, TypeError, AttributeError, KeyError, IndexError) as exc:
            # Reading the request is pure parsing: not UTF-8, not JSON or a form, or a shape
            # bolt cannot even read. The sender gets a 400, whoever signed it.
            logger.info("malformed Slack request: %s", type(exc).__name__)
            return web.json_response({"error": "malformed request"}, status=400)
        if not well_formed(bolt_request.body):
            logger.info("malformed Slack request: unexpected field types")
            return web.json_response({"error": "malformed request"}, status=400)
        return await to_aiohttp_response(await bolt.async_dispatch(bolt_request))

    app.router.add_post(EVENTS_PATH, handle)
