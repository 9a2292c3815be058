"""The Teams reference: a bare botbuilder echo bot on CloudAdapter, authentication disabled."""

# `python -m benchmarks.bare_teams PORT`: botbuilder's echo sample without its module globals; the
# echo is posted to the activity's serviceUrl inside the turn, as the sample does.

from __future__ import annotations

import sys
from dataclasses import dataclass

from aiohttp import web
from botbuilder.core import ActivityHandler, MessageFactory, TurnContext
from botbuilder.integration.aiohttp import (
    CloudAdapter,
    ConfigurationBotFrameworkAuthentication,
)


@dataclass(frozen=True)
class _NoAuth:
    APP_ID: str = ""
    APP_PASSWORD: str = ""
    APP_TENANTID: str = ""
    APP_TYPE: str = "MultiTenant"


class EchoBot(ActivityHandler):
    async def on_message_activity(self, turn_context: TurnContext) -> None:
        text = turn_context.activity.text or ""
        await turn_context.send_activity(MessageFactory.text(f"Echo: {text}"))


def make_app() -> web.Application:
    adapter = CloudAdapter(ConfigurationBotFrameworkAuthentication(_NoAuth()))
    bot = EchoBot()

    async def messages(request: web.Request) -> web.Response:
        return await adapter.process(request, bot) or web.Response(status=201)

    async def healthz(request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    app = web.Application(client_max_size=1024 * 1024)
    app.router.add_post("/api/messages", messages)
    app.router.add_get("/healthz", healthz)
    return app


if __name__ == "__main__":
    web.run_app(make_app(), host="127.0.0.1", port=int(sys.argv[1]), print=None)
