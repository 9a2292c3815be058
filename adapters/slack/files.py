"""Files shared in Slack as a version's deliverables: described from Slack's file objects, and
read with the bot token of the workspace they were shared in (files:read) for their fingerprint.

A file's source is "slack:<team>:<download link>", the team being the workspace of the request
that shared it; sources written before the team was recorded are "slack:<download link>", and
still read where there is one token for every file (single-token mode)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

import aiohttp

from adapters.fingerprints import Unreadable, download
from bot.deliverables import MAX_NAME
from bot.model import Deliverable, DeliverableKind

SOURCE = "slack"


def shared_files(files: list[dict[str, Any]] | None, *, team: str) -> tuple[Deliverable, ...]:
    """The files of a Slack message or event as deliverables: the permalink people open, and
    the private download link Signoff reads the bytes from, with the workspace `team` they were
    shared in ("" when the request did not say), whose token reads them."""
    found = []
    for f in files or ():
        if not isinstance(f, dict) or f.get("mode") == "tombstone":
            continue  # not a file object, or a deleted file
        download = f.get("url_private_download") or f.get("url_private") or ""
        if not isinstance(download, str) or not download.startswith(("https://", "http://")):
            continue
        found.append(
            Deliverable(
                name=str(f.get("title") or f.get("name") or "file")[:MAX_NAME],
                url=str(f.get("permalink") or download),
                kind=DeliverableKind.FILE,
                size=f["size"] if isinstance(f.get("size"), int) else None,
                source=f"{SOURCE}:{team}:{download}" if team else f"{SOURCE}:{download}",
            )
        )
    return tuple(found)


def located(location: str) -> tuple[str, str]:
    """A source's workspace and download link (after "slack:"); no workspace ("") in the old
    form, which is the link alone. A team id has no colon, so the first one ends it."""
    if location.startswith(("https://", "http://")):
        return "", location
    team, _, link = location.partition(":")
    return team, link


# The bot token for reading a file shared in a workspace (the argument, "" if not recorded);
# None when Signoff is not installed there.
TokenFor = Callable[[str], Awaitable[str | None]]


def one_token(token: str) -> TokenFor:
    """Single-token mode: the one workspace's token, for every file, recorded team or not."""

    async def token_for(_team: str) -> str | None:
        return token

    return token_for


class SlackFileReader:
    """Streams a file from Slack with the bot token of the workspace it was shared in, on the
    adapter's HTTP session. The token is asked for each file and kept only for its read; it
    goes only to Slack's own hosts (and the configured API's, a test's fake Slack)."""

    def __init__(
        self,
        token_for: TokenFor,
        session: Callable[[], aiohttp.ClientSession | None],
        *,
        api_url: str,
    ) -> None:
        self._token_for, self._session = token_for, session
        self._hosts = {urlsplit(api_url).hostname or "", "slack.com"}

    def _is_slack(self, location: str) -> bool:
        host = urlsplit(location).hostname or ""
        return any(host == h or host.endswith("." + h) for h in self._hosts if h)

    async def chunks(self, location: str) -> AsyncIterator[bytes]:
        team, link = located(location)
        if not self._is_slack(link):
            raise Unreadable("not a Slack file host")
        session = self._session()
        if session is None:
            raise RuntimeError("the Slack adapter is not running")
        token = await self._token_for(team)
        if token is None:  # uninstalled since (or never recorded, in OAuth mode): as if deleted
            raise Unreadable(f"Signoff is not installed in workspace {team or '(not recorded)'}")
        headers = {"Authorization": f"Bearer {token}"}
        try:
            async for chunk in download(session, link, headers=headers):
                yield chunk
        except Unreadable as why:
            raise Unreadable(f"Slack {why} (is files:read granted?)") from None
