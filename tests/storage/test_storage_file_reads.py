"""The queue of shared files still to be read for their SHA-256: written with the version, taken
by one instance at a time, and its result written into the version's deliverables."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta

from storage_helpers import T1, Studio, UowFactory, new_milestone

from bot.model import Deliverable, DeliverableKind, MilestoneVersion

PDF = Deliverable(
    name="Print.pdf",
    url="https://acme.slack.com/files/U1/F1/print.pdf",
    kind=DeliverableKind.FILE,
    size=100,
    source="slack:https://files.example/F1",
)
PNG = Deliverable(
    name="Logo.png",
    url="https://acme.slack.com/files/U1/F2/logo.png",
    kind=DeliverableKind.FILE,
    size=20,
    source="slack:https://files.example/F2",
)
LINK = Deliverable(name="Figma", url="https://figma.com/file/k/Logo", kind=DeliverableKind.FIGMA)
SHA_PDF, SHA_PNG = "a" * 64, "b" * 64  # fmt: skip


async def submitted(uow_factory: UowFactory, studio: Studio) -> MilestoneVersion:
    async with uow_factory() as uow:
        milestone = await uow.milestones.add(new_milestone(studio.project.id))
        version = MilestoneVersion(milestone_id=milestone.id, version=1, submitted_by=studio.pm,
                                   submitted_at=T1, deliverables=(PDF, LINK, PNG))  # fmt: skip
        await uow.versions.add(version)
        await uow.commit()
    return version


async def test_each_shared_file_is_queued_with_its_version_and_read_once(
    uow_factory: UowFactory, studio: Studio
) -> None:
    version = await submitted(uow_factory, studio)
    async with uow_factory() as uow:
        due = await uow.file_reads.due(T1, limit=10)
        assert [(r.url, r.source) for r in due] == [(PDF.url, PDF.source), (PNG.url, PNG.source)]
        assert await uow.file_reads.due(T1 - timedelta(seconds=1), limit=10) == []
        first = due[0]
        assert await uow.file_reads.lease(first, now=T1, until=T1 + timedelta(minutes=5))
        await uow.commit()
    async with uow_factory() as uow:  # another instance: the leased one is not due to it
        assert [r.url for r in await uow.file_reads.due(T1, limit=10)] == [PNG.url]
        assert not await uow.file_reads.lease(first, now=T1, until=T1 + timedelta(minutes=5))
        await uow.file_reads.finish(first, sha256=SHA_PDF, size=123)
        await uow.commit()
    async with uow_factory() as uow:
        [stored] = await uow.versions.list(version.milestone_id)
        pdf, link, png = stored.deliverables
        assert (pdf.sha256, pdf.size, pdf.source) == (SHA_PDF, 123, "")
        assert link == LINK and png == PNG  # the others untouched
        assert [r.url for r in await uow.file_reads.due(T1 + timedelta(hours=1), limit=10)] == [
            PNG.url
        ]


async def test_a_file_put_off_is_read_later_and_one_that_cannot_be_read_keeps_no_fingerprint(
    uow_factory: UowFactory, studio: Studio
) -> None:
    version = await submitted(uow_factory, studio)
    later = T1 + timedelta(minutes=10)
    async with uow_factory() as uow:
        pdf, png = await uow.file_reads.due(T1, limit=10)
        await uow.file_reads.lease(png, now=T1, until=T1 + timedelta(minutes=5))
        await uow.file_reads.put_off(png, until=later)
        await uow.file_reads.finish(pdf)  # unreadable: no fingerprint, and not tried again
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.file_reads.due(later - timedelta(seconds=1), limit=10) == []
        [again] = await uow.file_reads.due(later, limit=10)
        assert (again.url, again.attempts) == (PNG.url, 1)
        [stored] = await uow.versions.list(version.milestone_id)
        assert (stored.deliverables[0].sha256, stored.deliverables[0].source) == ("", "")


async def test_two_files_of_one_version_read_at_once_both_keep_their_fingerprint(
    uow_factory: UowFactory, studio: Studio
) -> None:
    version = await submitted(uow_factory, studio)
    async with uow_factory() as uow:
        pdf, png = await uow.file_reads.due(T1, limit=10)

    async def finish(read, sha: str) -> None:
        async with uow_factory() as uow:
            await uow.file_reads.finish(read, sha256=sha)
            await asyncio.sleep(0.05)  # hold the version's row while the other tries
            await uow.commit()

    await asyncio.gather(finish(pdf, SHA_PDF), finish(replace(png), SHA_PNG))
    async with uow_factory() as uow:
        [stored] = await uow.versions.list(version.milestone_id)
        assert [d.sha256 for d in stored.deliverables] == [SHA_PDF, "", SHA_PNG]
        assert await uow.file_reads.due(T1 + timedelta(days=1), limit=10) == []


async def test_a_file_read_before_the_submit_keeps_its_fingerprint_and_is_not_queued(
    uow_factory: UowFactory, studio: Studio
) -> None:
    read = Deliverable(name="print.pdf", url="file:///proofs/print.pdf",
                       kind=DeliverableKind.FILE, size=1234, sha256=SHA_PDF)  # fmt: skip
    async with uow_factory() as uow:
        milestone = await uow.milestones.add(new_milestone(studio.project.id))
        await uow.versions.add(MilestoneVersion(milestone_id=milestone.id, version=1,
                                                submitted_at=T1, deliverables=(read,)))  # fmt: skip
        await uow.commit()
    async with uow_factory() as uow:
        [stored] = await uow.versions.list(milestone.id)
        assert stored.deliverables == (read,)
        assert await uow.file_reads.due(T1, limit=10) == []
