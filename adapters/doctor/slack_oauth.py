"""The Slack checks of OAuth mode (many workspaces, no one bot token): each stored installation
opened and its bot token asked (auth.test), then every bound channel asked with the token of
its own workspace."""

from __future__ import annotations

from collections.abc import Sequence

import aiohttp
from sqlalchemy.ext.asyncio import async_sessionmaker

from adapters.doctor import slack
from adapters.doctor.checks import Check, failed, passed, skipped
from adapters.slack.ids import INSTALL_PATH
from adapters.slack.probe import call
from adapters.slack.sealing import InvalidToken, Sealer, SealingKeyMissing
from adapters.slack.settings import SlackSettings
from bot.errors import StorageUnavailable
from storage.database import make_engine
from storage.health import BoundChannel
from storage.repositories.slack_installs import SqlSlackInstallations

INSTALL_AGAIN = f"install the app again at {INSTALL_PATH} in that workspace"


async def oauth_checks(
    settings: SlackSettings, database_url: str, bound: Sequence[BoundChannel]
) -> list[Check]:
    try:
        sealer = Sealer(settings.encryption_secret, settings.previous_encryption_secret)
    except SealingKeyMissing as exc:
        return [failed("Slack encryption key", str(exc), "set SIGNOFF_ENCRYPTION_KEY to it")]
    engine = make_engine(database_url)
    try:
        installations = SqlSlackInstallations(async_sessionmaker(engine, expire_on_commit=False))
        try:
            stored = await installations.every(settings.client_id)
        except StorageUnavailable:
            return [skipped("Slack installations", "the database could not be read")]
        checks: list[Check] = []
        tokens: dict[str, str] = {}  # by team id, an org-wide install's by its enterprise id
        for sealed in stored:
            team = sealed.key.team_id or sealed.key.enterprise_id
            check, token = await _installation_check(settings, sealer, team, sealed.sealed)
            checks.append(check)
            if token:
                tokens[team] = token
        if not stored:
            fix = f"open Signoff's https://…{INSTALL_PATH} in each workspace and Allow"
            checks.append(failed("Slack installations", "none stored: no workspace installed", fix))
        for one in bound:
            team = one.conversation.tenant or ""
            org = await installations.org_of(client_id=settings.client_id, team_id=team)
            token = tokens.get(team) or (tokens.get(org) if org else None)
            checks.append(await _channel_check(settings, one, token))
        return checks
    finally:
        await engine.dispose()


async def _installation_check(
    settings: SlackSettings, sealer: Sealer, team: str, sealed: str
) -> tuple[Check, str | None]:
    what = f"Slack workspace {team}"
    try:
        opened = sealer.open(sealed)
    except InvalidToken:
        reason = "its installation cannot be decrypted with SIGNOFF_ENCRYPTION_KEY(_PREVIOUS)"
        return failed(what, reason, INSTALL_AGAIN), None
    token = str(opened.get("bot_token") or "")
    if not token:
        return failed(what, "its installation has no bot token", INSTALL_AGAIN), None
    try:
        answer = await call(settings.api_url, token, "auth.test")
    except (aiohttp.ClientError, OSError, TimeoutError) as exc:
        return failed(what, f"Slack did not answer ({exc})", slack.UNREACHED_FIX), None
    if answer.error:
        return failed(what, f"its token is refused: Slack answered {answer.error}",
                      INSTALL_AGAIN), None  # fmt: skip
    name = answer.data.get("team") or "?"
    return passed(f"Slack workspace {name} ({team})", "installed, its token valid"), token


async def _channel_check(settings: SlackSettings, bound: BoundChannel, token: str | None) -> Check:
    what = f"{bound.project_key}: #{bound.conversation.channel}"
    team = bound.conversation.tenant
    if not team:
        fix = "bind it again with --slack-team T… (or from the channel: /signoff project bind KEY)"
        return failed(what, "the binding names no workspace, so no installation posts there", fix)
    if token is None:
        return failed(what, f"workspace {team} has no working installation", INSTALL_AGAIN)
    with_token = settings.model_copy(update={"bot_token": token})
    return (await slack.channel_checks(with_token, [bound], token_works=True))[0]
