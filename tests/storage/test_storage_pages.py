"""Links to the project pages in the database: read back as written, found by their random id
only, and revoked for one whole project in one statement, leaving every other project's."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from storage_helpers import T0, T1, Studio, UowFactory, new_project

from bot.pages import PageLink, new_link_id


def link(project_id: int, studio: Studio, days: int = 30) -> PageLink:
    return PageLink(
        project_id=project_id,
        link_id=new_link_id(),
        created_by=studio.pm,
        created_at=T0,
        expires_at=T0 + timedelta(days=days),
    )


async def test_a_link_reads_back_as_written_by_its_id(
    uow_factory: UowFactory, studio: Studio
) -> None:
    written = link(studio.project.id, studio)
    async with uow_factory() as uow:
        added = await uow.pages.add(written)
        await uow.commit()
    async with uow_factory() as uow:
        read = await uow.pages.get(written.link_id)
        nothing = await uow.pages.get(new_link_id())
    assert read == replace(written, id=added.id)
    assert read is not None and read.expires_at == T0 + timedelta(days=30)  # the same instant
    assert nothing is None


async def test_revoke_ends_every_live_link_of_one_project_only(
    uow_factory: UowFactory, studio: Studio
) -> None:
    async with uow_factory() as uow:
        other = await uow.projects.add(new_project("BETA"))
        mine = [await uow.pages.add(link(studio.project.id, studio, d)) for d in (1, 30)]
        theirs = await uow.pages.add(link(other.id, studio))
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.pages.revoke_all(studio.project.id, by=studio.pm, at=T1) == 2
        await uow.commit()
    async with uow_factory() as uow:
        # Already revoked: nothing more to revoke, and the first revoke's record stays.
        assert await uow.pages.revoke_all(studio.project.id, by=studio.client, at=T1) == 0
        await uow.commit()
    async with uow_factory() as uow:
        listed = await uow.pages.list(studio.project.id)
        still = await uow.pages.get(theirs.link_id)
    assert [x.link_id for x in listed] == [x.link_id for x in mine]
    assert {(x.revoked_at, x.revoked_by) for x in listed} == {(T1, studio.pm)}
    assert still is not None and still.revoked_at is None


async def test_a_rolled_back_link_is_not_stored(uow_factory: UowFactory, studio: Studio) -> None:
    written = link(studio.project.id, studio)
    async with uow_factory() as uow:
        await uow.pages.add(written)
        await uow.rollback()
    async with uow_factory() as uow:
        assert await uow.pages.get(written.link_id) is None
