"""A unit of work reads a project and its members once, and never answers from memory what it
or another transaction has changed since: a write to the table, or the end of the transaction,
sends the next read to the database."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy.ext.asyncio import AsyncEngine
from storage_helpers import T1, Studio, UowFactory, slack_user

from bot.model import Conversation, DateOrder, Platform, Role
from tests.fakes import CountingStatements

ROOM = Conversation(platform=Platform.SLACK, tenant="T1", channel="C-acme")


async def test_a_repeated_read_of_a_project_or_its_members_sends_no_statement(
    engine: AsyncEngine, uow_factory: UowFactory, studio: Studio
) -> None:
    project_id = studio.project.id
    async with uow_factory() as uow:
        await uow.projects.bind(project_id, ROOM)
        await uow.commit()
    async with uow_factory() as uow:
        with CountingStatements(engine) as first:
            project = await uow.projects.get(project_id)
            by_key = await uow.projects.get_by_key(studio.project.key)
            bound = await uow.projects.for_conversation(ROOM)
            members = await uow.members.list(project_id)
        with CountingStatements(engine) as again:
            assert await uow.projects.get(project_id) == project == by_key == bound
            assert await uow.projects.get_by_key(studio.project.key) == project
            assert await uow.projects.for_conversation(ROOM) == project
            assert await uow.members.list(project_id) == members
            assert await uow.members.roles(project_id, studio.pm.id) == {Role.PM}
    assert len(first.sent) == 3  # the bound project brings its members along
    assert again.sent == []


async def test_a_bound_project_brings_its_current_members_in_the_same_statement(
    engine: AsyncEngine, uow_factory: UowFactory, studio: Studio
) -> None:
    project_id = studio.project.id
    async with uow_factory() as uow:
        await uow.projects.bind(project_id, ROOM)
        await uow.members.add(project_id, studio.client.id, Role.APPROVER)
        await uow.members.remove(project_id, studio.pm.id, Role.PM, by=None, at=T1)
        await uow.commit()
    async with uow_factory() as uow:
        expected = await uow.members.list(project_id)
    assert [(m.person.display_name, m.role) for m in expected] == [
        ("王小明", Role.CLIENT),
        ("王小明", Role.APPROVER),
    ]

    async with uow_factory() as uow:
        with CountingStatements(engine) as reads:
            assert await uow.projects.for_conversation(ROOM) == studio.project
            assert await uow.members.list(project_id) == expected
        assert len(reads.sent) == 1
        await uow.members.add(project_id, studio.pm.id, Role.PM)
        # A write to the roles forgets what the project's read brought.
        assert {m.role for m in await uow.members.list(project_id)} == {
            Role.PM,
            Role.CLIENT,
            Role.APPROVER,
        }


async def test_a_project_changed_by_its_reader_is_not_changed_for_the_next(
    uow_factory: UowFactory, studio: Studio
) -> None:
    async with uow_factory() as uow:
        project = await uow.projects.get(studio.project.id)
        assert project is not None
        project.name = "changed in memory only"
        assert (await uow.projects.get(studio.project.id)) == studio.project


async def test_a_write_in_the_same_unit_of_work_is_read_back(
    uow_factory: UowFactory, studio: Studio
) -> None:
    project_id = studio.project.id
    async with uow_factory() as uow:
        assert await uow.projects.for_conversation(ROOM) is None
        await uow.projects.set_date_order(project_id, DateOrder.MDY)
        await uow.projects.bind(project_id, ROOM)
        changed = replace(studio.project, date_order=DateOrder.MDY)
        assert await uow.projects.get(project_id) == changed
        assert await uow.projects.get_by_key(studio.project.key) == changed
        assert await uow.projects.for_conversation(ROOM) == changed

        assert await uow.members.roles(project_id, studio.client.id) == {Role.CLIENT}
        await uow.members.add(project_id, studio.client.id, Role.APPROVER)
        assert await uow.members.roles(project_id, studio.client.id) == {
            Role.CLIENT,
            Role.APPROVER,
        }
        await uow.people.ensure(slack_user("U-wang"), "Wang Xiaoming")
        names = {m.person.display_name for m in await uow.members.list(project_id)}
        assert names == {"Paula", "Wang Xiaoming"}
        await uow.members.remove(project_id, studio.pm.id, Role.PM, by=None, at=T1)
        assert await uow.members.roles(project_id, studio.pm.id) == frozenset()


async def test_another_transactions_change_is_read_once_this_one_ends(
    uow_factory: UowFactory, studio: Studio
) -> None:
    project_id = studio.project.id
    async with uow_factory() as reader:
        assert await reader.members.roles(project_id, studio.client.id) == {Role.CLIENT}
        await reader.commit()
        async with uow_factory() as writer:
            await writer.members.add(project_id, studio.client.id, Role.APPROVER)
            await writer.projects.set_date_order(project_id, DateOrder.YMD)
            await writer.commit()
        roles = await reader.members.roles(project_id, studio.client.id)
        assert roles == {Role.CLIENT, Role.APPROVER}
        project = await reader.projects.get(project_id)
        assert project is not None and project.date_order is DateOrder.YMD
