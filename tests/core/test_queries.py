"""Reads outside a turn: the projects a person sees on the App Home, and the admin's export."""

from __future__ import annotations

import pytest

from bot.commands import CreateProject, RemoveMember
from bot.errors import NotFound
from bot.model import Role
from bot.queries import export_project, projects_for
from tests.core.conftest import Studio, person


async def test_a_person_sees_the_projects_where_they_hold_a_role(studio: Studio) -> None:
    await studio.run("paula", CreateProject(key="beta", name="Beta app", client="Beta Ltd."))

    assert [p.key for p in await projects_for(person("paula"), studio.services)] == [
        "acme",
        "beta",
    ]
    assert [p.key for p in await projects_for(person("cleo"), studio.services)] == ["acme"]


async def test_someone_who_never_held_a_role_or_whose_role_ended_sees_none(
    studio: Studio,
) -> None:
    removed = await studio.run("paula", RemoveMember(user="dan", role=Role.DESIGNER))
    assert removed.ok, removed.replies

    assert await projects_for(person("dan"), studio.services) == []
    assert await projects_for(person("nobody"), studio.services) == []


async def test_the_export_names_a_project_that_does_not_exist(studio: Studio) -> None:
    record = await export_project("acme", studio.services)
    assert record["project"]["key"] == "acme"
    assert [m["user_id"] for m in record["members"]] == ["paula", "dan", "cleo", "ava"]

    with pytest.raises(NotFound) as missing:
        await export_project("nope", studio.services)
    assert (missing.value.message, missing.value.params) == (
        "There is no project “{key}”.",
        {"key": "nope"},
    )
