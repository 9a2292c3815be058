"""A fake Bot Connector on a loopback port: records what the bot sends, answers like Teams
(ResourceResponse ids, as in the recorded fixtures) and can be told to fail."""

from __future__ import annotations

import asyncio
import itertools
import json
import time
import urllib.parse
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer


@dataclass(frozen=True, kw_only=True)
class Call:
    method: str
    conversation: str  # decoded conversation id
    activity_id: str  # "" for a new post; the replied-to or updated id otherwise
    body: dict[str, Any]
    at: float
    path: str = ""  # the request's path, which begins with the serviceUrl's
    authorization: str = ""  # the Authorization header the bot sent, "" without one

    @property
    def card(self) -> dict[str, Any] | None:
        for attachment in self.body.get("attachments") or []:
            if attachment.get("contentType") == "application/vnd.microsoft.card.adaptive":
                return attachment["content"]
        return None

    @property
    def text(self) -> str:
        card = self.card
        return (card or {}).get("fallbackText") or self.body.get("text") or ""


@dataclass
class FakeConnector:
    """Start with `async with FakeConnector() as teams:`; `teams.url` is the serviceUrl."""

    calls: list[Call] = field(default_factory=list)
    failures: list[tuple[int, dict[str, str], dict[str, Any]]] = field(default_factory=list)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    # Files a person shared in a personal chat, served as OneDrive serves a download link:
    # the link's own query authorizes the read. What each read sent is kept.
    files: dict[str, bytes] = field(default_factory=dict)
    file_reads: list[dict[str, str]] = field(default_factory=list)
    team_group: str = "fbe2bf47-16c8-47cf-b4a5-4b9b187c508b"  # the team's Microsoft 365 group
    # Each conversation's members (TeamsChannelAccount objects), served by GET pagedmembers a
    # page of `roster_page` at a time, with a continuationToken to the next.
    rosters: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    roster_page: int = 100
    _server: TestServer | None = None

    def fail_next(self, status: int, *, retry_after: str | None = None, code: str = "") -> None:
        headers = {"Retry-After": retry_after} if retry_after is not None else {}
        body = {"error": {"code": code or "ServiceError", "message": f"fake {status}"}}
        self.failures.append((status, headers, body))

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.port}/amer/tenant/"

    def url_for(self, tenant: str) -> str:
        """A serviceUrl of its own for a tenant, as Teams gives each (…/amer/<tenant id>/)."""
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.port}/amer/{tenant}/"

    async def __aenter__(self) -> FakeConnector:
        app = web.Application()
        app.router.add_get("/download/{name}", self._download)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._server = TestServer(app, host="127.0.0.1")
        await self._server.start_server()
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        await self._server.close()

    def download_url(self, name: str) -> str:
        """A pre-authenticated download link to a file, as OneDrive and SharePoint give."""
        assert self._server is not None
        base = f"http://127.0.0.1:{self._server.port}"
        return f"{base}/download/{urllib.parse.quote(name)}?tempauth=v1.abc"

    def share_file(self, name: str, data: bytes) -> dict[str, Any]:
        """A file attachment as Teams gives it to a bot in a personal chat."""
        self.files[name] = data
        return {
            "contentType": "application/vnd.microsoft.teams.file.download.info",
            "contentUrl": f"https://contoso-my.sharepoint.com/personal/paula/Documents/{name}",
            "name": name,
            "content": {
                "downloadUrl": self.download_url(name),
                "uniqueId": "1150D938-8870-4044-9F2C-5BBDEBA70C9D",
                "fileType": name.rsplit(".", 1)[-1],
            },
        }

    async def _download(self, request: web.Request) -> web.StreamResponse:
        self.file_reads.append(dict(request.headers))
        data = self.files.get(request.match_info["name"])
        if data is None or request.query.get("tempauth") != "v1.abc":
            return web.Response(status=404)
        return web.Response(body=data, content_type="application/octet-stream")

    async def _handle(self, request: web.Request) -> web.Response:
        parts = request.raw_path.split("?")[0].split("/v3/conversations/", 1)[-1].split("/")
        conversation = urllib.parse.unquote(parts[0])
        activity_id = urllib.parse.unquote(parts[2]) if len(parts) > 2 else ""
        body = json.loads(await request.text() or "{}")
        self.calls.append(
            Call(
                method=request.method,
                conversation=conversation,
                activity_id=activity_id,
                body=body,
                at=time.monotonic(),
                path=request.path,
                authorization=request.headers.get("Authorization", ""),
            )
        )
        if request.method == "GET" and "/v3/teams/" in request.path:  # a team's details
            team = urllib.parse.unquote(request.path.rsplit("/", 1)[-1])
            return web.json_response({"id": team, "name": "Acme", "aadGroupId": self.team_group})
        if request.method == "GET" and request.path.endswith("/pagedmembers"):
            return web.json_response(self._paged(conversation, request.query))
        if self.failures:
            status, headers, error = self.failures.pop(0)
            return web.json_response(error, status=status, headers=headers)
        if request.method == "PUT":
            return web.json_response({"id": activity_id})
        return web.json_response({"id": f"1:{next(self._ids)}"})

    def _paged(self, conversation: str, query: Any) -> dict[str, Any]:
        """GET /v3/conversations/{id}/pagedmembers as the Bot Connector answers it: `members`,
        and `continuationToken` only while more remain (an opaque string to Signoff)."""
        members = self.rosters.get(conversation, [])
        start = int(query.get("continuationToken", "0").removeprefix("ct-") or 0)
        size = min(int(query.get("pageSize", "100")), self.roster_page)
        page: dict[str, Any] = {"members": members[start : start + size]}
        if start + size < len(members):
            page["continuationToken"] = f"ct-{start + size}"
        return page

    def posts(self) -> list[Call]:
        return [c for c in self.calls if c.method == "POST"]

    def updates(self) -> list[Call]:
        return [c for c in self.calls if c.method == "PUT"]

    async def wait_for(self, check: Callable[[], Any], *, within: float = 10.0) -> Any:
        """Poll until `check()` is truthy (returning it), failing after `within` seconds."""
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            if found := check():
                return found
            await asyncio.sleep(0.01)
        raise AssertionError(f"timed out; the bot sent: {[c.text for c in self.calls]}")

    async def wait_for_async(
        self, check: Callable[[], Awaitable[Any]], *, within: float = 10.0
    ) -> Any:
        """`wait_for` with an async `check` (one that reads the database)."""
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            if found := await check():
                return found
            await asyncio.sleep(0.02)
        raise AssertionError("timed out")
