"""Slack's installations, workspace orgs and OAuth states as bolt reads them back: an install is
found whole by its workspace (or, org-wide, by its org) and replaced by the next; `every` lists
one app's installs in a fixed order; a state is good once, before its expiry."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from storage_helpers import T0, T1

from storage.repositories.slack_installs import (
    InstallKey,
    SealedInstallation,
    SqlSlackInstallations,
)

APP, OTHER_APP = "1234.5678", "9999.0000"


@pytest.fixture
def installs(engine: AsyncEngine) -> SqlSlackInstallations:
    return SqlSlackInstallations(async_sessionmaker(engine, expire_on_commit=False))


def key(team: str, enterprise: str = "", client_id: str = APP) -> InstallKey:
    return InstallKey(client_id=client_id, enterprise_id=enterprise, team_id=team)


def sealed(at: InstallKey, *, by: str = "U1", blob: str = "gAAAA-first") -> SealedInstallation:
    return SealedInstallation(key=at, is_enterprise_install=not at.team_id, installer_user_id=by,
                              sealed=blob, installed_at=T0)  # fmt: skip


async def test_an_install_is_found_whole_by_its_workspace_and_replaced_by_the_next(
    installs: SqlSlackInstallations,
) -> None:
    first = sealed(key("T1"))
    await installs.save(first)
    assert await installs.find(key("T1")) == first
    # A Grid workspace's payload names its enterprise; the install outside Grid did not.
    assert await installs.find(key("T1", "E1")) == SealedInstallation(
        key=key("T1", "E1"), is_enterprise_install=False, installer_user_id="U1",
        sealed="gAAAA-first", installed_at=T0,
    )  # fmt: skip
    assert await installs.find(key("T2")) is None
    assert await installs.find(key("T1", client_id=OTHER_APP)) is None

    again = SealedInstallation(
        key=key("T1"),
        is_enterprise_install=False,
        installer_user_id="U2",
        sealed="gAAAA-second",
        installed_at=T1,
    )
    await installs.save(again)
    assert await installs.find(key("T1")) == again
    assert await installs.every(APP) == [again]


async def test_an_org_wide_install_is_its_org_s_alone(installs: SqlSlackInstallations) -> None:
    org = sealed(key("", "E1"), by="U-admin", blob="gAAAA-org")
    workspace_in_org = sealed(key("T1", "E1"))
    await installs.save(org)
    await installs.save(workspace_in_org)
    assert await installs.find(key("", "E1")) == org
    assert await installs.find(key("", "E2")) is None
    assert await installs.find(key("", "E1", client_id=OTHER_APP)) is None
    # Installing the org again replaces its install, not the workspace's.
    await installs.save(sealed(key("", "E1"), blob="gAAAA-org-2"))
    assert [(i.key, i.sealed) for i in await installs.every(APP)] == [
        (key("", "E1"), "gAAAA-org-2"),
        (key("T1", "E1"), "gAAAA-first"),
    ]


async def test_every_lists_one_app_s_installs_by_team_then_enterprise(
    installs: SqlSlackInstallations,
) -> None:
    for at in (
        key("T9"),
        key("", "E2"),
        key("T1", "E1"),
        key("", "E1"),
        key("T5", client_id=OTHER_APP),
    ):
        await installs.save(sealed(at))  # fmt: skip
    assert await installs.every(APP) == [
        sealed(key("", "E1")),
        sealed(key("", "E2")),
        sealed(key("T1", "E1")),
        sealed(key("T9")),
    ]
    assert await installs.every(OTHER_APP) == [sealed(key("T5", client_id=OTHER_APP))]
    assert await installs.every("0000.0000") == []


async def test_a_workspace_s_org_is_the_last_one_seen_for_that_app(
    installs: SqlSlackInstallations,
) -> None:
    assert await installs.org_of(client_id=APP, team_id="T1") is None
    await installs.remember_org(client_id=APP, team_id="T1", enterprise_id="E1")
    await installs.remember_org(client_id=APP, team_id="T2", enterprise_id="E3")
    assert await installs.org_of(client_id=APP, team_id="T1") == "E1"
    await installs.remember_org(client_id=APP, team_id="T1", enterprise_id="E2")  # moved
    assert await installs.org_of(client_id=APP, team_id="T1") == "E2"
    assert await installs.org_of(client_id=APP, team_id="T2") == "E3"
    assert await installs.org_of(client_id=OTHER_APP, team_id="T1") is None


async def test_a_state_is_good_once_and_only_before_it_expires(
    installs: SqlSlackInstallations,
) -> None:
    await installs.keep_state("s-good", expires_at=T1)
    await installs.keep_state("s-late", expires_at=T1)
    await installs.keep_state("s-edge", expires_at=T1)
    before = T1 - timedelta(seconds=1)
    assert await installs.consume_state("s-good", now=before)
    assert not await installs.consume_state("s-good", now=before)  # used up
    assert not await installs.consume_state("s-late", now=T1 + timedelta(seconds=1))
    assert not await installs.consume_state("s-edge", now=T1)  # expiry is the first refused instant
    assert not await installs.consume_state("never-handed-out", now=before)
    # A state refused as expired is gone too: the redirect cannot be retried with it.
    assert not await installs.consume_state("s-late", now=before)
