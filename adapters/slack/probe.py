"""One Slack Web API call answered as data, a refusal included, with the headers Slack sent
(x-oauth-scopes says the token's scopes): what `signoff doctor` asks Slack."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

API_TIMEOUT_S = 10


@dataclass(frozen=True, kw_only=True)
class SlackAnswer:
    data: Mapping[str, Any]  # {"ok": false, "error": …} when Slack refused
    headers: Mapping[str, str]  # names in lower case

    @property
    def error(self) -> str:
        return "" if self.data.get("ok") else str(self.data.get("error") or "an error")


async def call(api_url: str, token: str, method: str, **params: Any) -> SlackAnswer:
    """`method` with `token`, once (no retries: a check reports what it saw). Raises aiohttp's
    or the OS's errors when Slack cannot be reached."""
    client = AsyncWebClient(token=token, base_url=api_url, timeout=API_TIMEOUT_S, retry_handlers=[])
    try:
        response = await client.api_call(method, data=params)
    except SlackApiError as exc:
        response = exc.response
    headers = {str(k).lower(): str(v) for k, v in (response.headers or {}).items()}
    data = dict(response.data) if isinstance(response.data, dict) else {}
    return SlackAnswer(data=data, headers=headers)
