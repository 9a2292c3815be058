"""What an operator sees: /readyz, /metrics, request ids in logs, oversized bodies refused, and
secrets masked in every log line."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from adapters.composition import Runtime, build_runtime
from adapters.config import settings_from_mapping
from adapters.logs import configure_logging, request_id, secrets_in
from adapters.server import make_app
from bot.commands import ShowStatus
from bot.invocation import Invocation
from bot.model import Conversation, Identity, Platform, Project
from bot.nudges.model import NudgeKind, Occurrence, OutboxStatus
from bot.service import handle
from storage.migrate import downgrade


@pytest.fixture(autouse=True)
def restore_logging() -> object:
    """configure_logging replaces the root handlers; give pytest's back afterwards."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.fixture
async def runtime(tmp_path: Path) -> AsyncIterator[Runtime]:
    settings = settings_from_mapping({"database": {"url": f"sqlite:///{tmp_path / 'o.db'}"}})
    async with await build_runtime(settings) as built:
        yield built


def echo_installer(app: web.Application, runtime: Runtime) -> None:
    async def echo(request: web.Request) -> web.Response:
        body = await request.read()
        logging.getLogger("signoff.test").warning("echoing %d bytes", len(body))
        return web.Response(text=request_id.get())

    app.router.add_post("/echo", echo)


async def test_readyz_is_ready_at_head_and_503_when_the_schema_is_behind(
    runtime: Runtime,
) -> None:
    async with TestClient(TestServer(make_app(runtime))) as client:
        ready = await client.get("/readyz")
        assert (ready.status, (await ready.json())["status"]) == (200, "ready")
        await downgrade(runtime.engine, "0001")
        behind = await client.get("/readyz")
        assert behind.status == 503
        assert "signoff db upgrade" in (await behind.json())["detail"]


async def test_metrics_count_commands_by_platform_verb_and_outcome(runtime: Runtime) -> None:
    identity = Identity(platform=Platform.SLACK, tenant="T1", user_id="U1")
    invocation = Invocation(identity=identity, project_key="nope")
    await handle(ShowStatus(), invocation, runtime.services)

    async with TestClient(TestServer(make_app(runtime))) as client:
        await client.get("/healthz")
        text = await (await client.get("/metrics")).text()

    assert (
        'signoff_commands_total{outcome="refused",platform="slack",verb="ShowStatus"} 1.0' in text
    )
    assert 'signoff_ack_seconds_count{route="/healthz"} 1.0' in text


async def test_a_body_over_one_megabyte_is_refused_with_413(runtime: Runtime) -> None:
    app = make_app(runtime, installers=[echo_installer])
    async with TestClient(TestServer(app)) as client:
        small = await client.post("/echo", data=b"x" * 1000)
        huge = await client.post("/echo", data=b"x" * (1024 * 1024 + 1))
    assert small.status == 200
    assert huge.status == 413


async def test_a_request_id_follows_the_request_into_json_logs(runtime: Runtime) -> None:
    stream = io.StringIO()
    configure_logging(level=logging.INFO, json_lines=True)
    logging.getLogger().handlers[0].setStream(stream)
    app = make_app(runtime, installers=[echo_installer])
    async with TestClient(TestServer(app)) as client:
        response = await client.post("/echo", data=b"hi", headers={"X-Request-Id": "req-42"})
        assert await response.text() == "req-42"
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    [echoed] = [line for line in lines if line["logger"] == "signoff.test"]
    assert echoed["request_id"] == "req-42" and echoed["message"] == "echoing 2 bytes"


@pytest.mark.parametrize("json_lines", [False, True], ids=["plain", "json"])
def test_secrets_are_masked_in_messages_and_tracebacks(json_lines: bool) -> None:
    settings = {
        "database": {"url": "postgresql://signoff:pa55word-db@db/signoff"},
        "slack": {"bot_token": "xoxb-123-secret-token", "signing_secret": "8f742231b10e8888"},
    }
    stream = io.StringIO()
    configure_logging(level=logging.DEBUG, json_lines=json_lines, secrets=secrets_in(settings))
    logging.getLogger().handlers[0].setStream(stream)
    log = logging.getLogger("signoff.test")
    log.debug("calling with xoxb-123-secret-token and 8f742231b10e8888")
    try:
        raise RuntimeError("connect to postgresql://signoff:pa55word-db@db failed")
    except RuntimeError:
        log.exception("database")

    text = stream.getvalue()
    for secret in ("xoxb-123-secret-token", "8f742231b10e8888", "pa55word-db"):
        assert secret not in text
    if json_lines:
        called, failed = [json.loads(line) for line in text.splitlines()]
        assert called["message"] == "calling with *** and ***"
        assert "postgresql://signoff:***@db failed" in failed["exception"]
        assert failed["exception"].startswith("Traceback")
    else:
        assert "calling with *** and ***" in text
        assert "postgresql://signoff:***@db failed" in text


def test_a_secret_that_json_would_escape_is_masked_in_json_lines() -> None:
    password = 'pa"ss\\word~1'  # a quote and a backslash, as generated passwords may hold
    stream = io.StringIO()
    configure_logging(level=logging.INFO, json_lines=True, secrets=[password])
    logging.getLogger().handlers[0].setStream(stream)
    log = logging.getLogger("signoff.test")
    log.warning("logging in with %s", password)
    try:
        raise ValueError(f"refused {password}")
    except ValueError:
        log.exception("login")

    said, failed = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert said["message"] == "logging in with ***"
    assert password not in failed["exception"] and "refused ***" in failed["exception"]


async def test_metrics_show_the_outbox_and_unhealthy_bindings_from_the_database(
    runtime: Runtime,
) -> None:
    now = datetime(2026, 11, 30, 9, 30, tzinfo=UTC)
    channels = [Conversation(platform=Platform.SLACK, tenant="T1", channel=f"C{n}") for n in (1, 2)]
    async with runtime.services.uow() as uow:
        project = await uow.projects.add(
            Project(key="acme", name="Acme", client="Acme Co.", timezone="UTC", locale="en",
                    revision_rounds=2)
        )  # fmt: skip
        for channel in channels:
            await uow.projects.bind(project.id, channel)
        await uow.projects.mark_binding(channels[1], problem="channel_not_found", at=now)
        due = [
            Occurrence(kind=NudgeKind.DIGEST, project_id=project.id, target=c, due_at=now)
            for c in channels
        ]
        await uow.nudges.add(due[:1], status=OutboxStatus.PENDING, at=now, not_before=now)
        missed = [replace(due[1], due_at=now - timedelta(days=7))]
        await uow.nudges.add(missed, status=OutboxStatus.MISSED, at=now, not_before=now)
        await uow.commit()

    async with TestClient(TestServer(make_app(runtime))) as client:
        text = await (await client.get("/metrics")).text()

    assert "signoff_outbox_depth 1.0" in text
    assert 'signoff_nudges{outcome="missed"} 1.0' in text
    assert 'signoff_nudges{outcome="sent"} 0.0' in text
    assert "signoff_unhealthy_bindings 1.0" in text
