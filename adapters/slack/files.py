"""Files shared in Slack as a version's deliverables: described from Slack's file objects, and
read with the bot's own token (files:read) for their fingerprint."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any
from urllib.parse import urlsplit

import aiohttp

from adapters.fingerprints import Unreadable, download
from bot.deliverables import MAX_NAME
from bot.model import Deliverable, DeliverableKind

SOURCE = "slack"


def shared_files(files: list[dict[str, Any]] | None) -> tuple[Deliverable, ...]:
    """The files of a Slack message or event as deliverables: the permalink people open, and
    the private download link Signoff reads the bytes from."""
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
                source=f"{SOURCE}:{download}",
            )
        )
    return tuple(found)


class SlackFileReader:
    """Streams a file from Slack with the bot token, on the adapter's HTTP session. The token
    goes only to Slack's own hosts (and the configured API's, a test's fake Slack)."""

    def __init__(
        self, token: str, session: Callable[[], aiohttp.ClientSession | None], *, api_url: str
    ) -> None:
        self._token, self._session = token, session
        self._hosts = {urlsplit(api_url).hostname or "", "slack.com"}

    def _is_slack(self, location: str) -> bool:
        host = urlsplit(location).hostname or ""
        return any(host == h or host.endswith("." + h) for h in self._hosts if h)

    async def chunks(self, location: str) -> AsyncIterator[bytes]:
        if not self._is_slack(location):
            raise Unreadable("not a Slack file host")
        session = self._session()
        if session is None:
            raise RuntimeError("the Slack adapter is not running")
        headers = {"Authorization": f"Bearer {self._token}"}
        try:
            async for chunk in download(session, location, headers=headers):
                yield chunk
        except Unreadable as why:
            raise Unreadable(f"Slack {why} (is files:read granted?)") from None
