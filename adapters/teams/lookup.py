"""A Teams person's AAD object id from their email, read from the roster of a conversation the bot
is in: the Bot Connector's GET /v3/conversations/{id}/pagedmembers, page by continuation token.
The admin CLI calls it so nobody hunts for a GUID in the Azure portal."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import aiohttp

from adapters.name_lookup import CANDIDATES, NotResolved
from adapters.teams.settings import TeamsSettings

CONNECTOR_SCOPE = "https://api.botframework.com/.default"
PAGE = 100


@dataclass(frozen=True)
class TeamsMember:
    aad_id: str
    tenant: str
    name: str


class Roster:
    def __init__(self, session: aiohttp.ClientSession, settings: TeamsSettings) -> None:
        self._http, self._settings = session, settings
        self._token: str | None = None

    async def find(self, references: Sequence[dict[str, Any]], wanted: str) -> TeamsMember:
        """The one member whose email or userPrincipalName is `wanted` (ignoring case), in the
        first conversation of `references` that has them; NotResolved otherwise."""
        email = wanted.strip().casefold()
        near: list[str] = []
        for reference in references:
            async for member in self._members(reference):
                names = {
                    str(member.get(k) or "").casefold() for k in ("email", "userPrincipalName")
                }
                if email in names and member.get("aadObjectId"):
                    tenant = member.get("tenantId") or (reference.get("conversation") or {}).get(
                        "tenantId", ""
                    )
                    return TeamsMember(str(member["aadObjectId"]), str(tenant or ""),
                                       str(member.get("name") or ""))  # fmt: skip
                local = email.split("@", 1)[0]
                if local and any(n.startswith(local) for n in names):
                    near.append(str(member.get("email") or member.get("userPrincipalName")))
        if near:
            shown = ", ".join(sorted(set(near))[:CANDIDATES])
            raise NotResolved(f"nobody on the Teams roster has “{wanted}”; did you mean {shown}?")
        raise NotResolved(f"nobody on the Teams roster has the email “{wanted}”")

    async def _members(self, reference: dict[str, Any]) -> AsyncIterator[dict[str, Any]]:
        service = str(reference.get("serviceUrl") or "").rstrip("/")
        # A reference kept from a thread reply names the thread (…;messageid=…): the roster is
        # the channel's.
        conversation = str((reference.get("conversation") or {}).get("id") or "").split(";")[0]
        url = f"{service}/v3/conversations/{quote(conversation, safe='')}/pagedmembers"
        token = ""
        while True:
            params = {"pageSize": str(PAGE), **({"continuationToken": token} if token else {})}
            async with self._http.get(url, params=params, headers=await self._auth()) as answer:
                if answer.status != 200:
                    raise NotResolved(f"Teams would not list the members: HTTP {answer.status}")
                page = await answer.json(content_type=None)
            for member in page.get("members") or []:
                yield member
            token = str(page.get("continuationToken") or "")
            if not token:
                return

    async def _auth(self) -> dict[str, str]:
        """The Bot Connector's bearer token for the app (none when the bot runs without an app
        id, as for the Emulator and tests)."""
        if not self._settings.authenticated:
            return {}
        if self._token is None:
            single = self._settings.app_type == "SingleTenant"
            tenant = self._settings.app_tenant_id if single else "botframework.com"
            url = (
                f"{self._settings.login_url.rstrip('/')}/{quote(tenant, safe='')}/oauth2/v2.0/token"
            )
            form = {"client_id": self._settings.app_id,
                    "client_secret": self._settings.app_password,
                    "scope": CONNECTOR_SCOPE, "grant_type": "client_credentials"}  # fmt: skip
            async with self._http.post(url, data=form) as answer:
                body = await answer.json(content_type=None)
            token = body.get("access_token") if isinstance(body, dict) else None
            if answer.status != 200 or not isinstance(token, str):
                raise NotResolved("Microsoft sign-in refused the app's id and password")
            self._token = token
        return {"Authorization": f"Bearer {self._token}"}
