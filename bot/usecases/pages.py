"""The project's read-only web page: the PM gets a private link to hand to the client (signed,
expiring) and can make every link stop working at once; the web route opens a link here."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.context import Context
from bot.errors import Conflict
from bot.i18n import N_
from bot.messages import Reply
from bot.page_commands import MakePageLink, RevokePageLinks
from bot.pages import LINK_DAYS, PageLink, PageSite, Refusal, new_link_id, refusal, sign
from bot.pages import signed_link_id as read_token
from bot.ports import UnitOfWorkFactory

ONLY_PM = N_("Only a PM of {key} can hand out or revoke links to its page.")
PAGES_OFF = N_(
    "Project pages are off on this Signoff: the operator turns them on by setting "
    "SIGNOFF_PUBLIC_URL (the address where Signoff is reached, like https://signoff.example.com) "
    "and SIGNOFF_PAGE_SECRET (at least 32 random characters), then restarting it."
)
LINK_MADE = N_(
    "The read-only page of {name}, for you to pass on: {url}\n"
    "It works until {until}, for anyone who has it, without a login. "
    "“project page revoke” makes every link to it stop working at once."
)
REVOKED = N_("Every link to the page of {key} has stopped working ({count} revoked).")
NONE_TO_REVOKE = N_("No link to the page of {key} was working; nothing changed.")


async def make_page_link(command: MakePageLink, ctx: Context) -> list[Reply]:
    project = ctx.require_project()
    ctx.require("project page", ONLY_PM, key=project.key)
    site = ctx.policy.pages
    if not site.enabled:
        raise Conflict(PAGES_OFF)
    days = command.days or LINK_DAYS
    link = await ctx.uow.pages.add(
        PageLink(
            project_id=project.id,
            link_id=new_link_id(),
            created_by=ctx.actor,
            created_at=ctx.now,
            expires_at=ctx.now + timedelta(days=days),
        )
    )
    # The audit names the stored row, never the token: whoever reads the audit cannot open it.
    await ctx.record("page.link", project.key, link=link.id, days=days,
                     expires_at=link.expires_at.isoformat())  # fmt: skip
    url = site.url(sign(site.secret, link.link_id))
    # To the caller only (ephemeral in Slack): the channel may hold people the PM would not give
    # the link to.
    text = ctx.t(LINK_MADE, name=project.name, url=url, until=ctx.when(link.expires_at))
    return [ctx.to_caller(text)]


async def revoke_page_links(command: RevokePageLinks, ctx: Context) -> list[Reply]:
    project = ctx.require_project()
    ctx.require("project page revoke", ONLY_PM, key=project.key)
    count = await ctx.uow.pages.revoke_all(project.id, by=ctx.actor, at=ctx.now)
    if not count:
        return [ctx.to_caller(ctx.t(NONE_TO_REVOKE, key=project.key))]
    await ctx.record("page.revoked", project.key, count=count)
    return [ctx.to_caller(ctx.t(REVOKED, key=project.key, count=count))]


async def open_page_link(
    uow: UnitOfWorkFactory, site: PageSite, token: str, *, now: datetime
) -> int | Refusal:
    """The project a link opens, or why it opens nothing. Checked against the stored link on
    every request, so a revoke or an expiry holds from that instant on."""
    link_id = read_token(site.secret, token) if site.enabled else None
    if link_id is None:
        return Refusal.FORGED
    async with uow() as unit:
        link = await unit.pages.get(link_id)
    refused = refusal(link, now)
    if refused is not None or link is None:
        return refused or Refusal.UNKNOWN
    return link.project_id
