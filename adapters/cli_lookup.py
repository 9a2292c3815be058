"""The admin CLI's names to ids: `#acme-design`, `alice@studio.com`, `@alice` on Slack, an email on
Teams. Each asks the platform with the configured credentials; a name that resolves to nobody or
to several raises NotResolved with the one line to show."""

from __future__ import annotations

import argparse

import aiohttp

from adapters.cli_slack_token import lookup_token
from adapters.composition import build_runtime
from adapters.config import Settings
from adapters.name_lookup import NotResolved
from adapters.slack import lookup as slack
from adapters.teams import lookup as teams
from bot.model import Platform


async def named_channel(args: argparse.Namespace, settings: Settings) -> None:
    """`--slack-channel '#name'` becomes the channel's id, asked of Slack."""
    if args.slack_channel:
        args.slack_channel = await slack_channel(settings, args.slack_channel, args.slack_team)


async def named_person(args: argparse.Namespace, settings: Settings) -> None:
    """`--slack-user alice@… / @alice` and `--teams-user alice@…` become the person's id (and
    their name and tenant, unless given), asked of the platform."""
    if args.slack_user:
        found = await slack_user(settings, args.slack_user, args.slack_team)
        args.slack_user, args.name = found.user_id, args.name or found.name
    elif args.teams_user and "@" in args.teams_user:
        member = await teams_user(settings, args.key, args.teams_user)
        args.teams_user, args.name = member.aad_id, args.name or member.name
        args.teams_tenant = args.teams_tenant or member.tenant


async def slack_channel(settings: Settings, wanted: str, team: str | None = None) -> str:
    """A channel id from `#name`; anything else is taken for an id, as given."""
    if not wanted.startswith("#"):
        return wanted  # an id, checked where it is used
    client = slack.client_for(settings.slack, await lookup_token(settings, wanted, team))
    return await slack.channel_id(client, wanted)


async def slack_user(settings: Settings, wanted: str, team: str | None = None) -> slack.SlackUser:
    """A person from an email or `@name`; anything else is taken for an id, as given."""
    if "@" not in wanted:
        return slack.SlackUser(wanted, "")  # an id, checked where it is used
    client = slack.client_for(settings.slack, await lookup_token(settings, wanted, team))
    return await slack.user(client, wanted)


async def teams_user(settings: Settings, key: str, wanted: str) -> teams.TeamsMember:
    """A person from their email or userPrincipalName, on the roster of a Teams conversation
    the project `key` is bound to (the first that knows them)."""
    async with await build_runtime(settings) as runtime:
        async with runtime.services.uow() as uow:
            project = await uow.projects.get_by_key(key)
            if project is None:
                raise NotResolved(f"there is no project “{key}”")
            bound = [
                c for c in await uow.projects.bindings(project.id) if c.platform is Platform.TEAMS
            ]
            references = [r for c in bound if (r := await uow.platform.reference(c)) is not None]
    if not references:
        raise NotResolved(
            f"{key} has no Teams conversation Signoff was added to, or Signoff does not know its "
            "roster yet: it learns it once someone writes in that channel after Signoff was added "
            "(e.g. `@Signoff help`); do that and try again, or give the AAD object id"
        )
    async with aiohttp.ClientSession() as session:
        roster = teams.Roster(session, settings.teams)
        return await roster.find(references, wanted)
