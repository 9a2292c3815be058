"""Hostile bodies at /api/messages: refused at the door (401 or 400), never a 500, never a 201
followed by a failure in the background that nobody hears of."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from tests.teams.conftest import Teams, fixture
from tests.teams.fake_connector import FakeConnector

DEEP = '{"type": "message", "channelData": ' + "[" * 1500 + "]" * 1500 + "}"


def errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


async def test_a_deep_body_without_a_token_is_a_401_and_with_one_a_400(
    secured: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    json_type = {"Content-Type": "application/json"}
    for body in (DEEP, "[" * 100_000):
        bare = await secured.post("/api/messages", data=body, headers=json_type)
        assert bare.status == 401  # refused on its headers: nothing read
        # A bearer token is checked after the body (the check may fetch signing keys).
        bearer = {**json_type, "Authorization": "Bearer not-a-jwt"}
        read = await secured.post("/api/messages", data=body, headers=bearer)
        assert read.status == 400
    assert errors(caplog) == []


async def test_a_deep_body_is_a_400_without_authentication_too(
    teams: Teams, caplog: pytest.LogCaptureFixture
) -> None:
    answer = await teams.client.post(
        "/api/messages", data=DEEP, headers={"Content-Type": "application/json"}
    )
    assert answer.status == 400
    assert errors(caplog) == []


def wrong(path: str, value: Any) -> Any:
    def change(activity: dict[str, Any]) -> dict[str, Any]:
        *parents, last = path.split(".")
        node = activity
        for step in parents:
            node = node.setdefault(step, {})
        node[last] = value
        return activity

    return pytest.param(change, id=f"{path}={json.dumps(value)}")


async def refused_at_the_door(teams: Teams, caplog: pytest.LogCaptureFixture, change: Any) -> None:
    await teams.project()
    activity = change(teams.channel_message("status", who="paula"))
    answer = await teams.post(activity)
    assert answer.status == 400
    assert await answer.json() == {"error": "expected an activity"}
    await teams.settled()
    assert teams.connector.calls == [] and errors(caplog) == []


@pytest.mark.parametrize(
    "change",
    [
        wrong("channelData", ["tenant"]),
        wrong("channelData", "tenant-a"),
        wrong("value", ["approve M-1"]),
        wrong("value", {"command": ["status"]}),
    ],
)
async def test_channel_data_or_a_value_of_the_wrong_type_is_a_400_not_a_silent_failure(
    teams: Teams, caplog: pytest.LogCaptureFixture, change: Any
) -> None:
    """Read by the bot only after the 201, where a failure reaches nobody."""
    await refused_at_the_door(teams, caplog, change)


@pytest.mark.parametrize(
    "change",
    [
        wrong("channelData.tenant", ["id"]),
        wrong("entities", "mention"),
        wrong("entities", [1, 2]),
        wrong("from", "29:cleo"),
        wrong("conversation", "19:channel"),
        wrong("recipient", "28:bot"),
        wrong("text", {"html": "status"}),
        wrong("attachments", "card"),
    ],
)
async def test_other_fields_of_the_wrong_type_are_a_400_too(
    teams: Teams, caplog: pytest.LogCaptureFixture, change: Any
) -> None:
    await refused_at_the_door(teams, caplog, change)


async def test_a_card_action_whose_value_is_no_object_is_a_400(
    teams: Teams, caplog: pytest.LogCaptureFixture
) -> None:
    invoke = fixture("invoke_adaptiveCard_action_execute.captured.json")
    invoke["serviceUrl"] = teams.connector.url
    for value in ("approve M-1", ["approve"], {"action": "milestone.approve"}):
        invoke["value"] = value
        answer = await teams.post(invoke)
        assert answer.status == 400, value
    assert errors(caplog) == []


async def test_a_well_formed_message_is_still_taken(teams: Teams, connector: FakeConnector) -> None:
    await teams.project()
    await teams.say("status", who="paula")
    [reply] = await connector.wait_for(lambda: connector.posts())
    assert "acme" in reply.text.lower()
