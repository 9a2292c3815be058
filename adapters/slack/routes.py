"""POST /slack/events: bolt's AsyncApp mounted in our aiohttp app, as bolt's own server does."""

from __future__ import annotations

import logging

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.signature import SignatureVerifier

from adapters.json_bounds import Malformed
from adapters.slack.ids import EVENTS_PATH
from adapters.slack.inbound import read_body, signed
from adapters.slack.shape import well_formed

logger = logging.getLogger(__name__)


def install_routes(app: web.Application, bolt: AsyncApp, *, signing_secret: str) -> None:
    """One endpoint for slash commands, interactivity, the Events API and url_verification."""
    verifier = SignatureVerifier(signing_secret)

    async def handle(request: web.Request) -> web.Response:
        # The signature first, as bolt would (401): an unsigned sender learns nothing about how
        # we parse. Then the body, read within bounds, and its shape (400), so a signed but
        # malformed request is refused before bolt and the listeners index into it.
        try:
            text = (await request.read()).decode("utf-8")
        except UnicodeDecodeError:
            return web.json_response({"error": "malformed request"}, status=400)
        if not signed(verifier, request.headers, text):
            return web.json_response({"error": "invalid request"}, status=401)
        try:
            body = read_body(text, request.content_type)
        except Malformed as exc:
            logger.info("malformed Slack request: %s", exc)
            return web.json_response({"error": "malformed request"}, status=400)
        if not well_formed(body):
            logger.info("malformed Slack request: unexpected field types")
            return web.json_response({"error": "malformed request"}, status=400)
        try:
            # bolt gets the body we read, never the text: its "socket_mode" is the one mode that
            # takes a parsed body, and otherwise differs only in skipping the signature check,
            # which is ours (request_verification_enabled=False).
            bolt_request = AsyncBoltRequest(
                body=body,
                query=request.query_string,
                # bolt's signature asks for a dict; it reads only items(), which the proxy has.
                headers=request.headers,  # type: ignore[arg-type]
                mode="socket_mode",
            )
        except (ValueError, TypeError, AttributeError, KeyError, IndexError) as exc:
            # A shape bolt cannot even read (its context is built from the body here).
            logger.info("malformed Slack request: %s", type(exc).__name__)
            return web.json_response({"error": "malformed request"}, status=400)
        return await to_aiohttp_response(await bolt.async_dispatch(bolt_request))

    app.router.add_post(EVENTS_PATH, handle)
