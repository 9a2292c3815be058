"""Files shared with a submit on Teams: the ones Teams hands a bot, described as deliverables
and read from the download link Teams gives, for their fingerprint.

Teams hands a bot a file only in a personal chat: each one an attachment of type
`application/vnd.microsoft.teams.file.download.info` whose `downloadUrl` is pre-authenticated
and short-lived (read without credentials, soon after the submit). In a channel or group chat
it gives apps no file at all; the message's HTML still marks each one (`<attachment id="…">`),
which is how Signoff knows the submit lost them and asks for links instead.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

import aiohttp

from adapters.fingerprints import Unreadable, download
from bot.deliverables import MAX_NAME
from bot.model import Deliverable, DeliverableKind

SOURCE = "teams"
DOWNLOAD_INFO = "application/vnd.microsoft.teams.file.download.info"
_MARKED = re.compile(r"<attachment\b", re.IGNORECASE)


def shared_files(activity: dict[str, Any]) -> tuple[Deliverable, ...]:
    """The files Teams attached to a message, as deliverables: the file's own link for people,
    the download link for Signoff's read."""
    found = []
    for attachment in _attachments(activity):
        content = attachment.get("content")
        if attachment.get("contentType") != DOWNLOAD_INFO or not isinstance(content, dict):
            continue
        download_url = content.get("downloadUrl")
        if not isinstance(download_url, str) or not _is_web(download_url):
            continue
        shown = attachment.get("contentUrl")
        found.append(
            Deliverable(
                name=str(attachment.get("name") or "file")[:MAX_NAME],
                # Never the download link's query: it carries a token, and expires.
                url=shown if isinstance(shown, str) and _is_web(shown) else _bare(download_url),
                kind=DeliverableKind.FILE,
                source=f"{SOURCE}:{download_url}",
            )
        )
    return tuple(found)


def marks_files(activity: dict[str, Any]) -> bool:
    """The message's HTML marks attached files (all a channel's message has of them)."""
    return any(
        a.get("contentType") == "text/html" and _MARKED.search(str(a.get("content") or ""))
        for a in _attachments(activity)
    )


def _attachments(activity: dict[str, Any]) -> Iterable[dict[str, Any]]:
    attachments = activity.get("attachments")
    if not isinstance(attachments, list):
        return ()
    return (a for a in attachments if isinstance(a, dict))


def _bare(url: str) -> str:
    return urlsplit(url)._replace(query="", fragment="").geturl()


def _is_web(url: str) -> bool:
    return urlsplit(url).scheme in ("https", "http") and bool(urlsplit(url).hostname)


class TeamsFileReader:
    """Streams a file from the download link Teams gave, which carries its own authorization:
    no credential of Signoff's is ever sent. https only, but for `plain_http_hosts` (a test's
    fake on loopback)."""

    def __init__(
        self,
        session: Callable[[], aiohttp.ClientSession | None],
        *,
        plain_http_hosts: frozenset[str] = frozenset(),
    ) -> None:
        self._session, self._plain = session, plain_http_hosts

    async def chunks(self, location: str) -> AsyncIterator[bytes]:
        parts = urlsplit(location)
        if parts.scheme != "https" and not (
            parts.scheme == "http" and parts.hostname in self._plain
        ):
            raise Unreadable("not an https link")
        session = self._session()
        if session is None:
            raise RuntimeError("the Teams adapter is not running")
        async for chunk in download(session, location):
            yield chunk
