"""The risk register's grammar: `risk …` and `risks`."""

from __future__ import annotations

from typing import Any

from bot import aliases
from bot import grammar_scan as scan
from bot import risk_commands as rc
from bot.commands import Command
from bot.grammar_scan import CHOOSE, Bad, Scanner
from bot.i18n import N_
from bot.risks import LEVELS, Level

ACTIONS = ("add", "update", "close", "reopen", "share", "unshare")
TERMS = ("likelihood", "impact", "owner", "mitigation")
TITLE_MISSING = N_('Name the risk, like: risk add "Client feedback arrives late" impact high.')
LEVEL_BAD = N_("After “{word}”, say low, medium or high.")
TERMS_MISSING = N_("Say what changes: likelihood, impact, owner or mitigation.")


def parse_risks(sc: Scanner) -> Command:
    """`risks [all]`."""
    closed = sc.peek().lower() == "all"
    if closed:
        sc.word()
    sc.expect_end()
    return rc.ListRisks(closed=closed)


def parse_risk(sc: Scanner) -> Command:
    """`risk` alone lists, `risk RK-n` shows one, or a sub-verb."""
    if not sc.peek():
        return rc.ListRisks()
    if scan.looks_like_ref(sc.peek()):
        number, _ = scan.ref(sc.word(), "RK")
        sc.expect_end()
        return rc.ShowRisk(number=number)
    action = sc.word().lower()
    if action not in ACTIONS:
        raise Bad(CHOOSE, verb="risk", choices="|".join(ACTIONS))
    if action == "add":
        if not (title := sc.name(frozenset(TERMS))):
            raise Bad(TITLE_MISSING)
        return rc.AddRisk(title=title, **_terms(sc))
    number, _ = scan.ref(sc.word(), "RK")
    if action == "update":
        terms = _terms(sc)
        if not any(terms.values()):
            raise Bad(TERMS_MISSING)
        return rc.UpdateRisk(number=number, **terms)
    note = sc.rest() if action == "close" else ""
    if action != "close":
        sc.expect_end()
    return rc.ChangeRisk(number=number, action=rc.RiskAction(action), note=note)


def _terms(sc: Scanner) -> dict[str, Any]:
    """`likelihood L`, `impact L`, `owner @person` in any order, then `mitigation TEXT` (the
    rest of the line)."""
    found: dict[str, Any] = {"likelihood": None, "impact": None, "owner": "", "mitigation": ""}
    while word := sc.peek().lower():
        if word not in TERMS:
            raise Bad(scan.EXTRA, text=sc.rest())
        sc.word()
        if word == "mitigation":
            found["mitigation"] = sc.rest()
        elif word == "owner":
            found["owner"] = scan.person(sc.word())
        else:
            found[word] = _level(word, sc.word())
    return found


def _level(term: str, typed: str) -> Level:
    lowered = aliases.LEVELS.get(typed, typed).lower()
    if lowered not in {level.value for level in LEVELS}:
        raise Bad(LEVEL_BAD, word=term)
    return Level(lowered)
