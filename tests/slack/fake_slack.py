"""A fake Slack on loopback (Web API, response_url, Socket Mode) that records calls and can fail."""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import WSMsgType, web
from aiohttp.test_utils import TestServer

from adapters.slack.manifest import scopes as manifest_scopes

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "protocol"
WEB_API = FIXTURES / "slack_web_api"
ANSWERS = {
    "auth.test": "auth.test.ok.json",
    "chat.postMessage": "chat.postMessage.ok.json",
    "chat.postEphemeral": "chat.postEphemeral.ok.json",
    "chat.update": "chat.update.ok.json",
    "views.open": "views.open.ok.json",
    "views.publish": "views.publish.ok.json",
    "views.update": "views.update.ok.json",
    "users.info": "users.info.ok.json",
}
# The files upload v2 flow (files.getUploadURLExternal, then files.completeUploadExternal).
UPLOADS = ("files.getUploadURLExternal", "files.completeUploadExternal")
# No fixture holds chat.getPermalink; this is the example answer on its docs page.
PERMALINK = {
    "ok": True,
    "channel": "C1H9RESGA",
    "permalink": "https://ghostbusters.slack.com/archives/C1H9RESGA/p135854651500008",
}

# No fixture holds a missing_scope answer either; this is the shape Slack's docs give it.
MISSING_SCOPE = {
    "ok": False,
    "error": "missing_scope",
    "needed": "channels:history",
    "provided": "chat:write,commands,users:read",
}


# Answered from the fake's own channels and users (see FakeSlack._directory).
DIRECTORY = ("conversations.list", "users.list", "users.lookupByEmail")
# users.lookupByEmail's answer for an email nobody in the workspace has, as Slack's docs give it.
USERS_NOT_FOUND = {"ok": False, "error": "users_not_found"}


def fixture(name: str) -> dict[str, Any]:
    if name == "missing_scope":
        return dict(MISSING_SCOPE)
    return json.loads((WEB_API / name).read_text())


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    at: float = field(default_factory=time.monotonic)
    token: str = ""  # the token the call came with (its Authorization header, else its args)


# oauth.v2.access's answer for an install, shaped as the example on Slack's docs page for the
# method (api.slack.com/methods/oauth.v2.access), one per code the tests send through the
# redirect: two workspaces outside Enterprise Grid, and an org-wide install of a Grid org.
INSTALLS: dict[str, dict[str, Any]] = {
    code: {
        "ok": True,
        "access_token": f"xoxb-{team[1:]}-19874698323-pdFZKVeTuE8sk7oOcBrzbq{team[-2:]}",
        "token_type": "bot",
        "scope": "commands,chat:write",
        "bot_user_id": f"U0KRQLJ{team[-2:]}",
        "app_id": "A0KRD7HC3",
        "team": None if org_wide else {"name": f"Studio {team}", "id": team},
        "enterprise": {"name": "Grid Org", "id": "E12345678"} if org_wide else None,
        "is_enterprise_install": org_wide,
        "authed_user": {"id": f"U1234{team[-2:]}"},
    }
    for code, team, org_wide in (
        ("code-a", "T111", False),
        ("code-b", "T222", False),
        ("code-grid", "E12345678", True),
    )
}
# The bot token each installed workspace's files are served to.
BOT_TOKENS = {a["team"]["id"]: a["access_token"] for a in INSTALLS.values() if a["team"]}
# The app uninstalled from T111 and installed there again: Slack issues a new bot token (kept
# out of BOT_TOKENS, which names each workspace's first install).
INSTALLS["code-a-again"] = {**INSTALLS["code-a"],
                            "access_token": "xoxb-111-19874698323-ReinstalledTokenA1"}  # fmt: skip


