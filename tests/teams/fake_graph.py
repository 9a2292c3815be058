"""A fake Microsoft identity platform and Microsoft Graph on one loopback port: the app's
client-credential tokens, the channel messages Graph keeps (the docs' reply, given the files a
test shares) and a file's bytes by share id, answered as Graph does with a redirect to a
pre-authenticated download link, served by the fake Bot Connector (another origin)."""

from __future__ import annotations

import base64
import copy
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer

from tests.teams.fake_connector import FakeConnector

GRAPH_FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "protocol" / "graph"
REPLY = GRAPH_FIXTURES / "chatmessage_channel_reply.docs.json"
GROUP = "fbe2bf47-16c8-47cf-b4a5-4b9b187c508b"  # the team's Microsoft 365 group id
# The client-credentials answer of the identity platform (its docs' example, token shortened).
TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiIsIng1dCI6Ik1uQ19WWmNB.fake"
APP = ("00000000-0000-0000-0000-0000000000a1", "graph-secret")


@dataclass
class FakeGraph:
    """Start with `async with FakeGraph(connector) as graph:`; `graph.url` is both the login
    and (with /v1.0) the Graph address."""

    downloads: FakeConnector
    messages: dict[str, dict[str, Any]] = field(default_factory=dict)  # by Graph path
    shared: dict[str, str] = field(default_factory=dict)  # SharePoint link: file name
    token_requests: list[dict[str, str]] = field(default_factory=list)
    token_paths: list[str] = field(default_factory=list)  # which tenant each one asked
    reads: list[tuple[str, str]] = field(default_factory=list)  # (path, Authorization)
    down: bool = False
    _server: TestServer | None = None

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.port}"

    async def __aenter__(self) -> FakeGraph:
        app = web.Application()
        app.router.add_post("/{tenant}/oauth2/v2.0/token", self._token)
        app.router.add_get("/v1.0/{tail:.*}", self._graph)
        self._server = TestServer(app, host="127.0.0.1")
        await self._server.start_server()
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        await self._server.close()

    def share_in_channel(self, activity: dict[str, Any], name: str, data: bytes) -> str:
        """`name` attached to the channel message `activity` is, as Teams does it: the
        activity's HTML marks it; Graph lists it; its bytes are behind its SharePoint link.
        Returns the link."""
        link = f"https://contoso.sharepoint.com/sites/Acme/Shared%20Documents/General/{name}"
        attachment_id = f"5e32f195-168a-474f-a273-{len(self.shared):012d}"
        activity["attachments"] = [{
            "contentType": "text/html",
            "content": f'<div>{activity["text"]}<attachment id="{attachment_id}"></attachment>'
                       "</div>",
        }]  # fmt: skip
        channel = activity["channelData"]["channel"]["id"]
        root = activity["conversation"]["id"].split(";messageid=")[1]
        path = f"/v1.0/teams/{GROUP}/channels/{channel}/messages/{root}/replies/{activity['id']}"
        message = self.messages.setdefault(path, json.loads(REPLY.read_text(encoding="utf-8")))
        message = copy.deepcopy(message)
        message.update(id=activity["id"], replyToId=root)
        message["attachments"].append({"id": attachment_id, "contentType": "reference",
                                       "contentUrl": link, "content": None, "name": name,
                                       "thumbnailUrl": None})  # fmt: skip
        self.messages[path] = message
        self.shared[link] = name
        self.downloads.files[name] = data
        return link

    async def _token(self, request: web.Request) -> web.Response:
        form = dict(await request.post())
        self.token_requests.append({k: str(v) for k, v in form.items()})
        self.token_paths.append(request.path)
        if self.down:
            return web.json_response({"error": "temporarily_unavailable"}, status=503)
        if (form.get("client_id"), form.get("client_secret")) != APP:
            return web.json_response({"error": "invalid_client"}, status=401)
        return web.json_response(
            {"token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599,
             "access_token": TOKEN}
        )  # fmt: skip

    async def _graph(self, request: web.Request) -> web.StreamResponse:
        self.reads.append((request.path, request.headers.get("Authorization", "")))
        if self.down:
            return web.json_response({"error": {"code": "ServiceNotAvailable"}}, status=503)
        if request.headers.get("Authorization") != f"Bearer {TOKEN}":
            return web.json_response({"error": {"code": "InvalidAuthenticationToken"}}, status=401)
        if request.path in self.messages:
            return web.json_response(self.messages[request.path])
        share = request.path.removeprefix("/v1.0/shares/").removesuffix("/driveItem/content")
        if share.startswith("u!"):
            encoded = share[2:] + "=" * (-len(share[2:]) % 4)
            name = self.shared.get(base64.urlsafe_b64decode(encoded).decode())
            if name is not None:
                raise web.HTTPFound(self.downloads.download_url(name))
        return web.json_response({"error": {"code": "itemNotFound"}}, status=404)
