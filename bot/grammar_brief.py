"""The brief's grammar: `brief …` shows, drafts, sends, confirms or asks for changes."""

from __future__ import annotations

import re

from bot import brief_commands as b
from bot.brief import BriefDecisionKind
from bot.commands import Command
from bot.fields import CHANGES_NOTE
from bot.grammar_milestones import CRITERIA_MISSING, criteria_list, criteria_text, split_criteria
from bot.grammar_scan import CHOOSE, EXTRA, Bad, Scanner
from bot.grammar_terms import DEFAULT_WORDS, revision_rounds
from bot.i18n import N_

ACTIONS = ("set", "add", "remove", "due", "criteria", "budget", "rounds", "edit", "send",
           "confirm", "changes")  # fmt: skip
# What `brief set`, `brief add` and `brief remove` take.
SET_WHAT = ("goal", "budget", "rounds")
LIST_WHAT = ("deliverable", "out-of-scope")

GOAL_MISSING = N_("Say what the project is for, like: brief set goal A brand the team can use.")
DELIVERABLE_MISSING = N_('Name the deliverable, like: brief add deliverable "Logo" due 2027-01-15.')
ITEM_MISSING = N_("Say what is out of scope, like: brief add out-of-scope Printing.")
NUMBER_BAD = N_("Say which one by its number in the brief, like 2.")
AMOUNT_MISSING = N_("Give the budget, like: brief budget 12000 EUR.")
DUE_MISSING = N_("Say the new due date, like: brief due 2 2027-01-15.")

_VERSION = re.compile(r"@?[vV](\d{1,6})")
# Where an unquoted name ends: "brief add deliverable Logo due … criteria: …".
_NAME_ENDS = frozenset({"due", "due:", "due：", "criteria:", "criteria：", "criteria"})


def parse_brief(sc: Scanner) -> Command:
    """`brief …` after the verb: nothing (or vN) shows it, else a sub-verb."""
    if not sc.peek():
        return b.ShowBrief()
    if version := _version(sc):
        sc.expect_end()
        return b.ShowBrief(version=version)
    action = sc.word().lower()
    if action not in ACTIONS:
        raise Bad(CHOOSE, verb="brief", choices="|".join(ACTIONS))
    if action == "set":
        what = sc.word().lower()
        if what not in SET_WHAT:
            raise Bad(CHOOSE, verb="brief set", choices="|".join(SET_WHAT))
        action = what
    if action in ("add", "remove"):
        return _list_change(action, sc)
    if action == "goal":
        if not (goal := sc.rest()):
            raise Bad(GOAL_MISSING)
        return b.EditBrief(edit=b.BriefEdit.GOAL, text=goal)
    if action == "budget":
        if not (amount := sc.rest()):
            raise Bad(AMOUNT_MISSING)
        return b.EditBrief(edit=b.BriefEdit.BUDGET, text=amount)
    if action == "rounds":
        if sc.peek().lower() in DEFAULT_WORDS:
            sc.word()
            sc.expect_end()
            return b.EditBrief(edit=b.BriefEdit.ROUNDS, rounds=None)
        rounds = revision_rounds(sc.word(), "brief rounds 2")
        sc.expect_end()
        return b.EditBrief(edit=b.BriefEdit.ROUNDS, rounds=rounds)
    if action == "due":
        number = _number(sc)
        if not (due := sc.rest().lstrip(":：").strip()):
            raise Bad(DUE_MISSING)
        return b.EditBrief(edit=b.BriefEdit.DUE, number=number, due=due)
    if action == "criteria":
        number = _number(sc)
        if not (items := criteria_list(criteria_text(sc.rest()))):
            raise Bad(CRITERIA_MISSING)
        return b.EditBrief(edit=b.BriefEdit.CRITERIA, number=number, criteria=items)
    if action == "send":
        sc.expect_end()
        return b.SendBrief()
    if action == "edit":
        sc.expect_end()
        return b.OpenBriefForm()
    kind = BriefDecisionKind.CONFIRM if action == "confirm" else BriefDecisionKind.CHANGES
    version = _version(sc)
    note = sc.rest()
    if kind is BriefDecisionKind.CHANGES and not note:
        raise Bad(CHANGES_NOTE.missing)
    return b.DecideBrief(kind=kind, note=note, version=version)


def _list_change(action: str, sc: Scanner) -> Command:
    what = sc.word().lower()
    if what not in LIST_WHAT:
        raise Bad(CHOOSE, verb=f"brief {action}", choices="|".join(LIST_WHAT))
    if action == "remove":
        number = _number(sc)
        sc.expect_end()
        edit = (
            b.BriefEdit.REMOVE_DELIVERABLE
            if what == "deliverable"
            else b.BriefEdit.REMOVE_OUT_OF_SCOPE
        )
        return b.EditBrief(edit=edit, number=number)
    if what == "out-of-scope":
        if not (item := sc.rest()):
            raise Bad(ITEM_MISSING)
        return b.EditBrief(edit=b.BriefEdit.ADD_OUT_OF_SCOPE, text=item)
    if not (name := sc.name(_NAME_ENDS)):
        raise Bad(DELIVERABLE_MISSING)
    dated = sc.peek().lower().rstrip(":：") == "due"
    if dated:
        sc.word()
    due, criteria = split_criteria(sc.rest())
    if due.strip() and not dated:
        raise Bad(EXTRA, text=due.strip())
    return b.EditBrief(
        edit=b.BriefEdit.ADD_DELIVERABLE,
        name=name,
        due=due.lstrip(":：").strip(),
        criteria=criteria_list(criteria),
    )


def _number(sc: Scanner) -> int:
    word = sc.word()
    if not (word.isascii() and word.isdigit() and 0 < int(word) < 1000):
        raise Bad(NUMBER_BAD)
    return int(word)


def _version(sc: Scanner) -> int | None:
    if match := _VERSION.fullmatch(sc.peek()):
        sc.word()
        return int(match.group(1))
    return None
