"""bolt's installation and OAuth state stores over Signoff's own database: each workspace's (or
Enterprise Grid org's) installation sealed with `Sealer`, tokens never stored or logged in the
clear. The SQL is storage's (storage/repositories/slack_installs.py)."""

from __future__ import annotations

import logging
import secrets
from datetime import datetime, timedelta
from typing import Any

from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.installation_store.models.bot import Bot
from slack_sdk.oauth.installation_store.models.installation import Installation
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.grid import GridDirectory
from adapters.slack.sealing import InvalidToken, Sealer
from bot.ports import Clock
from storage.repositories.slack_installs import (
    InstallKey,
    SealedInstallation,
    SqlSlackInstallations,
)

logger = logging.getLogger(__name__)
MAX_CACHED = 1000
REVOKED = "token_revoked"  # the binding's problem, shown by `status` in the project's language
# What Slack answers a token it no longer honours: marks that installing again makes untrue.
REFUSED_TOKEN = frozenset({REVOKED, "invalid_auth", "account_inactive"})


def install_key(
    client_id: str, enterprise_id: str | None, team_id: str | None, is_enterprise_install: bool
) -> InstallKey:
    """As bolt keys them: an org-wide install answers for every workspace of its org."""
    team = "" if is_enterprise_install else (team_id or "")
    return InstallKey(client_id=client_id, enterprise_id=enterprise_id or "", team_id=team)


def _plain(installation: Installation) -> dict[str, Any]:
    """The installation as JSON values (timestamps instead of datetimes)."""
    values = installation.to_dict_for_copying()
    return {k: v.timestamp() if isinstance(v, datetime) else v for k, v in values.items()}


def _installation(values: dict[str, Any]) -> Installation:
    for expiry in ("bot_token_expires_at", "user_token_expires_at"):
        if values.get(expiry) is not None:
            values[expiry] = int(values[expiry])
    return Installation(**values)


