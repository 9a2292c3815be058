"""The project page's grammar: `project page [days N]` and `project page revoke`."""

from __future__ import annotations

from bot import grammar_scan as scan
from bot.commands import Command
from bot.grammar_scan import Bad, Scanner
from bot.i18n import N_
from bot.page_commands import MakePageLink, RevokePageLinks
from bot.pages import MAX_LINK_DAYS

DAYS_BAD = N_("Say for how many days the link works: a whole number from 1 to {limit}.")


def parse_page(sc: Scanner) -> Command:
    """What follows `project page`."""
    word = sc.word().lower()
    if word == "revoke":
        sc.expect_end()
        return RevokePageLinks()
    if not word:
        return MakePageLink()
    if word != "days":
        raise Bad(scan.EXTRA, text=f"{sc.typed} {sc.rest()}".strip())
    typed = sc.word()
    sc.expect_end()
    # Full-width digits (３０) are what a Chinese keyboard may type; int() reads them.
    if not typed.isdecimal() or not 1 <= int(typed) <= MAX_LINK_DAYS:
        raise Bad(DAYS_BAD, limit=str(MAX_LINK_DAYS))
    return MakePageLink(days=int(typed))
