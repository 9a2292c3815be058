"""The milestone verbs' grammar: `milestone …` (plan, view, correct), `withdraw`, a bare M-n."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot import commands as c
from bot import grammar_scan as scan
from bot.commands import Command, Unparsed
from bot.grammar_scan import CHOOSE, Bad, Scanner
from bot.grammar_terms import parse_milestone_rounds
from bot.i18n import N_

MILESTONE_NAME_MISSING = N_('Give the milestone a name, like "Concepts".')
DUE_MISSING = N_("Say when it is due, like: due 2026-12-15.")
NEW_DUE_MISSING = N_("Say the new due date, like: milestone due M-2 2026-12-15.")
CRITERIA_MISSING = N_("List the criteria, separated by semicolons: a; b; c.")

# "criteria:" may follow Chinese text without a space ("下周五criteria:"), so no \b before it.
_CRITERIA = re.compile(r"(?:(?<![A-Za-z])criteria|标准)\s*[:：]", re.IGNORECASE)
_CRITERIA_SEP = re.compile(r"[;；]")
_DUE = frozenset({"due", "due:", "due："})

ACTIONS = ("add", "rename", "due", "criteria", "rounds", "cancel", "reopen")


def criteria_list(text: str) -> tuple[str, ...]:
    """ "a; b；c" as ("a", "b", "c"), empty items dropped."""
    return tuple(item.strip() for item in _CRITERIA_SEP.split(text) if item.strip())


def split_criteria(text: str) -> tuple[str, str]:
    """What comes before "criteria:" in `text`, and the criteria after it ("" without one)."""
    before, *after = _CRITERIA.split(text, maxsplit=1)
    return before, "".join(after)


def criteria_text(text: str) -> str:
    """The criteria of `milestone criteria M-n …`, typed with or without "criteria:"."""
    text = _CRITERIA.sub("", text, count=1) if _CRITERIA.match(text) else text
    return text.lstrip(":：")


def parse_milestone(sc: Scanner) -> Command:
    """`milestone …` after the verb: nothing lists them, `M-n` shows one, or a sub-verb."""
    if not sc.peek():
        return c.ListMilestones()
    if scan.looks_like_ref(sc.peek()):
        number, _ = scan.ref(sc.word(), "M")
        sc.expect_end()
        return c.ShowMilestone(number=number)
    action = sc.word().lower()
    if action not in ACTIONS:
        # Compact: echoed choices are cut at 40 characters; the usage lines follow anyway.
        raise Bad(CHOOSE, verb="milestone", choices="|".join(ACTIONS))
    if action == "add":
        return _add(sc)
    number, _ = scan.ref(sc.word(), "M")
    if action == "rename":
        if not (name := sc.name(frozenset())):
            raise Bad(MILESTONE_NAME_MISSING)
        sc.expect_end()
        return c.RenameMilestone(number=number, name=name)
    if action == "due":
        if not (due := sc.rest().lstrip(":：").strip()):
            raise Bad(NEW_DUE_MISSING)
        return c.RedateMilestone(number=number, due=due)
    if action == "criteria":
        if not (items := criteria_list(criteria_text(sc.rest()))):
            raise Bad(CRITERIA_MISSING)
        return c.SetMilestoneCriteria(number=number, criteria=items)
    if action == "rounds":
        return parse_milestone_rounds(number, sc)
    if action == "cancel":
        return c.CancelMilestone(number=number, reason=sc.rest())
    sc.expect_end()
    return c.ReopenMilestone(number=number)


def _add(sc: Scanner) -> Command:
    if not (name := sc.name(_DUE)):
        raise Bad(MILESTONE_NAME_MISSING)
    if sc.peek().lower().rstrip(":：") != "due":
        if sc.peek():
            raise Bad(scan.EXTRA, text=sc.rest())
        raise Bad(DUE_MISSING)
    sc.word()
    due, criteria = split_criteria(sc.rest())
    due = due.lstrip(":：").strip()
    if not due:
        raise Bad(DUE_MISSING)
    return c.AddMilestone(name=name, due=due, criteria=criteria_list(criteria))


def parse_withdraw(sc: Scanner) -> Command:
    """`withdraw M-n` (or `withdraw M-n@v3`, as a card would name the version)."""
    number, version = scan.ref(sc.word(), "M", versioned=True)
    sc.expect_end()
    return c.WithdrawVersion(number=number, version=version)


def reference_parser(word: str) -> Callable[[Scanner], Command] | None:
    """A line that starts with a milestone reference ("M-2") shows that milestone."""
    if not scan.looks_like_milestone(word):
        return None

    def show(sc: Scanner) -> Command:
        try:
            number, _ = scan.ref(word, "M")
            sc.expect_end()
        except Bad as bad:  # answered with the milestone verb's usage, not "unknown command"
            return Unparsed(verb="milestone", reason=bad.reason, params=bad.params)
        return c.ShowMilestone(number=number)

    return show
