"""The Slack reference: a bare slack-bolt AsyncApp on aiohttp whose command handler only acks."""

# `python -m benchmarks.bare_bolt PORT SLACK_API_URL`, served as Signoff serves bolt: one POST
# route doing to_bolt_request → async_dispatch → to_aiohttp_response.

from __future__ import annotations

import sys
from typing import Any

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from benchmarks.loadgen import SECRET


def make_app(api_url: str) -> web.Application:
    bolt = AsyncApp(
        client=AsyncWebClient(token="xoxb-bench", base_url=api_url),
        signing_secret=SECRET,
        # As Signoff's: the answer goes when the listener returns, not at bolt's next 10 ms poll.
        process_before_response=True,
    )

    @bolt.command("/signoff")
    async def only_ack(ack: Any) -> None:
        await ack()

    async def handle(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await bolt.async_dispatch(await to_bolt_request(request)))

    async def healthz(request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    app = web.Application(client_max_size=1024 * 1024)
    app.router.add_post("/slack/events", handle)
    app.router.add_get("/healthz", healthz)
    return app


if __name__ == "__main__":
    web.run_app(make_app(sys.argv[2]), host="127.0.0.1", port=int(sys.argv[1]), print=None)
