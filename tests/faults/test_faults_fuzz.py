"""Signed but fuzzed Slack payloads and Teams activities: never a 500, and every record stored
was confirmed to its sender (nothing half-stored, nothing stored silently)."""

from __future__ import annotations

import copy
import json
import re
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

from faults_harness import (
    CHANNEL,
    TEAM,
    Secrets,
    at_rest,
    block_action,
    mention_event,
    seed,
    serving,
    slack_headers,
    slash_form,
    teams_invoke,
    teams_message,
    until,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.composition import Runtime
from bot.queries import export_project
from tests.slack.fake_slack import FakeSlack
from tests.teams.fake_connector import FakeConnector

EXAMPLES = 200  # bounded: the whole fuzz run takes a few seconds
HOOK = "http://127.0.0.1:1/hooks/x"  # replaced with the fake's own hook URL
COMMANDS = [
    "feedback ",
    "issue ",
    "approve M-1@v1 ",
    "changes M-1@v1 ",
    "submit M-1 ",
    "feedback resolve FB-1 ",
    "issue ack IS-1 ",
    "status",
    "member add ",
    "project bind ",
]
LEAF = st.one_of(st.none(), st.booleans(), st.integers(-2, 10**12), st.text(max_size=30))
VALUE = st.recursive(
    LEAF,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)
TEXT = st.one_of(
    st.text(max_size=60), st.builds(str.__add__, st.sampled_from(COMMANDS), st.text(max_size=40))
)


def bases(connector_url: str) -> dict[str, Any]:
    """One valid request of each kind Signoff serves, as plain data to mutate."""
    who, teams = ("aad-cleo", "Cleo"), {"service_url": connector_url}
    return {
        "slash": dict(parse_qsl(slash_form("feedback hi", user="W333", response_url=HOOK))),
        "click": block_action("approve M-1@v1", user="W111", response_url=HOOK),
        "event": mention_event("feedback hi", user="W333", event_id="Ev1"),
        "message": teams_message("feedback hi", who=who, activity_id="1", thread="t", **teams),
        "modal": issue_form_submission(),
        "invoke": teams_invoke(
            "approve M-1@v1", who=("aad-paula", "Paula"), activity_id="2", **teams
        ),
    }


def issue_form_submission() -> dict[str, Any]:
    metadata = {"channel": CHANNEL, "team": TEAM, "locale": "en", "response_url": HOOK}
    answers = {
        "title": {"value": {"type": "plain_text_input", "value": "odd glitch"}},
        "severity": {"value": {"type": "static_select", "selected_option": {"value": "high"}}},
    }
    return {
        "type": "view_submission",
        "team": {"id": TEAM},
        "user": {"id": "W333", "team_id": TEAM},
        "view": {
            "type": "modal",
            "callback_id": "signoff_form:issue",
            "private_metadata": json.dumps(metadata),
            "state": {"values": answers},
        },
    }


def paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, inner in value.items():
            found += paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found += paths(inner, (*prefix, index))
    return found


def mutated(base: Any, edits: list[tuple[tuple, Any, bool]]) -> Any:
    result = copy.deepcopy(base)
    for path, value, delete in edits:
        *parents, last = path
        node = result
        try:
            for step in parents:
                node = node[step]
            if delete and isinstance(node, dict):
                node.pop(last, None)
            else:
                node[last] = value
        except (KeyError, IndexError, TypeError):
            continue  # an earlier edit replaced the path
    return result


def fuzzed(kinds: dict[str, Any]) -> st.SearchStrategy[tuple[str, Any]]:
    def edit(kind: str) -> st.SearchStrategy[tuple[str, Any]]:
        where = paths(kinds[kind])
        one = st.tuples(st.sampled_from(where), st.one_of(VALUE, TEXT), st.booleans())
        return st.lists(one, max_size=4).map(lambda edits: (kind, mutated(kinds[kind], edits)))

    return st.sampled_from(sorted(kinds)).flatmap(edit)


async def test_signed_fuzzed_payloads_never_answer_500_nor_store_unconfirmed_records(
    database_url: str, engine: object
) -> None:
    """200 deterministic examples (hypothesis, derandomized) of every request kind with fields
    replaced by odd JSON or command-like text, sent signed; then every stored feedback, issue
    and decision is named in a confirmation the platform received."""
    secret = Secrets()
    async with FakeSlack() as slack, FakeConnector() as connector:
        await seed(database_url, milestones=2, guests=0)
        examples: list[tuple[str, Any]] = []

        @settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None)
        @given(fuzzed(bases(connector.url)))
        def collect(example: tuple[str, Any]) -> None:
            examples.append(example)

        collect()
        async with serving(database_url, secret, slack.api_url) as (client, runtime):
            before = await records(runtime)
            for kind, payload in examples:
                body, content_type, path = encode(kind, payload, slack.hook_url("f"))
                headers = {"Content-Type": content_type}
                if path == "/slack/events":
                    headers.update(slack_headers(body, secret.signing_secret))
                answer = await client.post(path, data=body, headers=headers)
                # 501 is the Bot Framework's answer to an invoke nobody handles, on purpose.
                unhandled = kind == "invoke" and answer.status == 501
                assert answer.status < 500 or unhandled, (kind, payload, answer.status)
            # Work goes on after each answer: wait until none is left, then read the record.
            await until(lambda: at_rest(client, runtime), within=60, what="the work after acks")
            after = await records(runtime)
    said = {
        "sla": " ".join(str(c.args.get("text") or "") for c in [*slack.calls, *slack.hooks]),
        "tms": " ".join(json.dumps(c.body) for c in connector.calls),
    }
    for stored in sorted(after - before):
        key, ref = stored.split(":")[:2]
        assert re.search(rf"\b{re.escape(ref)}\b", said[key]), f"{stored} stored, never confirmed"


def encode(kind: str, payload: Any, hook: str) -> tuple[bytes, str, str]:
    text = json.dumps(payload).replace(HOOK, hook)
    if kind == "slash":
        fields = {
            str(k): v if isinstance(v, str) else json.dumps(v) for k, v in json.loads(text).items()
        }
        return urlencode(fields).encode(), "application/x-www-form-urlencoded", "/slack/events"
    if kind in ("click", "modal"):
        return (
            f"payload={quote(text)}".encode(),
            "application/x-www-form-urlencoded",
            "/slack/events",
        )
    if kind == "event":
        return text.encode(), "application/json", "/slack/events"
    return text.encode(), "application/json", "/api/messages"


async def records(runtime: Runtime) -> set[str]:
    refs: set[str] = set()
    for key in ("sla", "tms"):
        record = await export_project(key, runtime.services)
        refs |= {f"{key}:{row['ref']}" for kind in ("feedback", "issues") for row in record[kind]}
        refs |= {f"{key}:{row['ref']}:{row['stage']}" for row in record["decisions"]}
    return refs
