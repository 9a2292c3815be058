"""POST /slack/events: bolt's AsyncApp mounted in our aiohttp app, as bolt's own server does."""

from __future__ import annotations

import logging

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.signature import SignatureVerifier

from adapters.slack.ids import EVENTS_PATH
from adapters.slack.shape import well_formed

logger = logging.getLogger(__name__)


def install_routes(app: web.Application, bolt: AsyncApp, *, signing_secret: str) -> None:
    """One endpoint for slash commands, interactivity, the Events API and url_verification."""
    verifier = SignatureVerifier(signing_secret)

    async def handle(request: web.Request) -> web.Response:
        # The signature first, as bolt would (401): an unsigned sender learns nothing about how
        # we parse. Then the body's shape (400), so a signed but malformed request is refused
        # before bolt and the listeners index into it. bolt verifies again and dispatches.
        try:
            text = (await request.read()).decode("utf-8")
        except UnicodeDecodeError:
            return web.json_response({"error": "malformed request"}, status=400)
        if not verifier.is_valid_request(text, dict(request.headers)):
            return web.json_response({"error": "invalid request"}, status=401)
        try:
            bolt_request = AsyncBoltRequest(
                body=text,
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
