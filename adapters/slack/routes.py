"""POST /slack/events: bolt's AsyncApp mounted in our aiohttp app, as bolt's own server does."""

from __future__ import annotations

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp

from adapters.slack.ids import EVENTS_PATH


def install_routes(app: web.Application, bolt: AsyncApp) -> None:
    """One endpoint for slash commands, interactivity, the Events API and url_verification."""

    async def handle(request: web.Request) -> web.Response:
        # bolt verifies the signature, dispatches, and answers as soon as a listener acks.
        bolt_request = await to_bolt_request(request)
        return await to_aiohttp_response(await bolt.async_dispatch(bolt_request))

    app.router.add_post(EVENTS_PATH, handle)
