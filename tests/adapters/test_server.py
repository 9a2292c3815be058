"""The HTTP server: /healthz tells a load balancer whether the database answers."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from adapters.composition import Runtime, SystemClock, build_runtime
from adapters.config import Settings, settings_from_mapping
from adapters.server import make_app
from bot.messages import Message, Reply
from bot.model import Platform
from bot.outbox import ReplyRoute
from bot.service import Services
from storage.database import make_engine
from storage.uow import sql_uow_factory


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def settings_for(url: str) -> Settings:
    return settings_from_mapping({"database": {"url": url}})


async def client_for(app: web.Application) -> AsyncIterator[TestClient]:
    async with TestClient(TestServer(app)) as client:
        yield client


@pytest.fixture
async def healthy(tmp_path: Path) -> AsyncIterator[TestClient]:
    async with await build_runtime(settings_for(f"sqlite:///{tmp_path / 'x.db'}")) as runtime:
        async for client in client_for(make_app(runtime)):
            yield client


@pytest.fixture
async def unreachable() -> AsyncIterator[TestClient]:
    url = f"postgresql://signoff@127.0.0.1:{closed_port()}/signoff"
    settings, engine = settings_for(url), make_engine(url)
    services = Services(uow=sql_uow_factory(engine), clock=SystemClock(), policy=settings.policy())
    runtime = Runtime(settings=settings, engine=engine, services=services)
    async with runtime:
        async for client in client_for(make_app(runtime)):
            yield client


async def test_healthz_is_200_while_the_database_answers(healthy: TestClient) -> None:
    response = await healthy.get("/healthz")
    assert response.status == 200
    assert await response.json() == {"status": "ok"}


async def test_healthz_is_503_when_the_database_does_not(unreachable: TestClient) -> None:
    response = await unreachable.get("/healthz")
    assert response.status == 503
    assert await response.json() == {"status": "unavailable"}


async def test_route_installers_add_the_platforms_routes(tmp_path: Path) -> None:
    async def hello(request: web.Request) -> web.Response:
        return web.Response(text="hello")

    def install(app: web.Application, runtime: Runtime) -> None:
        app.router.add_post("/slack/events", hello)

    async with await build_runtime(settings_for(f"sqlite:///{tmp_path / 'x.db'}")) as runtime:
        async for client in client_for(make_app(runtime, [install])):
            assert await (await client.post("/slack/events")).text() == "hello"
            assert (await client.get("/healthz")).status == 200


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_signoff_run_serves_until_sigterm(tmp_path: Path) -> None:
    port = closed_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"}
    env.pop("SIGNOFF_CONFIG", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "adapters.cli", "run", "--host", "127.0.0.1", "--port", str(port)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                status, body = get(f"http://127.0.0.1:{port}/healthz")
                break
            except OSError:
                assert time.monotonic() < deadline, "the server did not start within 30 s"
            try:  # wait a little for the server, noticing at once if it exited instead
                server.wait(timeout=0.1)
                pytest.fail(f"signoff run exited: {server.communicate()}")
            except subprocess.TimeoutExpired:
                pass
        assert (status, body) == (200, b'{"status": "ok"}')
        server.send_signal(signal.SIGTERM)
        _, err = server.communicate(timeout=30)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    assert server.returncode == 0, err
    assert f"listening on http://127.0.0.1:{port}" in err


async def test_metrics_and_readyz_show_replies_waiting_too_long(tmp_path: Path) -> None:
    settings = settings_for(f"sqlite:///{tmp_path / 'x.db'}")
    async with await build_runtime(settings) as runtime:
        async for client in client_for(make_app(runtime)):
            assert (await client.get("/readyz")).status == 200
            # Kept by an instance that died three minutes ago, leased until long since.
            committed = runtime.services.clock.now() - timedelta(minutes=3)
            route = ReplyRoute(platform=Platform.CONSOLE, lane="c", address={}, holder="gone",
                               lease=timedelta(hours=1))  # fmt: skip
            async with runtime.services.uow() as uow:
                await uow.replies.add(route, [Reply(message=Message(text="FB-1 logged"))],
                                      at=committed)  # fmt: skip
                await uow.commit()

            scraped = await (await client.get("/metrics")).text()
            assert "signoff_reply_outbox_depth 1.0" in scraped
            age = re.search(r"^signoff_reply_outbox_oldest_seconds (\S+)$", scraped, re.M)
            assert age is not None and 180 <= float(age.group(1)) < 240
            ready = await client.get("/readyz")
            assert ready.status == 503
            assert (await ready.json())["status"] == "backlog"
