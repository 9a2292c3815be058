"""Files shared with a submit typed at the console: `submit M-1 print files file:proofs/print.pdf`
(a path with spaces in quotes: `file:"Print v2.pdf"`).

The console runs beside the files, so it reads each one itself before the submit: the version
records the file's name, its file:// link, its size and the SHA-256 of its bytes, read in pieces
up to a size cap and never kept.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import BinaryIO

from adapters.fingerprints import Unreadable, fingerprint
from bot.deliverables import MAX_NAME
from bot.errors import SignoffError
from bot.i18n import N_
from bot.model import Deliverable, DeliverableKind

LIMIT = 250 * 1024 * 1024  # what the chat platforms read, by default (app.yaml's file_limit_mb)
CHUNK = 1024 * 1024
NO_SUCH_FILE = N_("There is no file “{path}” to submit.")
TOO_LARGE = N_("“{path}” is larger than {limit} MB: share a link to it instead.")

_FILE = re.compile(r'(?<!\S)file:(?:"([^"]+)"|(\S+))')


class FileProblem(SignoffError):
    """A file named on a submit that cannot be read: which, and why."""


async def take_files(note: str) -> tuple[str, tuple[Deliverable, ...]]:
    """The note without its `file:` words, and each file they name, read."""
    paths = [m.group(1) or m.group(2) for m in _FILE.finditer(note)]
    if not paths:
        return note, ()
    files = [await _read(path) for path in paths]
    return " ".join(_FILE.sub(" ", note).split()), tuple(files)


async def _read(typed: str) -> Deliverable:
    path = await asyncio.to_thread(_located, typed)
    if path is None:
        raise FileProblem(NO_SUCH_FILE, path=typed)
    handle = await asyncio.to_thread(path.open, "rb")
    try:
        sha256, size = await fingerprint(_chunks(handle), limit=LIMIT)
    except Unreadable:
        raise FileProblem(TOO_LARGE, path=typed, limit=LIMIT // (1024 * 1024)) from None
    finally:
        handle.close()
    return Deliverable(
        name=path.name[:MAX_NAME],
        url=path.as_uri(),
        kind=DeliverableKind.FILE,
        size=size,
        sha256=sha256,
    )


def _located(typed: str) -> Path | None:
    """The file a path as typed names, absolute; None when there is no such file."""
    path = Path(typed).expanduser()
    return path.resolve() if path.is_file() else None


async def _chunks(handle: BinaryIO) -> AsyncIterator[bytes]:
    """The file's bytes in pieces, each read off the event loop."""
    while chunk := await asyncio.to_thread(handle.read, CHUNK):
        yield chunk
