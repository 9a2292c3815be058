"""A minimal fake Slack Web API and Bot Connector on loopback that counts what the bots send."""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import Callable, Set
from pathlib import Path
from typing import Self

from aiohttp import web

from benchmarks.loadgen import REFUSED, confirmed

# The tests' copies of Slack's own answers (tests/fixtures/README.md names their sources).
WEB_API = (
    Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "protocol" / "slack_web_api"
)
ANSWERS = {
    "auth.test": "auth.test.ok.json",
    "chat.postMessage": "chat.postMessage.ok.json",
    "chat.postEphemeral": "chat.postEphemeral.ok.json",
    "chat.update": "chat.update.ok.json",
    "users.info": "users.info.ok.json",
}


class Loopback:
    """An aiohttp app served on a free loopback port for the length of an `async with`."""

    def __init__(self, app: web.Application) -> None:
        self._runner = web.AppRunner(app, access_log=None)
        self.port = 0

    async def __aenter__(self) -> Self:
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._runner.cleanup()


class FakePlatforms(Loopback):
    """`async with FakePlatforms() as fake:`; `fake.slack_api`, `fake.hook_url` and
    `fake.service_url` point the bots here. Counts every delivery, and notes when each request's
    confirmation first arrived (a confirmation names its request: benchmarks.loadgen)."""

    def __init__(self) -> None:
        self.answers = {m: (WEB_API / name).read_text() for m, name in ANSWERS.items()}
        self._ts = itertools.count(1)
        self.reset()
        app = web.Application(client_max_size=4 * 1024 * 1024)
        app.router.add_route("*", "/api/{method}", self._slack_api)
        app.router.add_post("/hooks/{path:.*}", self._hook)
        app.router.add_route("*", "/teams/{path:.*}", self._connector)
        super().__init__(app)

    def reset(self) -> None:
        self.delivered = 0  # messages that reached the platform, of any kind
        # Request number -> wall clock (time.time, comparable across processes) of its first
        # confirmation; a second one for the same request is counted as a duplicate.
        self.confirmed_at: dict[int, float] = {}
        self.duplicates = 0
        self.refused = 0  # messages saying a command was not recorded (they name no request)

    @property
    def slack_api(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    @property
    def hook_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks/"

    @property
    def service_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/teams/amer/tenant/"

    def _count(self, body: bytes) -> None:
        self.delivered += 1
        self.refused += REFUSED in body
        now = time.time()
        for request in confirmed(body):
            if request in self.confirmed_at:
                self.duplicates += 1
            else:
                self.confirmed_at[request] = now

    async def _slack_api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        body = await request.read()
        if method in ("chat.postMessage", "chat.postEphemeral"):
            self._count(body)
        if method not in self.answers:
            return web.json_response({"ok": False, "error": "unknown_method"})
        answer = self.answers[method]
        if method == "chat.postMessage":
            posted = json.loads(answer)
            posted["ts"] = f"1700000000.{next(self._ts):06d}"
            return web.json_response(posted)
        return web.Response(text=answer, content_type="application/json")

    async def _hook(self, request: web.Request) -> web.Response:
        self._count(await request.read())
        return web.Response(text="ok")

    async def _connector(self, request: web.Request) -> web.Response:
        body = await request.read()
        if request.method == "POST" and "/activities" in request.path:
            self._count(body)
        return web.json_response({"id": f"1:{next(self._ts)}"})

    async def wait_delivered(self, count: int, *, within: float) -> bool:
        """Poll until `count` messages arrived; False when `within` seconds passed first."""
        return await self._wait(lambda: self.delivered >= count, within)

    async def wait_answered(self, requests: Set[int], *, refused: int, within: float) -> bool:
        """Poll until each of `requests` was confirmed or, counting `refused` already, refused;
        False when `within` seconds passed first."""

        def done() -> bool:
            answered = len(requests & self.confirmed_at.keys()) + refused + self.refused
            return answered >= len(requests)

        return await self._wait(done, within)

    async def _wait(self, done: Callable[[], bool], within: float) -> bool:
        deadline = time.monotonic() + within
        while not done():
            if time.monotonic() > deadline:
                return False
            await asyncio.sleep(0.05)
        return True
