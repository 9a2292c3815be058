"""Slack signing, payloads from the protocol fixtures, and Signoff serving a fake Slack."""

from __future__ import annotations

import asyncio
import copy
import hashlib
import hmac
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

from aiohttp import ClientResponse
from aiohttp.test_utils import TestClient, TestServer
from fake_slack import FIXTURES, Call, FakeSlack

from adapters.composition import Runtime
from adapters.config import settings_from_mapping
from adapters.platforms import build_slack
from adapters.server import make_app
from adapters.slack.app import SlackAdapter
from bot.commands import AddMember, AddMilestone, BindConversation, Command, CreateProject
from bot.invocation import Invocation
from bot.model import Conversation, Identity, Platform, Role
from bot.service import Result, handle

SECRET = "secret"  # what bolt's own tests sign with
# Slack's 2 s for a command's work before the answer is met with room to spare here, but a
# shared CI machine can stall a process for longer; the tests of behaviour must not flake on it.
LOADED_MACHINE_DEADLINE = 10.0
INBOUND = FIXTURES / "slack"
TEAM, CHANNEL = "T111", "C111"
PM, APPROVER, CLIENT = "W111", "W222", "W333"


def signature(secret: str, timestamp: str, body: str) -> str:
    """Slack's v0 signature: HMAC-SHA256 over "v0:{timestamp}:{body}", hex, prefixed "v0="."""
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def signed_headers(
    body: str, *, secret: str = SECRET, timestamp: int | None = None
) -> dict[str, str]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature(secret, ts, body)}


def inbound(name: str) -> Any:
    text = (INBOUND / name).read_text()
    return json.loads(text) if name.endswith(".json") else text.strip()


def slash_body(**fields: str) -> str:
    form = dict(parse_qsl(inbound("slash_command.form.txt")))
    form.update(fields)
    return urlencode(form)


def interactive_body(payload: dict[str, Any]) -> str:
    return "payload=" + quote(json.dumps(payload))


def operator(key: str | None = "acme") -> Invocation:
    who = Identity(platform=Platform.CONSOLE, tenant="cli", user_id="op")
    return Invocation(identity=who, display_name="op", project_key=key, operator=True)


