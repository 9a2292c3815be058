"""Hostile requests at /slack/events: refused with a 4xx before bolt or the verifier trips on them,
never a 500 nor an ERROR in the log."""

from __future__ import annotations

import json
import logging
import time
from urllib.parse import quote

import pytest
from slack_harness import CLIENT, Harness, signature, signed_headers, slash_body

FORM, JSON = "application/x-www-form-urlencoded", "application/json"


def deep(levels: int) -> str:
    return "[" * levels + "]" * levels


def errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        (JSON, '{"type": "event_callback", "event": ' + deep(1500) + "}"),
        (JSON, deep(100_000)),
        (FORM, "payload=" + quote('{"type": "block_actions", "x": ' + deep(1500) + "}")),
    ],
)
async def test_a_signed_body_nested_a_thousand_levels_deep_is_a_400(
    slack: Harness, caplog: pytest.LogCaptureFixture, content_type: str, body: str
) -> None:
    response = await slack.post(body, content_type=content_type)
    assert response.status == 400
    assert await response.json() == {"error": "malformed request"}
    assert errors(caplog) == []


# What int() would read as this very second, and a few things it cannot read at all.
NOT_PLAIN = ["abc", "1e9", "", "NaN", "12.5", "+{now}", "{now_}", "{arabic}"]


@pytest.mark.parametrize("shape", NOT_PLAIN)
async def test_a_timestamp_that_is_no_plain_integer_is_refused_like_a_bad_signature(
    slack: Harness, caplog: pytest.LogCaptureFixture, shape: str
) -> None:
    """Even signed over that very timestamp: 401, and nothing runs."""
    await slack.seed()
    now = str(int(time.time()))
    arabic = now.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    timestamp = shape.format(now=now, now_=f"{now[:4]}_{now[4:]}", arabic=arabic)
    body = slash_body(text="feedback forged", user_id=CLIENT, response_url=slack.fake.hook_url())
    headers = {
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": signature("secret", timestamp, body),
    }
    response = await slack.post(body, content_type=FORM, headers=headers)
    assert response.status == 401
    assert errors(caplog) == [] and slack.fake.calls == [] and slack.fake.hooks == []


async def test_a_signature_of_another_shape_is_a_401(slack: Harness) -> None:
    body = slash_body(text="status", user_id=CLIENT, response_url=slack.fake.hook_url())
    headers = {**signed_headers(body), "X-Slack-Signature": "v0=é"}
    response = await slack.post(body, content_type=FORM, headers=headers)
    assert response.status == 401


@pytest.mark.parametrize(("content_type", "body"), [(JSON, "{}"), (JSON, ""), (FORM, "")])
async def test_a_signed_empty_body_is_a_400_not_a_missing_route(
    slack: Harness, content_type: str, body: str
) -> None:
    """No type, no command: no kind of Slack request at all, so the sender's mistake (400),
    where bolt would answer "no listener" (404) as if the endpoint were missing."""
    response = await slack.post(body, content_type=content_type)
    assert response.status == 400
    assert await response.json() == {"error": "malformed request"}


async def test_a_slash_command_that_says_payload_is_read_as_typed(slack: Harness) -> None:
    """bolt reads any form body containing "payload" as an interaction and finds it empty."""
    await slack.seed()
    response = await slack.slash("feedback the payload of the hero image is heavy", user=CLIENT)
    assert response.status == 200
    posted = (await slack.fake.wait_call("chat.postMessage"))[0].args
    assert "the payload of the hero image is heavy" in posted["text"]


async def test_url_verification_and_ssl_check_still_answer(slack: Harness) -> None:
    challenge = json.dumps({"type": "url_verification", "challenge": "c-1", "token": "t"})
    answer = await slack.post(challenge, content_type=JSON)
    assert answer.status == 200 and "c-1" in await answer.text()
    ssl_check = await slack.post("ssl_check=1&token=t", content_type=FORM)
    assert ssl_check.status == 200
