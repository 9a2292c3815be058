"""Generated bodies and headers at /slack/events and /api/messages (hypothesis): whatever arrives,
the answer is never a 5xx and the log never holds an ERROR or a traceback."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from faults_harness import (
    Secrets,
    at_rest,
    block_action,
    mention_event,
    seed,
    serving,
    slash_form,
    teams_invoke,
    teams_message,
    until,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.slack.fake_slack import FakeSlack
from tests.teams.fake_connector import FakeConnector

EXAMPLES = 120  # per route and mode: bounded, so the whole file runs in seconds
FORM, JSON = "application/x-www-form-urlencoded", "application/json"
SECURED = {"app_id": "00000000-0000-0000-0000-000000000001", "app_password": "pw",
           "app_tenant_id": "tenant-1"}  # fmt: skip

LEAF = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20)
)
VALUE = st.recursive(
    LEAF,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)
# What a client can put in a header: no control characters, no line breaks.
HEADER = st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp"))
# Text that is JSON nested `n` levels deep, n from nothing to far past any recursion limit.
DEEP = st.integers(0, 3000).flatmap(
    lambda n: st.sampled_from(["[" * n + "]" * n, '{"a":' * n + "1" + "}" * n])
)


def paths(value: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every key path into nested objects: ("from",), ("from", "id")…"""
    if not isinstance(value, dict):
        return []
    return [p for k, v in value.items() for p in [(*prefix, k), *paths(v, (*prefix, k))]]


def spliced(base: dict[str, Any]) -> st.SearchStrategy[str]:
    """`base` as JSON, unchanged or with one field (at any depth, or a new one) replaced by a
    generated value or a deeply nested text."""
    where = st.sampled_from([(), ("extra",), *paths(base)])
    value = st.one_of(VALUE.map(json.dumps), DEEP)

    def splice(path: tuple[str, ...], text: str) -> str:
        if not path:
            return json.dumps(base)
        changed = json.loads(json.dumps(base))
        node = changed
        for step in path[:-1]:
            node = node[step]
        node[path[-1]] = "\0"
        return json.dumps(changed).replace('"\\u0000"', text)

    return st.tuples(where, value).map(lambda pv: splice(*pv))


def slack_bodies() -> st.SearchStrategy[tuple[str, str]]:
    """(content type, body): real requests with one field replaced, raw forms, odd bytes."""
    hook = "http://127.0.0.1:1/hooks/x"  # nothing listens: Slack out of reach
    event = mention_event("status", user="W333", event_id="Ev1")
    click = block_action("approve M-1@v1", user="W111", response_url=hook)
    texts = st.text(max_size=60)
    return st.one_of(
        st.tuples(st.just(JSON), spliced(event)),
        st.tuples(st.just(FORM), spliced(click).map(lambda text: "payload=" + quote(text))),
        st.tuples(
            st.just(FORM),
            texts.map(lambda text: slash_form(text, user="W333", response_url=hook)),
        ),
        st.tuples(
            st.just(FORM),
            st.dictionaries(st.text(max_size=10), st.text(max_size=30)).map(urlencode),
        ),
        st.tuples(st.sampled_from([JSON, FORM, "text/plain", ""]), DEEP | texts | VALUE.map(str)),
    )


@st.composite
def slack_requests(draw: Any, secret: str) -> tuple[bytes, dict[str, str]]:
    """Mostly signed as Slack signs; else with generated or missing signature headers."""
    content_type, body = draw(slack_bodies())
    raw = draw(st.binary()) if draw(st.integers(0, 9)) == 9 else body.encode("utf-8", "replace")
    timestamp = str(int(time.time()))
    hostile = draw(st.integers(0, 9)) >= 7
    if hostile:
        timestamp = draw(
            st.one_of(
                st.text(HEADER, max_size=15),
                st.integers().map(str),
                st.floats().map(str),
                st.sampled_from(["abc", "1e9", "", "NaN", "12.5", f"+{timestamp}"]),
            )
        )
    mac = hmac.new(secret.encode(), b"v0:" + timestamp.encode() + b":" + raw, hashlib.sha256)
    signature = f"v0={mac.hexdigest()}"
    if hostile and draw(st.booleans()):
        signature = draw(st.text(HEADER, max_size=70))
    headers = {"Content-Type": content_type}
    if not (hostile and draw(st.booleans())):
        headers |= {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": signature}
    return raw, headers


@st.composite
def teams_requests(draw: Any, connector: str) -> tuple[bytes, dict[str, str]]:
    who, where = ("aad-cleo", "Cleo"), {"service_url": connector}
    base = draw(
        st.sampled_from(
            [
                teams_message("status", who=who, activity_id="1", thread="t", **where),
                teams_invoke("approve M-1@v1", who=who, activity_id="2", **where),
            ]
        )
    )
    odd = st.one_of(DEEP, VALUE.map(json.dumps), st.text(max_size=40))
    typed = st.text(max_size=60).map(
        lambda text: json.dumps({**base, "text": f"<at>Signoff</at> {text}"})
    )
    choice = draw(st.integers(0, 9))
    body = draw(typed if choice < 3 else spliced(base) if choice < 7 else odd)
    raw = draw(st.binary()) if draw(st.integers(0, 9)) == 9 else body.encode("utf-8", "replace")
    content_type = JSON
    if draw(st.integers(0, 9)) == 9:
        content_type = draw(st.sampled_from([f"{JSON}; charset=utf-8", FORM, ""]))
    headers = {"Content-Type": content_type}
    authorization = draw(
        st.one_of(
            st.none(),
            st.text(HEADER, max_size=30).map(lambda token: f"Bearer {token}"),
            st.sampled_from(["Basic c2lnbm9mZg==", "Bearer ", "Bearer a.b.c"]),
        )
    )
    if authorization is not None:
        headers["Authorization"] = authorization
    return raw, headers


def generated(strategy: st.SearchStrategy[Any]) -> list[Any]:
    """EXAMPLES examples, the same on every run (derandomized)."""
    found: list[Any] = []

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(strategy)
    def collect(example: Any) -> None:
        found.append(example)

    collect()
    return found


def trouble(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        f"{r.name}: {r.getMessage()}"
        for r in caplog.records
        if r.levelno >= logging.ERROR or r.exc_info
    ]


@pytest.mark.parametrize("teams_auth", ["off", "on"])
async def test_generated_requests_never_get_a_5xx_nor_log_an_error(
    database_url: str, engine: object, caplog: pytest.LogCaptureFixture, teams_auth: str
) -> None:
    caplog.set_level(logging.INFO)
    secret = Secrets()
    async with FakeSlack() as slack, FakeConnector() as connector:
        await seed(database_url, milestones=1, guests=0)
        sent = [("/slack/events", *r) for r in generated(slack_requests(secret.signing_secret))]
        sent += [("/api/messages", *r) for r in generated(teams_requests(connector.url))]
        teams = SECURED if teams_auth == "on" else None
        async with serving(database_url, secret, slack.api_url, teams=teams) as (client, runtime):
            for path, body, headers in sent:
                answer = await client.post(path, data=body, headers=headers)
                assert answer.status < 500, (path, headers, body[:300], answer.status)
                assert trouble(caplog) == [], (path, headers, body[:300])
            # Replies are delivered after the answers (to an unreachable hook, too): what
            # they log counts as well.
            await until(lambda: at_rest(client, runtime), within=60, what="the work after acks")
        assert trouble(caplog) == []
