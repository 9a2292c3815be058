"""Which Enterprise Grid org a workspace that never sent Signoff a request belongs to: asked of
Slack. An org-wide installation's token lists the workspaces the app is granted in
(auth.teams.list); the org whose list names the workspace is its org. A workspace no org lists
is remembered briefly, so a stray binding does not send Slack a lookup on every post."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.errors import error_code
from bot.ports import Clock

logger = logging.getLogger(__name__)
UNKNOWN_FOR = timedelta(minutes=5)  # an org granted the app a workspace since is found then
PAGE = 200  # workspaces per page of auth.teams.list
MAX_PAGES = 50  # 10,000 workspaces: an org larger than Slack's own largest stops here
MAX_UNKNOWN = 1000


class GridDirectory:
    """The org of a workspace, by asking each org-wide installation's token."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._unknown: dict[str, datetime] = {}  # team -> until when no org is asked again

    def forget(self) -> None:
        """An installation saved: a workspace no org listed before may be listed now."""
        self._unknown.clear()

    async def org_of(
        self, team_id: str, orgs: Sequence[tuple[str, str]], client: AsyncWebClient
    ) -> str | None:
        """The enterprise id, of `orgs` (enterprise id, bot token), whose token lists `team_id`;
        None when none does (or none could be asked)."""
        now = self._clock.now()
        if self._unknown.get(team_id, now) > now:
            return None
        for enterprise, token in orgs:
            try:
                if team_id in await _granted(client, token):
                    self._unknown.pop(team_id, None)
                    return enterprise
            except SlackApiError as exc:
                # Ids and Slack's error code only: the token never reaches a log line.
                logger.warning("could not list the workspaces of Grid org %s: %s", enterprise,
                               error_code(exc))  # fmt: skip
        if len(self._unknown) >= MAX_UNKNOWN:
            self._unknown.clear()
        self._unknown[team_id] = now + UNKNOWN_FOR
        return None


async def _granted(client: AsyncWebClient, token: str) -> set[str]:
    """Every workspace the org-wide install's `token` is granted in, page by page."""
    teams: set[str] = set()
    cursor = ""
    for _ in range(MAX_PAGES):
        # The token named in the call's arguments: the team-routed client keeps it as given
        # (slack_sdk sends it as the Authorization header, never in the URL).
        answer = await client.auth_teams_list(token=token, cursor=cursor or None, limit=PAGE)
        teams.update(str(team["id"]) for team in answer.get("teams") or [])
        cursor = str((answer.get("response_metadata") or {}).get("next_cursor") or "")
        if not cursor:
            break
    return teams
