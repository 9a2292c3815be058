"""Every check of `signoff doctor`, in the order printed: the database first (the bindings are
read from it), then Slack, Teams and the bound channels on each."""

from __future__ import annotations

from adapters.config import Settings
from adapters.doctor import slack, slack_oauth, teams
from adapters.doctor.checks import Check, failed, skipped
from adapters.doctor.database import database_checks, missing_file
from bot.errors import StorageUnavailable
from bot.model import Platform
from storage.database import make_engine
from storage.health import BoundChannel, bound_channels

SLACK_OFF = "not configured (set SLACK_BOT_TOKEN, with SLACK_APP_TOKEN or SLACK_SIGNING_SECRET)"
TEAMS_OFF = "not configured (set MICROSOFT_APP_ID and its password and tenant)"


async def run_checks(settings: Settings) -> list[Check]:
    checks, bound = await _database(settings.database.url)
    checks += await _slack(
        settings, [b for b in bound or () if b.conversation.platform is Platform.SLACK]
    )
    checks += await _teams(
        settings, [b for b in bound or () if b.conversation.platform is Platform.TEAMS]
    )
    if bound is None:
        checks.append(skipped("Bound channels", "the database could not be read"))
    return checks


async def _database(url: str) -> tuple[list[Check], list[BoundChannel] | None]:
    if (missing := missing_file(url)) is not None:
        return [missing], None
    engine = make_engine(url)
    try:
        checks, answered = await database_checks(engine, url)
        if not answered:
            return checks, None
        try:
            return checks, await bound_channels(engine)
        except StorageUnavailable:  # a schema too old or too new to read: said above
            return checks, None
    finally:
        await engine.dispose()


def _not_served(platform: str, bound: list[BoundChannel], fix: str) -> list[Check]:
    """Bindings on a platform this configuration does not serve: nothing reaches them."""
    return [
        failed(
            f"{b.project_key}: {platform} {b.conversation.channel}",
            f"bound on {platform}, which this Signoff does not serve",
            fix,
        )
        for b in bound
    ]


async def _slack(settings: Settings, bound: list[BoundChannel]) -> list[Check]:
    config = settings.slack
    # OAuth mode (many workspaces) has no one bot token: each installation brings its own.
    oauth = bool(getattr(config, "oauth", False)) and not config.bot_token
    if not config.bot_token and not oauth:
        checks = [skipped("Slack", SLACK_OFF)]
        return checks + _not_served("Slack", bound, "set SLACK_BOT_TOKEN, or unbind it")
    if oauth:
        per_workspace = "OAuth mode: each workspace's installation has its own token"
        checks, works = [skipped("Slack bot token", per_workspace)], True
    else:
        checks, works = await slack.token_checks(config)
    if not config.enabled:
        fix = "set SLACK_APP_TOKEN for Socket Mode (no public URL) or SLACK_SIGNING_SECRET for HTTP"
        checks.append(failed("Slack mode", "neither Socket Mode nor HTTP is configured", fix))
    else:
        checks.append(slack.signing_secret_check(config))
    checks.append(await slack.app_token_check(config))
    checks.append(await slack.request_url_check(config))
    if oauth:
        return checks + await slack_oauth.oauth_checks(config, settings.database.url, bound)
    return checks + await slack.channel_checks(config, bound, token_works=works)


async def _teams(settings: Settings, bound: list[BoundChannel]) -> list[Check]:
    config = settings.teams
    if not config.enabled:
        fix = "set MICROSOFT_APP_ID and its password, or unbind it"
        return [skipped("Teams", TEAMS_OFF), *_not_served("Teams", bound, fix)]
    checks = [await teams.credentials_check(config), teams.endpoint_check(config)]
    return checks + teams.conversation_checks(bound)
