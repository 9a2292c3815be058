"""Slack's OAuth installations and states in Signoff's database. The installation arrives here
already sealed (encrypted by the adapter): storage never sees a token."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.model import Platform
from storage.tables import BindingRow
from storage.tables_slack_installs import SlackInstallationRow, SlackOAuthStateRow
from storage.tables_slack_orgs import SlackWorkspaceOrgRow


@dataclass(frozen=True, kw_only=True)
class InstallKey:
    """Which installation: an org-wide install has no team, a workspace outside Grid no
    enterprise; both kept as ""."""

    client_id: str
    enterprise_id: str
    team_id: str


@dataclass(frozen=True, kw_only=True)
class SealedInstallation:
    key: InstallKey
    is_enterprise_install: bool
    installer_user_id: str
    sealed: str
    installed_at: datetime


class SqlSlackInstallations:
    """Each call is its own short transaction: bolt calls these outside any unit of work."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def save(self, installation: SealedInstallation, *, clears: Collection[str] = ()) -> None:
        """The latest install of a workspace replaces the one before (new scopes, new token);
        its bindings' problems among `clears` (those an uninstall left) are cleared with it."""
        async with self._sessions() as session, session.begin():
            await session.execute(delete(SlackInstallationRow).where(*_matching(installation.key)))
            if clears:
                await session.execute(
                    update(BindingRow)
                    .where(*_bindings_of(installation.key), BindingRow.problem.in_(clears))
                    .values(problem="", problem_at=None)
                    .execution_options(synchronize_session=False)
                )
            session.add(
                SlackInstallationRow(
                    client_id=installation.key.client_id,
                    enterprise_id=installation.key.enterprise_id,
                    team_id=installation.key.team_id,
                    is_enterprise_install=installation.is_enterprise_install,
                    installer_user_id=installation.installer_user_id,
                    sealed=installation.sealed,
                    installed_at=installation.installed_at,
                )
            )

    async def find(self, key: InstallKey) -> SealedInstallation | None:
        async with self._sessions() as session:
            row = await session.scalar(select(SlackInstallationRow).where(*_matching(key)))
        if row is None:
            return None
        return SealedInstallation(
            key=key,
            is_enterprise_install=row.is_enterprise_install,
            installer_user_id=row.installer_user_id,
            sealed=row.sealed,
            installed_at=row.installed_at,
        )

    async def every(self, client_id: str) -> list[SealedInstallation]:
        """Every installation of the app, by team (an org-wide one by its enterprise), for
        `signoff doctor` to check each."""
        return await self._listed(client_id)

    async def org_wide(self, client_id: str) -> list[SealedInstallation]:
        """The app's org-wide installations (one per Grid org)."""
        return await self._listed(client_id, SlackInstallationRow.team_id == "")

    async def _listed(
        self, client_id: str, *where: ColumnElement[bool]
    ) -> list[SealedInstallation]:
        async with self._sessions() as session:
            rows = await session.scalars(
                select(SlackInstallationRow)
                .where(SlackInstallationRow.client_id == client_id, *where)
                .order_by(SlackInstallationRow.team_id, SlackInstallationRow.enterprise_id)
            )
            return [
                SealedInstallation(
                    key=InstallKey(
                        client_id=client_id, enterprise_id=row.enterprise_id, team_id=row.team_id
                    ),
                    is_enterprise_install=row.is_enterprise_install,
                    installer_user_id=row.installer_user_id,
                    sealed=row.sealed,
                    installed_at=row.installed_at,
                )
                for row in rows
            ]

    async def remove(self, key: InstallKey, *, problem: str, at: datetime) -> bool:
        """Delete the installation and mark the bindings of its workspace (`problem` is shown
        by `status`); True when there was one."""
        async with self._sessions() as session, session.begin():
            gone = await session.execute(delete(SlackInstallationRow).where(*_matching(key)))
            await session.execute(
                update(BindingRow)
                .where(*_bindings_of(key))
                .values(problem=problem, problem_at=at)
                .execution_options(synchronize_session=False)
            )
        return bool(getattr(gone, "rowcount", 0))

    async def remember_org(self, *, client_id: str, team_id: str, enterprise_id: str) -> None:
        """Workspace `team_id` belongs to Grid org `enterprise_id` (a workspace moved to another
        org is simply overwritten)."""
        async with self._sessions() as session, session.begin():
            await session.merge(SlackWorkspaceOrgRow(client_id=client_id, team_id=team_id,
                                                     enterprise_id=enterprise_id))  # fmt: skip

    async def org_of(self, *, client_id: str, team_id: str) -> str | None:
        """The Grid org workspace `team_id` was last seen in, None when never seen in one."""
        async with self._sessions() as session:
            row = await session.get(SlackWorkspaceOrgRow, (client_id, team_id))
        return row.enterprise_id if row is not None else None

    async def keep_state(self, state: str, *, expires_at: datetime) -> None:
        async with self._sessions() as session, session.begin():
            session.add(SlackOAuthStateRow(state=state, expires_at=expires_at))

    async def consume_state(self, state: str, *, now: datetime) -> bool:
        """True once for a state handed out and not yet expired; it is gone after."""
        async with self._sessions() as session, session.begin():
            expires_at = await session.scalar(
                delete(SlackOAuthStateRow)
                .where(SlackOAuthStateRow.state == state)
                .returning(SlackOAuthStateRow.expires_at)
            )
        return expires_at is not None and expires_at > now


def _bindings_of(key: InstallKey) -> tuple[ColumnElement[bool], ...]:
    """The Slack bindings an installation answers for, by their tenant (the workspace's team
    id): a workspace's own, or, for an org-wide install, those of every workspace known to be
    in its org (seen in a request or listed by Slack; one never known is marked by the first
    post that fails there)."""
    if key.team_id:
        return (BindingRow.platform == Platform.SLACK, BindingRow.tenant == key.team_id)
    in_org = select(SlackWorkspaceOrgRow.team_id).where(
        SlackWorkspaceOrgRow.client_id == key.client_id,
        SlackWorkspaceOrgRow.enterprise_id == key.enterprise_id,
    )
    return (BindingRow.platform == Platform.SLACK, BindingRow.tenant.in_(in_org))


def _matching(key: InstallKey) -> tuple[ColumnElement[bool], ...]:
    """A workspace by its team id alone (team ids are unique across Slack, and a payload from a
    Grid workspace names its enterprise while an install may not); an org-wide install by its
    enterprise."""
    if key.team_id:
        return (
            SlackInstallationRow.client_id == key.client_id,
            SlackInstallationRow.team_id == key.team_id,
        )
    return (
        SlackInstallationRow.client_id == key.client_id,
        SlackInstallationRow.enterprise_id == key.enterprise_id,
        SlackInstallationRow.team_id == "",
    )