class SignoffInstallationStore(AsyncInstallationStore):
    def __init__(self, *, repository: SqlSlackInstallations, sealer: Sealer, client_id: str,
                 clock: Clock) -> None:  # fmt: skip
        self._repository = repository
        self._sealer = sealer
        self._client_id = client_id
        self._clock = clock
        # Bot tokens by team for outbound calls (adapters/slack/tenants.py), forgotten when
        # this instance saves or removes the team's installation.
        self._bot_tokens: dict[str, str] = {}
        # Counts this instance's saves and removals: a lookup that one overtook (it read the
        # row before the change was committed) answers its caller but is not remembered.
        self._generation = 0
        # The Grid org of each workspace seen in a request, as written to the database (so a
        # request writes only the first time its workspace is seen by this process).
        self._orgs: dict[str, str] = {}
        # Installations no configured key opens, already logged (forgotten once saved again).
        self._undecryptable: set[InstallKey] = set()
        # Grid workspaces never seen in a request, looked up with Slack (adapters/slack/grid.py).
        self._grid = GridDirectory(clock)

    @property
    def logger(self) -> logging.Logger:
        return logger

    async def async_save(self, installation: Installation) -> None:
        key = install_key(self._client_id, installation.enterprise_id, installation.team_id,
                          bool(installation.is_enterprise_install))  # fmt: skip
        await self._repository.save(
            SealedInstallation(
                key=key,
                is_enterprise_install=bool(installation.is_enterprise_install),
                installer_user_id=installation.user_id or "",
                sealed=self._sealer.seal(_plain(installation)),
                installed_at=self._clock.now(),
            ),
            clears=REFUSED_TOKEN,
        )
        self._generation += 1
        self._bot_tokens.clear()  # a new token for the team, or for every team of an org
        self._grid.forget()  # an org installed now may list a workspace no org listed before
        self._undecryptable.discard(key)
        self._remember(key.team_id, installation)
        # Names and ids only: the installation's tokens never reach a log line.
        logger.info("Slack app installed in team %s (enterprise %s)", key.team_id or "-",
                    key.enterprise_id or "-")  # fmt: skip

    async def bot_token(self, team_id: str, *, ask: AsyncWebClient | None = None) -> str | None:
        """The bot token for posting into workspace `team_id`, None when not installed there.
        Given a client to `ask` Slack with, a workspace of no known org is looked for among
        the org-wide installations' workspaces."""
        if team_id in self._bot_tokens:
            return self._bot_tokens[team_id]
        found = await self.async_find_installation(enterprise_id=None, team_id=team_id)
        if found is None:
            # A workspace of an org-wide install: its row is keyed by the org, which the
            # requests from the workspace told us (kept in the database, so after a restart too).
            enterprise = self._orgs.get(team_id) or await self._repository.org_of(
                client_id=self._client_id, team_id=team_id
            )
            if not enterprise and ask is not None:
                # Never seen in a request (bound by the admin CLI): Slack knows its org.
                enterprise = await self._grid.org_of(team_id, await self._org_wide(), ask)
                if enterprise:
                    await self._remember_org(team_id, enterprise)
            if enterprise:
                self._orgs[team_id] = enterprise
                found = await self.async_find_installation(enterprise_id=enterprise,
                                                           team_id=team_id)  # fmt: skip
        return found.bot_token if found is not None and found.bot_token else None

    async def fresh_bot_token(
        self, team_id: str, stale: str, *, ask: AsyncWebClient | None = None
    ) -> str | None:
        """Slack refused `stale` for `team_id`: the token the database holds now if it is
        another (the app reinstalled through another instance), else None."""
        if self._bot_tokens.get(team_id) == stale:
            del self._bot_tokens[team_id]
        self._orgs.pop(team_id, None)  # the workspace's org is read again too
        token = await self.bot_token(team_id, ask=ask)
        return token if token and token != stale else None

    async def _org_wide(self) -> list[tuple[str, str]]:
        """Each org-wide installation's enterprise id and bot token (those that open)."""
        orgs = []
        for found in await self._repository.org_wide(self._client_id):
            try:
                token = self._sealer.open(found.sealed).get("bot_token")
            except InvalidToken:
                continue  # said by async_find_installation when the org's request comes
            if token:
                orgs.append((found.key.enterprise_id, str(token)))
        return orgs

    async def async_save_bot(self, bot: Bot) -> None:
        raise NotImplementedError("installations are saved whole (async_save)")

    async def async_find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        key = install_key(self._client_id, enterprise_id, team_id, bool(is_enterprise_install))
        generation = self._generation
        found = await self._repository.find(key)
        if found is None and not is_enterprise_install and enterprise_id:
            # A workspace of a Grid org whose app was installed org-wide.
            key = install_key(self._client_id, enterprise_id, None, True)
            found = await self._repository.find(key)
            if found is not None and team_id:
                await self._remember_org(team_id, enterprise_id)
        if found is None:
            return None
        if user_id is not None and user_id != found.installer_user_id:
            return None  # only the installer's user token is kept
        try:
            installation = _installation(self._sealer.open(found.sealed))
        except InvalidToken:
            # Treated as not installed (bolt answers "Please install this app"); said once per
            # workspace and process, not on every request from it.
            if key not in self._undecryptable:
                self._undecryptable.add(key)
                logger.error("a Slack installation (team %s) cannot be decrypted with the "
                             "configured keys: install the app again in that workspace",
                             key.team_id or key.enterprise_id)  # fmt: skip
            return None
        # bolt authorizes each request here before its listener runs, so the token is at hand
        # for the listener's calls without a second database session inside its unit of work
        # (on SQLite that session would wait for the unit of work's own write lock).
        if generation == self._generation:
            self._remember(team_id or "", installation)
        return installation

    async def _remember_org(self, team_id: str, enterprise_id: str) -> None:
        if self._orgs.get(team_id) == enterprise_id:
            return
        await self._repository.remember_org(client_id=self._client_id, team_id=team_id,
                                            enterprise_id=enterprise_id)  # fmt: skip
        if len(self._orgs) >= MAX_CACHED:
            self._orgs.clear()
        self._orgs[team_id] = enterprise_id

    def _remember(self, team_id: str, installation: Installation) -> None:
        if not team_id or not installation.bot_token:
            return
        if len(self._bot_tokens) >= MAX_CACHED:
            self._bot_tokens.clear()
        self._bot_tokens[team_id] = installation.bot_token

    async def async_find_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        found = await self.async_find_installation(
            enterprise_id=enterprise_id, team_id=team_id,
            is_enterprise_install=is_enterprise_install,
        )  # fmt: skip
        return found.to_bot() if found is not None and found.bot_token else None

    async def async_delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await self.async_delete_all(enterprise_id=enterprise_id, team_id=team_id)

    async def async_delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        """A user's token revoked: the installation keeps its bot token, without that user's."""
        if user_id is None:
            await self.async_delete_all(enterprise_id=enterprise_id, team_id=team_id)
            return
        found = await self.async_find_installation(
            enterprise_id=enterprise_id, team_id=team_id, user_id=user_id,
            is_enterprise_install=not team_id,
        )  # fmt: skip
        if found is not None and found.user_token:
            found.user_token = found.user_refresh_token = found.user_token_expires_at = None
            found.user_scopes = []
            await self.async_save(found)

    async def async_delete_all(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        """The app is gone from the workspace (or org): its installation and, marked on the
        workspace's bindings, the reason nothing reaches them any more."""
        key = install_key(self._client_id, enterprise_id, team_id, not team_id)
        self._generation += 1
        self._bot_tokens.clear()
        removed = await self._repository.remove(key, problem=REVOKED, at=self._clock.now())
        self._generation += 1  # what was read while the removal was under way is not kept
        self._bot_tokens.clear()
        if removed:
            logger.info("Slack app removed from team %s (enterprise %s)", key.team_id or "-",
                        key.enterprise_id or "-")  # fmt: skip


class SignoffOAuthStateStore(AsyncOAuthStateStore):
    """One-use states in the database, so the redirect may reach any instance."""

    def __init__(self, *, repository: SqlSlackInstallations, clock: Clock,
                 expiration_seconds: int = 600) -> None:  # fmt: skip
        self._repository = repository
        self._clock = clock
        self._lifetime = timedelta(seconds=expiration_seconds)

    @property
    def logger(self) -> logging.Logger:
        return logger

    async def async_issue(self, *args: Any, **kwargs: Any) -> str:
        state = secrets.token_urlsafe(24)
        await self._repository.keep_state(state, expires_at=self._clock.now() + self._lifetime)
        return state

    async def async_consume(self, state: str) -> bool:
        return await self._repository.consume_state(state, now=self._clock.now())
