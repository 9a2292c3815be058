"""Slack installations removed: the bindings of the workspaces they answered for are marked in
the same transaction, a workspace's alone, or, for an org-wide install, every workspace known to
be in its Grid org (and no other)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from storage_helpers import T1, UowFactory, new_project

from bot.model import Conversation, Platform
from storage.repositories.slack_installs import (
    InstallKey,
    SealedInstallation,
    SqlSlackInstallations,
)

CLIENT_ID = "1234.5678"
ORG = InstallKey(client_id=CLIENT_ID, enterprise_id="E1", team_id="")


def slack(team: str, channel: str) -> Conversation:
    return Conversation(platform=Platform.SLACK, tenant=team, channel=channel)


async def bound(uow_factory: UowFactory, places: list[Conversation]) -> int:
    async with uow_factory() as uow:
        project = await uow.projects.add(new_project())
        assert project.id is not None
        for place in places:
            await uow.projects.bind(project.id, place)
        await uow.commit()
    return project.id


async def problems(uow_factory: UowFactory, project_id: int) -> dict[Conversation, str]:
    async with uow_factory() as uow:
        return await uow.projects.binding_problems(project_id)


def installation(key: InstallKey) -> SealedInstallation:
    return SealedInstallation(key=key, is_enterprise_install=not key.team_id,
                              installer_user_id="U1", sealed="sealed", installed_at=T1)  # fmt: skip


async def test_an_org_wide_uninstall_marks_every_workspace_of_the_org_at_once(
    engine: AsyncEngine, uow_factory: UowFactory
) -> None:
    installs = SqlSlackInstallations(async_sessionmaker(engine, expire_on_commit=False))
    in_org = [slack("T333", "C333"), slack("T444", "C444")]
    elsewhere = [slack("T555", "C555"), slack("T111", "C111")]  # another org; outside Grid
    project_id = await bound(uow_factory, [*in_org, *elsewhere])
    for team in ("T333", "T444"):
        await installs.remember_org(client_id=CLIENT_ID, team_id=team, enterprise_id="E1")
    await installs.remember_org(client_id=CLIENT_ID, team_id="T555", enterprise_id="E2")
    # Another app's (client id's) knowledge of the org says nothing about this one's.
    await installs.remember_org(client_id="9999.0000", team_id="T111", enterprise_id="E1")
    await installs.save(installation(ORG))

    assert await installs.remove(ORG, problem="token_revoked", at=T1)

    assert await problems(uow_factory, project_id) == dict.fromkeys(in_org, "token_revoked")
    assert await installs.find(ORG) is None


async def test_a_workspace_uninstall_marks_that_workspace_alone(
    engine: AsyncEngine, uow_factory: UowFactory
) -> None:
    installs = SqlSlackInstallations(async_sessionmaker(engine, expire_on_commit=False))
    project_id = await bound(uow_factory, [slack("T111", "C111"), slack("T222", "C222")])
    key = InstallKey(client_id=CLIENT_ID, enterprise_id="", team_id="T111")
    await installs.save(installation(key))

    assert await installs.remove(key, problem="token_revoked", at=T1)

    assert await problems(uow_factory, project_id) == {slack("T111", "C111"): "token_revoked"}
    # Removing what is not there says so, and marks nothing more.
    assert not await installs.remove(ORG, problem="token_revoked", at=T1)
    assert len(await problems(uow_factory, project_id)) == 1


async def test_installing_again_clears_what_the_uninstall_marked_and_nothing_else(
    engine: AsyncEngine, uow_factory: UowFactory
) -> None:
    installs = SqlSlackInstallations(async_sessionmaker(engine, expire_on_commit=False))
    gone, archived, other = slack("T333", "C333"), slack("T444", "C444"), slack("T555", "C555")
    project_id = await bound(uow_factory, [gone, archived, other])
    for team in ("T333", "T444"):
        await installs.remember_org(client_id=CLIENT_ID, team_id=team, enterprise_id="E1")
    await installs.save(installation(ORG))
    await installs.remove(ORG, problem="token_revoked", at=T1)
    async with uow_factory() as uow:  # a problem no install cures, and one in another org
        await uow.projects.mark_binding(archived, problem="is_archived", at=T1)
        await uow.projects.mark_binding(other, problem="token_revoked", at=T1)
        await uow.commit()

    await installs.save(installation(ORG), clears={"token_revoked", "invalid_auth"})

    assert await problems(uow_factory, project_id) == {
        archived: "is_archived",
        other: "token_revoked",
    }
