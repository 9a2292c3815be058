"""Files shared with a submit typed at the console: `submit M-1 print files file:proofs/print.pdf`
(a path with spaces in quotes: `file:"Print v2.pdf"`).

The console runs beside the files, so it reads each one itself before the submit: the version
records the file's name, its file:// link, its size and the SHA-256 of its bytes, read in pieces
up to a size cap and never kept.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
from pathlib import Path

from bot.deliverables import MAX_NAME
from bot.i18n import N_
from bot.model import Deliverable, DeliverableKind

LIMIT = 250 * 1024 * 1024  # what the chat platforms read, by default (app.yaml's file_limit_mb)
CHUNK = 1024 * 1024
NO_SUCH_FILE = N_("There is no file “{path}” to submit.")
TOO_LARGE = N_("“{path}” is larger than {limit} MB: share a link to it instead.")

_FILE = re.compile(r'(?<!\S)file:(?:"([^"]+)"|(\S+))')


class FileProblem(Exception):
    """A file named on a submit that cannot be read; says which and why, as a message id."""

    def __init__(self, message: str, **params: object) -> None:
        super().__init__(message)
        self.message, self.params = message, params


async def take_files(note: str) -> tuple[str, tuple[Deliverable, ...]]:
    """The note without its `file:` words, and each file they name, read."""
    paths = [m.group(1) or m.group(2) for m in _FILE.finditer(note)]
    if not paths:
        return note, ()
    files = [await asyncio.to_thread(_read, path) for path in paths]
    return " ".join(_FILE.sub(" ", note).split()), tuple(files)


def _read(typed: str) -> Deliverable:
    path = Path(typed).expanduser()
    if not path.is_file():
        raise FileProblem(NO_SUCH_FILE, path=typed)
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            size += len(chunk)
            if size > LIMIT:
                raise FileProblem(TOO_LARGE, path=typed, limit=LIMIT // (1024 * 1024))
            digest.update(chunk)
    return Deliverable(
        name=path.name[:MAX_NAME],
        url=path.resolve().as_uri(),
        kind=DeliverableKind.FILE,
        size=size,
        sha256=digest.hexdigest(),
    )
