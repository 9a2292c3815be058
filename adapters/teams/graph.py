"""The files of a Teams channel message, through Microsoft Graph.

Teams hands a bot no file shared in a channel: the message's HTML only marks them
(`<attachment id="…">`). With `teams.graph_files` on, Signoff asks Graph for the message (the
ChannelMessage.Read.Group permission the app package asks each team for) and finds each file's
name and SharePoint link among its `reference` attachments; afterwards it reads each file's
bytes through Graph's shares API (Files.Read.All, an application permission an administrator
grants) for its SHA-256. Graph answers the read with a redirect to a pre-authenticated download
link, which aiohttp follows without the token (it drops Authorization on another origin).

Tokens are the app's own, per tenant (OAuth 2.0 client credentials at the Microsoft identity
platform), kept until shortly before they expire. msal would make the same one request, but
synchronously, on the event loop.
"""

from __future__ import annotations

import asyncio
import base64
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any
from urllib.parse import quote, urlsplit

import aiohttp

from adapters.fingerprints import download
from adapters.teams import translate
from bot.deliverables import MAX_NAME
from bot.model import Deliverable, DeliverableKind

logger = logging.getLogger(__name__)

SOURCE = "graph"
GRAPH_URL = "https://graph.microsoft.com/v1.0"
LOGIN_URL = "https://login.microsoftonline.com"
SCOPE = "https://graph.microsoft.com/.default"
EARLY = 120.0  # seconds before a token's expiry when it is fetched again


class GraphUnavailable(Exception):
    """Graph (or the sign-in in front of it) did not answer as needed: no token, no access to
    the message, a failure or a malformed answer."""


class GraphFiles:
    def __init__(
        self,
        *,
        app_id: str,
        app_password: str,
        session: Callable[[], aiohttp.ClientSession | None],
        graph_url: str = GRAPH_URL,
        login_url: str = LOGIN_URL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._app_id, self._password, self._session = app_id, app_password, session
        self._graph, self._login = graph_url.rstrip("/"), login_url.rstrip("/")
        self._clock = clock
        self._tokens: dict[str, tuple[str, float]] = {}  # tenant: (token, good until)
        self._fetching = asyncio.Lock()

    def _http(self) -> aiohttp.ClientSession:
        session = self._session()
        if session is None:
            raise GraphUnavailable("the Teams adapter is not running")
        return session

    async def _token(self, tenant: str) -> str:
        async with self._fetching:  # one sign-in per tenant, not one per waiting read
            kept = self._tokens.get(tenant)
            if kept is not None and kept[1] > self._clock():
                return kept[0]
            form = {"client_id": self._app_id, "client_secret": self._password,
                    "scope": SCOPE, "grant_type": "client_credentials"}  # fmt: skip
            url = f"{self._login}/{quote(tenant, safe='')}/oauth2/v2.0/token"
            async with self._http().post(url, data=form) as response:
                answer = await response.json(content_type=None)
            token = answer.get("access_token") if isinstance(answer, dict) else None
            if response.status != 200 or not isinstance(token, str):
                error = answer.get("error") if isinstance(answer, dict) else response.status
                raise GraphUnavailable(f"no Graph token for the tenant: {error}")
            lifetime = answer.get("expires_in")
            lifetime = lifetime if isinstance(lifetime, int) else 3599
            self._tokens[tenant] = (token, self._clock() + max(lifetime - EARLY, 0))
            return token

    async def message_files(
        self, activity: dict[str, Any], team_group: Callable[[], Awaitable[str]]
    ) -> tuple[Deliverable, ...]:
        """The files of the channel message `activity` is, as Graph lists them. Graph knows a
        team by its Microsoft 365 group id, which a message's activity does not carry (an
        install's does): `team_group` asks the Bot Connector for it."""
        data = activity.get("channelData")
        team = (data.get("team") or {}) if isinstance(data, dict) else {}
        group = team.get("aadGroupId") if isinstance(team, dict) else None
        path = message_path(activity, group if isinstance(group, str) and group else "")
        if path is None:
            if not team:
                return ()  # not a team's channel
            path = message_path(activity, await team_group())
            if path is None:
                return ()
        tenant = translate.tenant_of(activity)
        headers = {"Authorization": f"Bearer {await self._token(tenant)}"}
        async with self._http().get(f"{self._graph}{path}", headers=headers) as response:
            if response.status != 200:
                raise GraphUnavailable(f"Graph answered {response.status} for the message")
            message = await response.json(content_type=None)
        attachments = message.get("attachments") if isinstance(message, dict) else None
        found = []
        for attachment in attachments if isinstance(attachments, list) else ():
            if not isinstance(attachment, dict) or attachment.get("contentType") != "reference":
                continue
            url = attachment.get("contentUrl")
            if not isinstance(url, str) or urlsplit(url).scheme != "https":
                continue
            name = attachment.get("name")
            found.append(
                Deliverable(
                    name=(name if isinstance(name, str) and name else url.rsplit("/", 1)[-1])[
                        :MAX_NAME
                    ],
                    url=url,
                    kind=DeliverableKind.FILE,
                    source=f"{SOURCE}:{tenant}|{url}",
                )
            )
        return tuple(found)

    async def chunks(self, location: str) -> AsyncIterator[bytes]:
        """adapters.fingerprints.FileReader: a file's bytes by its SharePoint link."""
        tenant, _, url = location.partition("|")
        headers = {"Authorization": f"Bearer {await self._token(tenant)}"}
        async for chunk in download(self._http(), self.content_url(url), headers=headers):
            yield chunk

    def content_url(self, sharepoint_url: str) -> str:
        """Graph's address of a file's bytes by its link: the link encoded as a share id."""
        encoded = base64.urlsafe_b64encode(sharepoint_url.encode()).decode().rstrip("=")
        return f"{self._graph}/shares/u!{encoded}/driveItem/content"


def message_path(activity: dict[str, Any], group: str) -> str | None:
    """Graph's path to the channel message an activity is (a reply in a thread, or the
    thread's first message) in the team with Microsoft 365 group id `group`; None when a part
    is missing."""
    data = activity.get("channelData")
    channel = (data.get("channel") or {}).get("id") if isinstance(data, dict) else None
    message = activity.get("id")
    if not group or not isinstance(channel, str) or not channel or not isinstance(message, str):
        return None
    conversation = str((activity.get("conversation") or {}).get("id") or "")
    _, _, root = conversation.partition(";messageid=")
    base = f"/teams/{quote(group, safe='')}/channels/{quote(channel, safe=':@')}"
    if root and root != message:
        return f"{base}/messages/{quote(root, safe='')}/replies/{quote(message, safe='')}"
    return f"{base}/messages/{quote(message, safe='')}"
