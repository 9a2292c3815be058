"""A project's date order (`project dates`) is stored, changed and reset on each database."""

from __future__ import annotations

from storage_helpers import UowFactory, new_project

from bot.model import DateOrder


async def test_a_project_keeps_its_date_order(uow_factory: UowFactory) -> None:
    async with uow_factory() as uow:
        plain = await uow.projects.add(new_project("PLAIN"))
        chosen = await uow.projects.add(new_project("CHOSEN", date_order=DateOrder.DMY))
        await uow.commit()

    async with uow_factory() as uow:
        assert (await uow.projects.get(plain.id)).date_order is None  # its locale's default
        assert (await uow.projects.get_by_key("CHOSEN")).date_order is DateOrder.DMY
        await uow.projects.set_date_order(plain.id, DateOrder.MDY)
        await uow.projects.set_date_order(chosen.id, None)
        await uow.commit()

    async with uow_factory() as uow:
        assert (await uow.projects.get(plain.id)).date_order is DateOrder.MDY
        assert (await uow.projects.get(chosen.id)).date_order is None


async def test_a_date_order_not_committed_is_not_kept(uow_factory: UowFactory) -> None:
    async with uow_factory() as uow:
        project = await uow.projects.add(new_project())
        await uow.commit()
    async with uow_factory() as uow:
        await uow.projects.set_date_order(project.id, DateOrder.YMD)
    async with uow_factory() as uow:
        assert (await uow.projects.get(project.id)).date_order is None
