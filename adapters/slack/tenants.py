"""Many workspaces in one process: every Web API call carries the bot token of the workspace
it is made for. Who sets `current_team` (a command's origin, a reply's or a nudge's binding)
decides whose token is used; the call itself stays as it was written for one token."""

from __future__ import annotations

import contextvars
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.web.async_slack_response import AsyncSlackResponse

from adapters.slack.errors import error_code
from adapters.slack.installations import REFUSED_TOKEN, SignoffInstallationStore

# The Slack team (workspace) id the current request, reply or nudge belongs to.
current_team: contextvars.ContextVar[str] = contextvars.ContextVar("slack_team", default="")


class TeamRoutedClient(AsyncWebClient):
    """An AsyncWebClient that, once given `tokens`, authenticates each call with the bot token
    of `current_team`; a team with no installation is answered as Slack answers a revoked
    token, so the messenger marks the binding and the outbox stops retrying. A token Slack
    refuses is read again from the database, and the call made once more if it holds another."""

    tokens: SignoffInstallationStore | None = None

    async def api_call(
        self, api_method: str, *, headers: dict[str, str] | None = None, **kwargs: Any
    ) -> AsyncSlackResponse:
        team = current_team.get()
        if (
            self.tokens is None
            or kwargs.get("auth") is not None
            or api_method.startswith("oauth.")
            or _names_a_token(kwargs)
        ):
            return await super().api_call(api_method, headers=headers, **kwargs)
        token = await self.tokens.bot_token(team, ask=self) if team else None
        if token is None:
            raise SlackApiError(
                f"no Slack installation for team {team or '(none)'}",
                AsyncSlackResponse(
                    client=self, http_verb="POST", api_url=api_method, req_args={},
                    data={"ok": False, "error": "token_revoked"}, headers={}, status_code=200,
                ),
            )  # fmt: skip
        try:
            return await super().api_call(api_method, headers=_bearer(headers, token), **kwargs)
        except SlackApiError as exc:
            # The token this process holds may be stale (the app reinstalled through another
            # instance, which saved the new one), so it is read again.
            if error_code(exc) not in REFUSED_TOKEN:
                raise
            fresh = await self.tokens.fresh_bot_token(team, token, ask=self)
            if fresh is None:
                raise
        return await super().api_call(api_method, headers=_bearer(headers, fresh), **kwargs)


def _bearer(headers: dict[str, str] | None, token: str) -> dict[str, str]:
    return {**(headers or {}), "Authorization": f"Bearer {token}"}


def _names_a_token(kwargs: dict[str, Any]) -> bool:
    """A call given its own token (bolt's auth.test of an installation's) keeps it."""
    parts = (kwargs.get("params"), kwargs.get("json"), kwargs.get("data"))
    return any(isinstance(part, dict) and "token" in part for part in parts)
