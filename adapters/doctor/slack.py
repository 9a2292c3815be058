"""The Slack checks: the bot token and its scopes, the signing secret, the Socket Mode token, the
request URL, and every bound channel, each asked of Slack's Web API."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import aiohttp

from adapters.doctor.checks import Check, failed, passed, skipped
from adapters.doctor.reach import PLACEHOLDER_FIX, not_https, placeholder, unreachable
from adapters.slack.ids import EVENTS_PATH
from adapters.slack.manifest import scopes
from adapters.slack.probe import call
from adapters.slack.settings import SlackSettings
from storage.health import BoundChannel

REINSTALL = (
    "reinstall the app to the workspace (OAuth & Permissions) and set the new SLACK_BOT_TOKEN"
)


def _unreached(exc: BaseException) -> str:
    return f"Slack did not answer ({' '.join(str(exc).split()) or type(exc).__name__})"


UNREACHED_FIX = "check the network and SLACK_API_URL (https://slack.com/api/ unless testing)"


async def token_checks(settings: SlackSettings) -> tuple[list[Check], bool]:
    """The bot token (auth.test) and the scopes Slack says it carries; and whether it works."""
    what = "Slack bot token"
    try:
        answer = await call(settings.api_url, settings.bot_token, "auth.test")
    except (aiohttp.ClientError, OSError, TimeoutError) as exc:
        unchecked = skipped("Slack bot scopes", "Slack did not answer")
        return [failed(what, _unreached(exc), UNREACHED_FIX), unchecked], False
    if answer.error:
        fix = "copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions into SLACK_BOT_TOKEN"
        return [
            failed(what, f"Slack answered {answer.error}", fix),
            skipped("Slack bot scopes", "the bot token is not valid"),
        ], False
    team = answer.data.get("team") or "?"
    found = f"valid, workspace {team} ({answer.data.get('team_id', '?')})"
    return [passed(what, found), _scopes_check(answer.headers)], True


def _scopes_check(headers: Mapping[str, str]) -> Check:
    what = "Slack bot scopes"
    said = headers.get("x-oauth-scopes")
    if said is None:
        return failed(what, "Slack's answer did not say the token's scopes", UNREACHED_FIX)
    granted = {s.strip() for s in said.split(",") if s.strip()}
    missing = [s for s in scopes() if s not in granted]
    if missing:
        manifest = "(or its manifest: `signoff manifest slack`)"
        fix = f"add them to the app's bot scopes {manifest}, {REINSTALL}"
        return failed(what, "missing " + ", ".join(missing), fix)
    return passed(what, f"all {len(scopes())} the manifest asks for")


def signing_secret_check(settings: SlackSettings) -> Check:
    what = "Slack signing secret"
    if settings.socket_mode and not settings.request_url:
        return skipped(what, "Socket Mode needs none (Slack signs nothing sent over the socket)")
    if settings.signing_secret:
        return passed(what, "set, for HTTP mode")
    fix = (
        "copy the Signing Secret from Basic Information (App Credentials) into SLACK_SIGNING_SECRET"
    )
    return failed(what, "not set, but HTTP mode needs it to trust Slack's requests", fix)


async def app_token_check(settings: SlackSettings) -> Check:
    what = "Slack Socket Mode token"
    if not settings.socket_mode:
        return skipped(what, "SLACK_APP_TOKEN is not set (HTTP mode)")
    try:
        answer = await call(settings.api_url, settings.app_token, "apps.connections.open")
    except (aiohttp.ClientError, OSError, TimeoutError) as exc:
        return failed(what, _unreached(exc), UNREACHED_FIX)
    if answer.error:
        fix = (
            "create an app-level token with connections:write (Basic Information, App-Level "
            "Tokens), turn Socket Mode on and set it as SLACK_APP_TOKEN (xapp-…)"
        )
        return failed(what, f"apps.connections.open answered {answer.error}", fix)
    return passed(what, "valid: Slack opened a Socket Mode connection URL")


async def request_url_check(settings: SlackSettings) -> Check:
    what = "Slack request URL"
    url = settings.request_url
    if not url:
        if settings.socket_mode:
            return skipped(what, "Socket Mode needs none")
        return skipped(what, f"not configured (set SLACK_REQUEST_URL, …{EVENTS_PATH}, to check it)")
    if not_https(url):
        fix = (
            "serve Signoff behind HTTPS (a reverse proxy with TLS) and give Slack that https:// URL"
        )
        return failed(what, f"{url} is not HTTPS, and Slack calls only https:// URLs", fix)
    if placeholder(url):
        return failed(what, f"{url} is still the README's placeholder", PLACEHOLDER_FIX)
    problem = await unreachable(url)
    if problem:
        fix = "check the DNS name, the proxy in front and that `signoff run` is up behind it"
        return failed(what, f"{url} does not answer: {problem}", fix)
    return passed(what, f"{url} answers")


async def channel_checks(
    settings: SlackSettings, channels: Sequence[BoundChannel], *, token_works: bool
) -> list[Check]:
    """conversations.info for each bound Slack channel: found, and the bot in it."""
    if not channels:
        return []
    if not token_works:
        return [skipped("Slack channels", "the bot token is not valid")]
    return [await _channel_check(settings, bound) for bound in channels]


async def _channel_check(settings: SlackSettings, bound: BoundChannel) -> Check:
    channel = bound.conversation.channel
    what = f"{bound.project_key}: #{channel}"
    invite = "/invite @Signoff there"
    try:
        answer = await call(
            settings.api_url, settings.bot_token, "conversations.info", channel=channel
        )
    except (aiohttp.ClientError, OSError, TimeoutError) as exc:
        return failed(what, _unreached(exc), UNREACHED_FIX)
    if answer.error in ("channel_not_found", "not_in_channel"):
        return failed(what, "not found or the bot is not in it", invite)
    if answer.error == "missing_scope":
        fix = f"add channels:read and groups:read to the bot scopes, {REINSTALL}"
        return failed(what, "cannot be looked up: the token lacks a scope", fix)
    if answer.error:
        return failed(what, f"conversations.info answered {answer.error}", UNREACHED_FIX)
    info = answer.data.get("channel") or {}
    name = f" (#{info['name']})" if isinstance(info, dict) and info.get("name") else ""
    if isinstance(info, dict) and info.get("is_archived"):
        fix = "unarchive it, or bind the project to another channel"
        return failed(what + name, "the channel is archived", fix)
    if isinstance(info, dict) and info.get("is_member") is False:
        return failed(what + name, "the bot is not in it", invite)
    return passed(what + name, "reachable")
