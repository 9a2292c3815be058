"""The grammar of change requests (`change …`) and of `budget`."""

from __future__ import annotations

from bot import change_commands as cc
from bot import grammar_scan as scan
from bot.change_requests import MAX_DAYS, ChangeDecisionKind
from bot.commands import Command
from bot.grammar_scan import CHOOSE, Bad, Scanner
from bot.i18n import N_

ACTIONS = ("list", "request", "price", "send", "accept", "decline", "withdraw")
TITLE_MISSING = N_('Say what the change is, like: change request "Extra banner sizes" price 800.')
PRICE_MISSING = N_("Give the price, like: change price CR-1 800 EUR days 3.")
DAYS_BAD = N_("Give the days as a whole number from 0 to {max}, like: days 3.")
# Words that end a title typed without quotes, and start the request's terms.
_TERMS = frozenset({"price", "days", "价格", "报价", "天数"})


def parse_change(sc: Scanner) -> Command:
    """`change …` after the verb: nothing lists them, CR-n shows one, or a sub-verb."""
    if not sc.peek():
        return cc.ListChanges()
    if scan.looks_like_ref(sc.peek()):
        number, _ = scan.ref(sc.word(), "CR")
        sc.expect_end()
        return cc.ShowChange(number=number)
    action = sc.word().lower()
    if action not in ACTIONS:
        raise Bad(CHOOSE, verb="change", choices="|".join(ACTIONS))
    if action == "list":
        sc.expect_end()
        return cc.ListChanges()
    if action == "request":
        return _request(sc)
    number, _ = scan.ref(sc.word(), "CR")
    if action == "price":
        price, days, _ = _terms(sc, first="price")
        if not price:
            raise Bad(PRICE_MISSING)
        return cc.PriceChange(number=number, price=price, days=days)
    if action == "send":
        sc.expect_end()
        return cc.SendChange(number=number)
    if action == "withdraw":
        return cc.WithdrawChange(number=number, reason=sc.rest())
    kind = ChangeDecisionKind.ACCEPT if action == "accept" else ChangeDecisionKind.DECLINE
    return cc.DecideChange(number=number, kind=kind, note=sc.rest())


def _request(sc: Scanner) -> Command:
    title = sc.name(_TERMS)
    milestone = None
    # An unquoted title may end with the milestone it touches: "Extra round M-1 price 800".
    if len(words := title.rsplit(maxsplit=1)) == 2 and scan.looks_like_milestone(words[1]):
        title, milestone = words[0], scan.ref(words[1], "M")[0]
    if not title:
        raise Bad(TITLE_MISSING)
    price, days, named = _terms(sc)
    return cc.RaiseChange(title=title, price=price, days=days, milestone=named or milestone)


def _terms(sc: Scanner, *, first: str = "") -> tuple[str, int | None, int | None]:
    """`price AMOUNT`, `days N` and `M-n`, in any order, up to the end of the line."""
    price, days, milestone = [], None, None
    expecting = first
    while word := sc.peek():
        lowered = word.lower()
        if lowered in ("price", "价格", "报价"):
            sc.word()
            expecting = "price"
        elif lowered in ("days", "天数"):
            sc.word()
            days = _days(sc.word())
            expecting = ""
        elif scan.looks_like_milestone(word):
            milestone = scan.ref(sc.word(), "M")[0]
            expecting = ""
        elif expecting == "price":
            price.append(sc.word())
        else:
            raise Bad(scan.EXTRA, text=sc.rest())
    return " ".join(price), days, milestone


def _days(word: str) -> int:
    digits = word.strip().removesuffix("天")
    if not (digits.isascii() and digits.isdigit() and int(digits) <= MAX_DAYS):
        raise Bad(DAYS_BAD, max=str(MAX_DAYS))
    return int(digits)
