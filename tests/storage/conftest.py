"""A committed project with a PM and a client, for the storage tests."""

from __future__ import annotations

import pytest
from storage_helpers import Studio, UowFactory, new_project, slack_user

from bot.model import Role


@pytest.fixture
async def studio(uow_factory: UowFactory) -> Studio:
    async with uow_factory() as uow:
        project = await uow.projects.add(new_project())
        pm = await uow.people.ensure(slack_user("U-paula"), "Paula")
        client = await uow.people.ensure(slack_user("U-wang"), "王小明")
        await uow.members.add(project.id, pm.id, Role.PM)
        await uow.members.add(project.id, client.id, Role.CLIENT)
        await uow.commit()
    return Studio(project=project, pm=pm, client=client)