class Harness:
    """Signoff serving /slack/events over real HTTP, and the fake Slack it talks to."""

    def __init__(
        self, *, client: TestClient, fake: FakeSlack, runtime: Runtime, adapter: SlackAdapter
    ):
        self.client, self.fake, self.runtime, self.adapter = client, fake, runtime, adapter

    async def core(self, command: Command, invocation: Invocation | None = None) -> Result:
        result = await handle(command, invocation or operator(), self.runtime.services)
        assert result.ok, [r.message.text for r in result.replies]
        return result

    async def seed(self, *, tenant: str = TEAM, locale: str = "en", milestone: bool = True) -> None:
        """Project acme bound to C111: PM W111, approver W222, client W333, milestone M-1."""
        await self.core(
            CreateProject(key="acme", name="Acme rebrand", client="Acme Co.", locale=locale),
            operator(None),
        )
        where = Conversation(platform=Platform.SLACK, tenant=tenant, channel=CHANNEL)
        await self.core(BindConversation(key="acme", conversation=where))
        for user, role, name in (
            (PM, Role.PM, "Paula"),
            (APPROVER, Role.APPROVER, "Alex"),
            (CLIENT, Role.CLIENT, "Cleo"),
        ):
            who = Identity(platform=Platform.SLACK, tenant=tenant, user_id=user)
            await self.core(AddMember(role=role, identity=who, display_name=name))
        if milestone:
            await self.core(
                AddMilestone(name="Concepts", due="2030-01-15", criteria=("three routes",))
            )

    async def post(
        self, body: str, *, content_type: str, headers: dict[str, str] | None = None
    ) -> ClientResponse:
        sent = {
            "Content-Type": content_type,
            **(headers if headers is not None else signed_headers(body)),
        }
        return await self.client.post("/slack/events", data=body.encode(), headers=sent)

    async def slash(
        self, text: str, *, command: str = "/signoff", user: str = PM, **fields: str
    ) -> ClientResponse:
        body = slash_body(
            text=text, command=command, user_id=user, response_url=self.fake.hook_url(), **fields
        )
        response = await self.post(body, content_type="application/x-www-form-urlencoded")
        if response.status == 200 and response.content_type == "application/json":
            # The answer Slack shows the caller, as a post to the response_url would be.
            self.fake.hooks.append(Call(method="ack", args=await response.json()))
        return response

    async def interact(self, payload: dict[str, Any]) -> ClientResponse:
        return await self.post(
            interactive_body(payload), content_type="application/x-www-form-urlencoded"
        )

    async def click(
        self, button: dict[str, Any], *, user: str = PM, message_ts: str = "111.222"
    ) -> ClientResponse:
        payload = copy.deepcopy(inbound("block_actions.payload.json"))
        payload["user"].update(id=user, username=user.lower(), name=user.lower())
        payload["container"].update(is_ephemeral=False, message_ts=message_ts)
        payload["response_url"] = self.fake.hook_url("actions/T111/111/random-value")
        action = payload["actions"][0]
        action.update(action_id=button["action_id"], block_id="card_actions", value=button["value"])
        action["text"]["text"] = button["text"]["text"]
        return await self.interact(payload)

    async def submit(
        self, view: dict[str, Any], values: dict[str, str], *, user: str = PM
    ) -> ClientResponse:
        payload = copy.deepcopy(inbound("view_submission.payload.json"))
        payload["user"].update(id=user, username=user.lower(), name=user.lower())
        state: dict[str, Any] = {}
        for name, value in values.items():
            kind = next(b["element"]["type"] for b in view["blocks"] if b["block_id"] == name)
            answer = (
                {"type": kind, "selected_option": {"value": value}}
                if kind == "static_select"
                else {"type": kind, "value": value}
            )
            state[name] = {"value": answer}
        payload["view"].update(
            callback_id=view["callback_id"],
            private_metadata=view["private_metadata"],
            blocks=view["blocks"],
            state={"values": state},
        )
        return await self.interact(payload)

    async def event(
        self, payload: dict[str, Any], headers: dict[str, str] | None = None
    ) -> ClientResponse:
        body = json.dumps(payload)
        return await self.post(
            body,
            content_type="application/json",
            headers={**signed_headers(body), **(headers or {})},
        )

    def buttons(self, call_args: dict[str, Any]) -> list[dict[str, Any]]:
        return [
            e
            for b in call_args.get("blocks") or []
            if b["type"] == "actions"
            for e in b["elements"]
        ]


def slack_settings(database_url: str, fake: FakeSlack, **slack: str) -> Any:
    block = {
        "bot_token": "xoxb-not-a-real-token",
        "signing_secret": SECRET,
        "api_url": fake.api_url,
        **slack,
    }
    return settings_from_mapping({"database": {"url": database_url}, "slack": block})


@asynccontextmanager
async def serving(
    runtime: Runtime, fake: FakeSlack, *, answer_deadline: float = LOADED_MACHINE_DEADLINE
) -> AsyncIterator[Harness]:
    """Signoff's aiohttp app with the Slack adapter installed, on a loopback port. A command's
    work may take `answer_deadline` seconds before its answer (pass ANSWER_DEADLINE, Slack's
    real one, where the deadline itself is tested)."""
    adapter = build_slack(runtime)
    adapter.runner.answer_deadline = answer_deadline
    app = make_app(runtime, [lambda app, _runtime: adapter.install(app)])
    try:
        async with TestClient(TestServer(app, host="127.0.0.1")) as client:
            yield Harness(client=client, fake=fake, runtime=runtime, adapter=adapter)
    finally:
        await adapter.aclose()


class GatedUnitOfWork:
    """A unit of work that does not start until the test opens the gate: a stuck database."""

    def __init__(self, inner: Any, gate: asyncio.Event) -> None:
        self._inner, self._gate = inner, gate

    async def __aenter__(self) -> Any:
        await self._gate.wait()
        return await self._inner.__aenter__()

    async def __aexit__(self, *exc: object) -> None:
        await self._inner.__aexit__(*exc)


def stuck(runtime: Runtime, gate: asyncio.Event) -> Runtime:
    """The same runtime, with every unit of work waiting for `gate`."""
    real = runtime.services.uow
    gated = replace(runtime.services, uow=lambda: GatedUnitOfWork(real(), gate))
    return replace(runtime, services=gated)
