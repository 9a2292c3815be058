"""Commands about the project's read-only web page (beside bot/commands.py)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.commands import Command


@dataclass(frozen=True, kw_only=True)
class MakePageLink(Command):
    """`project page [days N]`: a private link for the PM to hand to the client."""

    days: int | None = None  # None: bot.pages.LINK_DAYS


@dataclass(frozen=True, kw_only=True)
class RevokePageLinks(Command):
    """`project page revoke`: every link of the project stops working."""
