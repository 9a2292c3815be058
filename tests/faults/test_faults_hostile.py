"""Hostile input on every HTTP endpoint: oversized bodies get 413, malformed ones 400, and
signed but fuzzed payloads never a 500 nor a record that nobody was told about."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import quote

import pytest
from aiohttp.test_utils import TestClient
from faults_harness import (
    Secrets,
    seed,
    serving,
    slack_headers,
    slash_form,
)

from adapters.composition import Runtime
from bot.queries import export_project
from tests.slack.fake_slack import FakeSlack
from tests.teams.fake_connector import FakeConnector

FORM, JSON = "application/x-www-form-urlencoded", "application/json"
ONE_MIB = 1024 * 1024  # README: "Bodies over 1 MiB are refused with 413"
ENDPOINTS = [("POST", "/slack/events"), ("POST", "/api/messages")] + [
    ("GET", path) for path in ("/healthz", "/readyz", "/metrics")
]


@pytest.fixture
async def app(
    database_url: str, engine: object
) -> AsyncIterator[tuple[TestClient, Runtime, FakeSlack, FakeConnector, Secrets]]:
    secret = Secrets()
    async with FakeSlack() as slack, FakeConnector() as connector:
        await seed(database_url, milestones=2, guests=0)
        async with serving(database_url, secret, slack.api_url) as (client, runtime):
            yield client, runtime, slack, connector, secret


async def exported(runtime: Runtime) -> dict[str, Any]:
    return {key: await export_project(key, runtime.services) for key in ("sla", "tms")}


def slash_of_size(size: int) -> str:
    """A /signoff feedback form of exactly `size` bytes."""
    fields = {"user": "W333", "response_url": "http://127.0.0.1/"}
    room = size - len(slash_form("feedback ", **fields).encode())
    return slash_form("feedback " + "x" * room, **fields)


async def streamed(size: int) -> AsyncIterator[bytes]:
    """`size` bytes in 64 KiB chunks, sent without a Content-Length."""
    for start in range(0, size, 65536):
        yield b"x" * min(65536, size - start)


async def test_a_body_over_one_megabyte_is_refused_with_413_on_every_endpoint(app) -> None:
    """1 MiB is taken, one byte more is refused with 413 before anything parses it, declared or
    streamed, on every endpoint; nothing is stored either way (the feedback is over 4,000
    characters)."""
    client, runtime, _, _, secret = app
    before = await exported(runtime)
    at_limit, over = slash_of_size(ONE_MIB), slash_of_size(ONE_MIB + 1)
    assert [len(body.encode()) for body in (at_limit, over)] == [ONE_MIB, ONE_MIB + 1]
    for method, path in ENDPOINTS:
        for body, refused in ((at_limit, False), (over, True)):
            headers = {"Content-Type": FORM, **slack_headers(body, secret.signing_secret)}
            sized = await client.request(method, path, data=body.encode(), headers=headers)
            assert (sized.status == 413) is refused, (method, path, len(body), sized.status)
        if method == "POST":
            for size, refused in ((ONE_MIB, False), (ONE_MIB + 1, True)):
                sent = await client.post(path, data=streamed(size), headers={"Content-Type": JSON})
                assert (sent.status == 413) is refused, (path, size, sent.status)
    assert await exported(runtime) == before


MALFORMED: list[tuple[str, bytes]] = [
    (JSON, b"{not json"),
    (JSON, b"[1, 2]"),
    (JSON, b'"text"'),
    (JSON, b"null"),
    (JSON, b'{"type": "event_callback", "event": null}'),
    (JSON, b'{"type": "event_callback", "event": {"type": 7, "user": []}}'),
    (JSON, b'{"text": "\xff\xfe"}'),
    (FORM, b"payload=%7Bnot+json"),
    (FORM, b"payload=%5B1%5D"),
    (FORM, b"payload=" + quote(json.dumps({"type": "block_actions", "actions": "x"})).encode()),
    (FORM, b"payload=" + quote(json.dumps({"type": "view_submission", "view": 3})).encode()),
    (FORM, b"payload=" + quote(json.dumps({"type": "block_actions", "actions": []})).encode()),
    (FORM, b"payload=" + quote(json.dumps({"type": "view_submission", "view": None})).encode()),
    (FORM, b"\xff\xfe=\xfd"),
]


def is_text(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


async def test_malformed_bodies_get_400_never_500(app) -> None:
    """A signed body that is no Slack request or Teams activity is the sender's error (400); an
    unsigned one is refused as unsigned (401) before anything parses it, unless it is not even
    text (400)."""
    client, runtime, _, _, secret = app
    before = await exported(runtime)
    for content_type, body in MALFORMED:
        signed = {"Content-Type": content_type, **slack_headers(body, secret.signing_secret)}
        answer = await client.post("/slack/events", data=body, headers=signed)
        assert answer.status == 400, (body, answer.status)
        unsigned = await client.post(
            "/slack/events", data=body, headers={"Content-Type": content_type}
        )
        assert unsigned.status == (401 if is_text(body) else 400), (body, unsigned.status)
        if content_type == JSON:  # an object of no known type is an activity Signoff ignores
            teams = await client.post("/api/messages", data=body, headers={"Content-Type": JSON})
            assert teams.status == 400 or (body.startswith(b"{") and teams.status < 300), body
        for path in ("/healthz", "/readyz", "/metrics"):
            answer = await client.get(path, data=body, headers={"Content-Type": content_type})
            assert answer.status == 200, (path, answer.status)
    assert await exported(runtime) == before
