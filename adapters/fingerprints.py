"""Reading the files shared with a version for their SHA-256, after the submit that shared them.

A submit has to be answered within seconds, and a file may be large: so the submit records the
file (its name, link, size) and queues it (storage/repositories/file_reads.py), and this worker
reads it afterwards, streamed with a size cap and never kept, and writes the fingerprint into the
version. Each platform that can share files gives a reader for the sources it wrote ("slack:…").
Reads are leased, so instances share the queue; a transient failure is tried again with
back-off, a file that cannot be read (gone, forbidden, too large) keeps no fingerprint.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from typing import Protocol

import aiohttp

from bot.ports import Clock
from storage.repositories.file_reads import FileToRead
from storage.uow import SqlUnitOfWork

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)
ATTEMPTS = 5
BATCH = 10


class Unreadable(Exception):
    """The file cannot be read, now or later: gone, forbidden, or larger than the cap."""


CHUNK = 64 * 1024
# A file that is gone or forbidden stays so; anything else (429, 5xx) is worth another try.
GONE = frozenset({401, 403, 404, 410})


async def download(
    session: aiohttp.ClientSession, location: str, *, headers: dict[str, str] | None = None
) -> AsyncIterator[bytes]:
    """A file's bytes over HTTP, in pieces, following redirects."""
    async with session.get(location, headers=headers or {}, allow_redirects=True) as response:
        if response.status in GONE:
            raise Unreadable(f"answered {response.status}")
        response.raise_for_status()
        # Slack and SharePoint answer a read they do not allow with a sign-in page, and 200.
        if response.content_type == "text/html" and not location.endswith((".html", ".htm")):
            raise Unreadable("answered with a sign-in page")
        async for chunk in response.content.iter_chunked(CHUNK):
            yield chunk


class FileReader(Protocol):
    def chunks(self, location: str) -> AsyncIterator[bytes]:
        """The file's bytes, in pieces; raises Unreadable, or any other error for a failure
        worth another try."""


async def fingerprint(chunks: AsyncIterator[bytes], *, limit: int) -> tuple[str, int]:
    """The SHA-256 and size of a stream, refused past `limit` bytes."""
    digest, size = hashlib.sha256(), 0
    async for chunk in chunks:
        size += len(chunk)
        if size > limit:
            raise Unreadable(f"larger than {limit} bytes")
        digest.update(chunk)
    return digest.hexdigest(), size


class Fingerprinter:
    def __init__(
        self,
        uow: Callable[[], SqlUnitOfWork],
        clock: Clock,
        readers: dict[str, FileReader],
        *,
        limit: int,
    ) -> None:
        self._uow, self._clock, self._readers, self._limit = uow, clock, readers, limit
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Read in the background from now on (each chat adapter starts it with its server)."""
        self._task = asyncio.create_task(self.run())

    async def stop(self) -> None:
        """Stop reading; a read cut short stays leased and is taken up again after its lease."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def run(self, every: float = 2.0) -> None:
        """Read what is due, then look again every `every` seconds, until cancelled."""
        while True:
            try:
                await self.run_once()
            except Exception:  # the database away a moment: the queue keeps the work
                logger.warning("reading shared files failed; trying again", exc_info=True)
            await asyncio.sleep(every)

    async def run_once(self) -> int:
        """Read every file due now whose platform this instance serves; how many were done."""
        now = self._clock.now()
        async with self._uow() as uow:
            due = await uow.file_reads.due(now, limit=BATCH)
        done = 0
        for read in due:
            platform, _, location = read.source.partition(":")
            reader = self._readers.get(platform)
            if reader is None or not await self._lease(read):
                continue
            await self._read(read, reader, location)
            done += 1
        return done

    async def _lease(self, read: FileToRead) -> bool:
        now = self._clock.now()
        async with self._uow() as uow:
            taken = await uow.file_reads.lease(read, now=now, until=now + LEASE)
            await uow.commit()
        return taken

    async def _read(self, read: FileToRead, reader: FileReader, location: str) -> None:
        sha256, size = "", None
        try:
            sha256, size = await fingerprint(reader.chunks(location), limit=self._limit)
        except Unreadable as why:
            logger.info("a shared file could not be read (%s): no fingerprint", why)
        except Exception as failed:
            if read.attempts + 1 < ATTEMPTS:
                logger.info("a shared file could not be read yet (%r); trying again", failed)
                back_off = timedelta(seconds=30 * 2**read.attempts)
                async with self._uow() as uow:
                    await uow.file_reads.put_off(read, until=self._clock.now() + back_off)
                    await uow.commit()
                return
            logger.warning("a shared file could not be read after %d tries", ATTEMPTS)
        async with self._uow() as uow:
            await uow.file_reads.finish(read, sha256=sha256, size=size)
            await uow.commit()
