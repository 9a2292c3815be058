"""Whose bot token the admin CLI's Slack name lookups (`#name`, `alice@…`, `@alice`) use: the one
bot token of a single-workspace app, else, in OAuth mode, the stored installation of the
workspace `--slack-team` names (opened with the database and the encryption key, as `signoff run`
opens it). A workspace of an Enterprise Grid org installed org-wide is found in its org as the
running app finds it (auth.teams.list), so a workspace that never sent Signoff a request can be
bound from the CLI too."""

from __future__ import annotations

from adapters.composition import build_runtime
from adapters.config import Settings
from adapters.name_lookup import NotResolved
from adapters.slack.app import web_client
from adapters.slack.ids import INSTALL_PATH
from adapters.slack.oauth import oauth_mode

NO_TOKEN = (
    "finding “{wanted}” needs a Slack bot token: set SLACK_BOT_TOKEN (one workspace), or, with "
    "the OAuth install (SLACK_CLIENT_ID, SLACK_CLIENT_SECRET), install the app in the workspace "
    "and name it with --slack-team T…"
)


async def lookup_token(settings: Settings, wanted: str, team: str | None) -> str:
    """The bot token to ask Slack with; NotResolved, saying what to set up, when there is none."""
    slack = settings.slack
    if slack.bot_token:
        return slack.bot_token
    if not slack.oauth:
        raise NotResolved(NO_TOKEN.format(wanted=wanted))
    if not team:
        raise NotResolved(
            f"finding “{wanted}” in OAuth mode needs --slack-team T…: the workspace whose "
            "installation Signoff asks"
        )
    async with await build_runtime(settings) as runtime:
        store = oauth_mode(slack, runtime.engine, runtime.services.clock).store
        # The client asks with each org-wide installation's own token; it holds none itself.
        token = await store.bot_token(team, ask=web_client(slack))
    if not token:
        raise NotResolved(
            f"finding “{wanted}” needs the app installed in workspace {team}: none is stored "
            f"(or it cannot be decrypted); install the app there at {INSTALL_PATH}"
        )
    return token