class FakeSlack:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.hooks: list[Call] = []  # posts to response_url
        self._scripted: dict[str, list[web.Response | Callable[[], web.Response]]] = {}
        self._ts = itertools.count(1)
        self.history: dict[str, list[dict[str, Any]]] = {}  # channel -> its messages, oldest first
        self.socket_acks: list[dict[str, Any]] = []
        self._sockets: list[web.WebSocketResponse] = []
        self.socket_open = asyncio.Event()
        app = web.Application(middlewares=[self._scopes_header])
        app.router.add_post("/api/{method}", self._api)
        app.router.add_get("/api/{method}", self._api)  # slack_sdk GETs a few, e.g. users.info
        app.router.add_post("/hooks/{path:.*}", self._hook)
        app.router.add_get("/socket", self._socket)
        app.router.add_get("/files/{id}/{name}", self._file)
        app.router.add_post("/upload/v1/{id}", self._upload)
        self.uploads: dict[str, bytes] = {}  # file id -> the bytes posted to its upload URL
        self.files: dict[str, bytes] = {}  # file id -> its bytes, as files.slack.com serves them
        self.file_reads: list[str] = []  # the Authorization each read of a file came with
        self.file_teams: dict[str, str] = {}  # file id -> the workspace it was shared in
        self.reads_of: dict[str, list[str]] = {}  # file id -> the Authorization of each read
        self.server = TestServer(app, host="127.0.0.1")
        # The workspace's channels and people, as conversations.list, users.list and
        # users.lookupByEmail show them (Slack's objects, trimmed to the fields read).
        self.channels: list[dict[str, Any]] = []
        self.users: list[dict[str, Any]] = []
        self.page_size = 100  # Slack may answer fewer than `limit`; a test makes pages small
        # What every Web API answer says the token carries (x-oauth-scopes): the manifest's
        # scopes unless a test takes some away.
        self.scopes: list[str] = manifest_scopes()
        # Tokens Slack no longer honours (the app uninstalled): any call with one is refused.
        self.revoked: set[str] = set()
        # The workspaces an org-wide install's token is granted in, as auth.teams.list lists
        # them: token -> [{"id": "T…", "name": "…"}].
        self.granted: dict[str, list[dict[str, Any]]] = {}

    async def __aenter__(self) -> FakeSlack:
        await self.server.start_server()
        return self

    async def __aexit__(self, *exc: object) -> None:
        for ws in self._sockets:
            await ws.close()
        await self.server.close()

    @property
    def api_url(self) -> str:
        return str(self.server.make_url("/api/"))

    def hook_url(self, path: str = "commands/T111/111/xxxxx") -> str:
        return str(self.server.make_url(f"/hooks/{path}"))

    # Files -------------------------------------------------------------------------------
    def share_file(
        self, name: str, data: bytes, *, mimetype: str = "application/pdf", team: str = ""
    ) -> dict:
        """A file shared in a message, as Slack's file object describes it (its private links
        served here, to the bot token alone: with `team`, to that workspace's installed bot,
        as INSTALLS gives its token)."""
        file_id = f"F{len(self.files) + 1:08d}"
        self.files[file_id] = data
        if team:
            self.file_teams[file_id] = team
        private = str(self.server.make_url(f"/files/{file_id}/{name}"))
        return {
            "id": file_id, "name": name, "title": name, "mimetype": mimetype,
            "filetype": name.rsplit(".", 1)[-1], "size": len(data), "mode": "hosted",
            "url_private": private, "url_private_download": f"{private}?download=1",
            "permalink": f"https://acme.slack.com/files/W111/{file_id}/{name}",
        }  # fmt: skip

    async def _file(self, request: web.Request) -> web.StreamResponse:
        auth = request.headers.get("Authorization", "")
        self.file_reads.append(auth)
        self.reads_of.setdefault(request.match_info["id"], []).append(auth)
        data = self.files.get(request.match_info["id"])
        if data is None:
            return web.Response(status=404)
        team = self.file_teams.get(request.match_info["id"], "")
        if auth != f"Bearer {BOT_TOKENS.get(team, 'xoxb-not-a-real-token')}":
            # Another workspace's token, or none: Slack's sign-in page, with a 200.
            return web.Response(text="<html>Sign in to Slack</html>", content_type="text/html")
        return web.Response(body=data, content_type="application/octet-stream")

    # Scripting ---------------------------------------------------------------------------
    def answer_error(self, method: str, name: str, *, times: int = 1) -> None:
        """Answer the next `times` calls of `method` with the error fixture `name`."""
        body = json.dumps(fixture(name))
        for _ in range(times):
            self._script(method, lambda: web.Response(text=body, content_type="application/json"))

    def answer_rate_limited(self, method: str) -> None:
        raw = fixture("ratelimited_429.http.json")
        headers = {"Retry-After": raw["headers"]["retry-after"]}
        self._script(
            method,
            lambda: web.Response(
                status=raw["status"],
                text=raw["body"],
                headers=headers,
                content_type="application/json",
            ),
        )

    def answer_status(self, method: str, status: int) -> None:
        """Answer the next call of `method` with a bare HTTP error, e.g. 503 from a proxy."""
        self._script(method, lambda: web.Response(status=status, text="upstream unavailable"))

    def _script(self, method: str, answer: Callable[[], web.Response]) -> None:
        self._scripted.setdefault(method, []).append(answer)

    # Reading -----------------------------------------------------------------------------
    def called(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    async def wait_for(self, predicate: Callable[[], Any], *, within: float = 10.0) -> Any:
        """Poll until `predicate()` is truthy (returning it), failing after `within` seconds."""
        deadline = time.monotonic() + within
        while True:
            value = predicate()
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out; calls so far: {[c.method for c in self.calls]}")
            await asyncio.sleep(0.01)

    async def wait_call(self, method: str, count: int = 1, **match: Any) -> list[Call]:
        def found() -> list[Call]:
            hits = [
                c for c in self.called(method) if all(c.args.get(k) == v for k, v in match.items())
            ]
            return hits if len(hits) >= count else []

        return await self.wait_for(found)

    def shown_in_ack(self, hook: str, body: bytes) -> None:
        """Keep a slash command's answer (its ack body) among the posts to its response_url
        `hook`: the caller sees both alike."""
        if body.strip():
            self.hooks.append(Call(method=hook.split("/hooks/", 1)[-1], args=json.loads(body)))

    async def wait_hook(self, count: int = 1) -> list[Call]:
        return await self.wait_for(lambda: self.hooks if len(self.hooks) >= count else [])

    # Socket Mode -------------------------------------------------------------------------
    async def send_envelope(self, envelope: dict[str, Any]) -> None:
        await self.socket_open.wait()
        await self._sockets[-1].send_str(json.dumps(envelope))

    # Handlers ----------------------------------------------------------------------------
    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args = await _args(request)
        bearer = request.headers.get("Authorization", "").removeprefix("Bearer ")
        self.calls.append(Call(method=method, args=args, token=args.get("token") or bearer))
        scripted = self._scripted.get(method)
        if scripted:
            return scripted.pop(0)()
        if self.calls[-1].token in self.revoked:
            return web.json_response({"ok": False, "error": "token_revoked"})
        if method == "auth.teams.list":
            return web.json_response(self._teams(self.calls[-1]))
        if method == "apps.connections.open":
            return web.json_response(
                {"ok": True, "url": str(self.server.make_url("/socket")).replace("http", "ws", 1)}
            )
        if method == "oauth.v2.access":
            answer = INSTALLS.get(str(self.calls[-1].args.get("code")))
            return web.json_response(answer or {"ok": False, "error": "invalid_code"})
        if method == "chat.getPermalink":
            return web.json_response(PERMALINK)
        if method == "conversations.history":
            return web.json_response(self._history(self.calls[-1].args))
        if method == "conversations.info":
            return web.json_response(self._conversation(self.calls[-1].args))
        if method in DIRECTORY:
            return web.json_response(self._directory(method, self.calls[-1].args))
        if method in UPLOADS:
            return web.json_response(self._files_v2(method, self.calls[-1].args))
        if method not in ANSWERS:
            return web.json_response({"ok": False, "error": "unknown_method"})
        answer = fixture(ANSWERS[method])
        if method in ("chat.postMessage", "chat.update"):
            # Slack names the channel and the message posted; later calls use them.
            answer["channel"] = self.calls[-1].args.get("channel", answer.get("channel"))
            answer["ts"] = self.calls[-1].args.get("ts") or f"1700000000.{next(self._ts):06d}"
            if method == "chat.postMessage":
                self.keep(answer["channel"], self.calls[-1].args, answer["ts"])
        return web.json_response(answer)

    def keep(self, channel: str, args: dict[str, Any], ts: str) -> None:
        """A message now in the channel, as conversations.history will show it."""
        message = {"type": "message", "user": "W23456789", "bot_id": "B0BOTBOT1",
                   "text": args.get("text", ""), "ts": ts}  # fmt: skip
        if isinstance(args.get("metadata"), dict):
            message["metadata"] = args["metadata"]
        self.history.setdefault(channel, []).append(message)

    def _history(self, args: dict[str, Any]) -> dict[str, Any]:
        """conversations.history as Slack answers it: newest first, metadata only when asked
        for, one page of `limit` with a cursor to the next. (This fake's ts are counters, not
        times, so `oldest` keeps everything: every message here is recent.)"""
        found = list(reversed(self.history.get(args["channel"], [])))
        if str(args.get("include_all_metadata")).lower() not in ("1", "true"):
            found = [{k: v for k, v in m.items() if k != "metadata"} for m in found]
        start, limit = int(args.get("cursor") or 0), int(args.get("limit") or 100)
        page = found[start : start + limit]
        more = start + limit < len(found)
        cursor = str(start + limit) if more else ""
        return {"ok": True, "messages": page, "has_more": more, "pin_count": 0,
                "response_metadata": {"next_cursor": cursor}}  # fmt: skip

    def _directory(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        """conversations.list / users.list a page at a time with Slack's cursor (an opaque
        string; "" on the last page), users.lookupByEmail one person or users_not_found."""
        if method == "users.lookupByEmail":
            email = args.get("email")
            found = [u for u in self.users if (u.get("profile") or {}).get("email") == email]
            return {"ok": True, "user": found[0]} if found else dict(USERS_NOT_FOUND)
        items = self.channels if method == "conversations.list" else self.users
        if method == "conversations.list":
            types = str(args.get("types") or "public_channel").split(",")
            kinds = {c["id"]: "private_channel" if c.get("is_private") else "public_channel"
                     for c in items}  # fmt: skip
            items = [c for c in items if kinds[c["id"]] in types]
        start = _offset(args)
        size = min(int(args.get("limit") or 100), self.page_size)
        page = items[start : start + size]
        cursor = _cursor(start + size) if start + size < len(items) else ""
        key = "channels" if method == "conversations.list" else "members"
        return {"ok": True, key: page, "response_metadata": {"next_cursor": cursor}}

    def _teams(self, call: Call) -> dict[str, Any]:
        """auth.teams.list: the workspaces the calling org-wide token is granted in, a page at
        a time with Slack's cursor, as its docs page shows the answer."""
        teams = self.granted.get(call.token, [])
        start = _offset(call.args)
        size = min(int(call.args.get("limit") or 100), self.page_size)
        cursor = _cursor(start + size) if start + size < len(teams) else ""
        return {"ok": True, "teams": teams[start : start + size],
                "response_metadata": {"next_cursor": cursor}}  # fmt: skip

    def _conversation(self, args: dict[str, Any]) -> dict[str, Any]:
        """conversations.info for one of the fake's `channels` (the fixture's channel, with the
        fields the test gave: is_member, is_archived …), else channel_not_found, as Slack
        answers for a channel that does not exist or that a private one hides from the bot."""
        found = [c for c in self.channels if c.get("id") == args.get("channel")]
        if not found:
            return fixture("error.channel_not_found.json")
        answer = fixture("conversations.info.ok.json")
        answer["channel"].update(found[0])
        return answer

    @web.middleware
    async def _scopes_header(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        """Slack says a token's scopes in the x-oauth-scopes header of every Web API answer."""
        response = await handler(request)
        if request.path.startswith("/api/"):
            response.headers["x-oauth-scopes"] = ",".join(self.scopes)
        return response

    def _files_v2(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        """The files upload v2 flow's two API calls, answered as Slack's docs show them: a
        file id with the URL to post its bytes to, then the files shared once complete."""
        if method == "files.getUploadURLExternal":
            file_id = f"F0UPLOAD{len(self.called(method)):04d}"
            url = str(self.server.make_url(f"/upload/v1/{file_id}"))
            return {"ok": True, "upload_url": url, "file_id": file_id}
        files = args.get("files")
        shared = json.loads(files) if isinstance(files, str) else files or []
        missing = [f["id"] for f in shared if f["id"] not in self.uploads]
        if missing:  # completing an upload whose bytes never arrived
            return {"ok": False, "error": "file_upload_incomplete"}
        return {"ok": True, "files": [{"id": f["id"], "title": f.get("title", "")} for f in shared]}

    async def _upload(self, request: web.Request) -> web.Response:
        self.uploads[request.match_info["id"]] = await request.read()
        return web.Response(text=f"OK - {len(self.uploads[request.match_info['id']])}")

    async def _hook(self, request: web.Request) -> web.Response:
        self.hooks.append(Call(method=request.match_info["path"], args=await request.json()))
        return web.Response(text="ok")

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._sockets.append(ws)
        await ws.send_str(json.dumps({"type": "hello", "num_connections": 1}))
        self.socket_open.set()
        async for message in ws:
            if message.type == WSMsgType.TEXT:
                self.socket_acks.append(json.loads(message.data))
        return ws


def _cursor(offset: int) -> str:
    """Slack's cursors are base64 of a position ("dXNlcjpVMDYxTkZUVDI=" is "user:U061NFTT2")."""
    return base64.b64encode(f"offset:{offset}".encode()).decode()


def _offset(args: dict[str, Any]) -> int:
    cursor = str(args.get("cursor") or "")
    return int(base64.b64decode(cursor).decode().removeprefix("offset:")) if cursor else 0


async def _args(request: web.Request) -> dict[str, Any]:
    if request.method == "GET":
        return dict(request.query)
    raw = await request.text()
    if request.content_type == "application/json":
        return json.loads(raw or "{}")
    # slack_sdk sends some methods' arguments in the query string of a POST (the upload v2
    # flow's files.getUploadURLExternal and files.completeUploadExternal): they count too.
    args: dict[str, Any] = {**dict(request.query), **dict(parse_qsl(raw))}
    for key in ("blocks", "view"):
        if isinstance(args.get(key), str):
            args[key] = json.loads(args[key])
    return args
