"""The Teams checks: the app's credentials obtain a token from the Microsoft identity platform
(the client-credentials request botframework makes for every post), the messaging endpoint is
HTTPS, and every bound conversation has the reference a proactive post needs."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import quote

import aiohttp

from adapters.doctor.checks import Check, failed, passed, skipped
from adapters.doctor.reach import PLACEHOLDER_FIX, not_https, placeholder
from adapters.teams.settings import TeamsSettings
from storage.health import BoundChannel

# What botframework asks for (botframework-connector's AuthenticationConstants): a token for the
# Bot Connector, from the app's own tenant, or Bot Framework's for a multi-tenant app.
BOT_SCOPE = "https://api.botframework.com/.default"
MULTI_TENANT = "botframework.com"
TOKEN_TIMEOUT_S = 10.0


def token_url(settings: TeamsSettings) -> str:
    tenant = settings.app_tenant_id if settings.app_type == "SingleTenant" else MULTI_TENANT
    return f"{settings.login_url.rstrip('/')}/{quote(tenant, safe='')}/oauth2/v2.0/token"


async def credentials_check(settings: TeamsSettings) -> Check:
    what = "Teams app credentials"
    if not settings.authenticated:
        return skipped(what, "no app id: Teams is served unauthenticated, for the Emulator only")
    if settings.app_type == "UserAssignedMSI":
        return skipped(
            what, "a managed identity's token comes from Azure itself, not checkable here"
        )
    form = {"grant_type": "client_credentials", "client_id": settings.app_id,
            "client_secret": settings.app_password, "scope": BOT_SCOPE}  # fmt: skip
    try:
        async with (
            aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=TOKEN_TIMEOUT_S)) as http,
            http.post(token_url(settings), data=form) as response,
        ):
            answer = await response.json(content_type=None)
    except (aiohttp.ClientError, OSError, TimeoutError, ValueError) as exc:
        reason = " ".join(str(exc).split()) or type(exc).__name__
        fix = "check the network and teams.login_url (https://login.microsoftonline.com)"
        return failed(what, f"the Microsoft login endpoint did not answer ({reason})", fix)
    if response.status == 200 and isinstance(answer, dict) and answer.get("access_token"):
        return passed(what, "Microsoft issued a Bot Framework token")
    error = answer.get("error") if isinstance(answer, dict) else None
    fix = (
        "copy the Azure Bot's Microsoft App ID and a current client secret (Configuration, "
        "Manage Password) into MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD, with its tenant "
        "and app type"
    )
    return failed(what, f"no token: Microsoft answered {error or response.status}", fix)


def endpoint_check(settings: TeamsSettings) -> Check:
    what = "Teams messaging endpoint"
    url = settings.messaging_endpoint
    if not url:
        return skipped(what, "not configured (set MICROSOFT_MESSAGING_ENDPOINT to check it)")
    if not_https(url):
        fix = "serve Signoff behind HTTPS and set that https://…/api/messages on the Azure Bot"
        return failed(what, f"{url} is not HTTPS, and Teams calls only https:// endpoints", fix)
    if placeholder(url):
        return failed(what, f"{url} is still the README's placeholder", PLACEHOLDER_FIX)
    return passed(what, f"{url} is HTTPS")


def conversation_checks(conversations: Sequence[BoundChannel]) -> list[Check]:
    """A post to a Teams conversation needs its stored reference (its service URL above all),
    which Teams hands over with the first activity there."""
    checks = []
    for bound in conversations:
        what = f"{bound.project_key}: Teams conversation {bound.conversation.channel}"
        reference = bound.reference or {}
        if reference.get("serviceUrl"):
            checks.append(passed(what, "its reference is stored"))
        else:
            fix = "@mention Signoff there once (or add the app to that team again) so it can post"
            checks.append(failed(what, "no stored reference: Signoff cannot post there yet", fix))
    return checks
