"""Requests are signed as Slack signs them; anything else is refused with 401 and stores nothing."""

from __future__ import annotations

import json
import time

from slack_harness import FIXTURES, Harness, inbound, signature, signed_headers, slash_body
from slack_sdk.signature import SignatureVerifier

from bot.model import Identity, Platform


def test_the_signing_helper_reproduces_slacks_official_example() -> None:
    example = json.loads((FIXTURES / "slack_signing" / "official_docs_example.json").read_text())
    body = (FIXTURES / "slack_signing" / "official_docs_example.body.form.txt").read_text().strip()
    assert body == example["body"]
    expected = example["expected_signature"]
    assert signature(example["signing_secret"], example["timestamp"], body) == expected
    verifier = SignatureVerifier(
        example["signing_secret"], clock=_frozen(int(example["timestamp"]))
    )
    headers = {"x-slack-request-timestamp": example["timestamp"], "X-Slack-Signature": expected}
    assert verifier.is_valid_request(body, headers)
    assert not verifier.is_valid_request(body + "------", headers)


async def _nobody_stored(slack: Harness) -> bool:
    async with slack.runtime.services.uow() as uow:
        project = await uow.projects.get_by_key("acme")
        assert project is not None
        stranger = Identity(platform=Platform.SLACK, tenant="T111", user_id="W999")
        feedback = await uow.feedback.list(project.id)
        return not feedback and await uow.people.find(stranger) is None


async def test_a_wrong_signature_is_refused_and_nothing_is_stored(slack: Harness) -> None:
    await slack.seed()
    body = slash_body(
        text="feedback the logo is too small", user_id="W999", response_url=slack.fake.hook_url()
    )
    headers = signed_headers(body, secret="not-the-secret")
    response = await slack.post(
        body, content_type="application/x-www-form-urlencoded", headers=headers
    )
    assert response.status == 401
    assert await response.json() == {"error": "invalid request"}
    assert await _nobody_stored(slack)
    assert slack.fake.calls == [] and slack.fake.hooks == []


async def test_a_replayed_request_with_an_old_timestamp_is_refused(slack: Harness) -> None:
    await slack.seed()
    body = slash_body(text="feedback replayed", user_id="W999", response_url=slack.fake.hook_url())
    headers = signed_headers(body, timestamp=int(time.time()) - 6 * 60)
    response = await slack.post(
        body, content_type="application/x-www-form-urlencoded", headers=headers
    )
    assert response.status == 401
    assert await _nobody_stored(slack)


async def test_a_tampered_event_is_refused(slack: Harness) -> None:
    body = json.dumps(inbound("event_callback_app_mention.json"))
    headers = signed_headers(body)
    response = await slack.post(body + " ", content_type="application/json", headers=headers)
    assert response.status == 401
    assert slack.fake.calls == []


def _frozen(now: int):
    class Clock:
        def now(self) -> float:
            return float(now)

    return Clock()
