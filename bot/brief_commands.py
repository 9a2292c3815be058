"""Commands about the project's scope: its brief (beside bot/commands.py)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.brief import BriefDecisionKind
from bot.commands import Command


class BriefEdit(StrEnum):
    GOAL = "goal"
    ADD_DELIVERABLE = "add deliverable"
    REMOVE_DELIVERABLE = "remove deliverable"
    DUE = "due"  # a deliverable's due date
    CRITERIA = "criteria"  # a deliverable's acceptance criteria
    ADD_OUT_OF_SCOPE = "add out-of-scope"
    REMOVE_OUT_OF_SCOPE = "remove out-of-scope"
    BUDGET = "budget"
    ROUNDS = "rounds"


@dataclass(frozen=True, kw_only=True)
class ShowBrief(Command):
    version: int | None = None  # None: the newest


@dataclass(frozen=True, kw_only=True)
class EditBrief(Command):
    """One change to the brief's draft (a sent version is never changed: the next is drafted)."""

    edit: BriefEdit
    text: str = ""  # the goal, an out-of-scope item, or the budget as typed ("12000 EUR")
    name: str = ""  # a deliverable's name
    due: str = ""  # a deliverable's due date, as typed
    criteria: tuple[str, ...] = ()
    number: int = 0  # which deliverable or out-of-scope item, counting from 1
    rounds: int | None = None  # None: the project's own


@dataclass(frozen=True, kw_only=True)
class OpenBriefForm(Command):
    """`brief edit`: the whole brief as a form, filled with the draft as it stands."""


@dataclass(frozen=True, kw_only=True)
class SendBrief(Command):
    pass


@dataclass(frozen=True, kw_only=True)
class DecideBrief(Command):
    kind: BriefDecisionKind
    note: str = ""
    version: int | None = None  # buttons carry the version they were shown for


@dataclass(frozen=True, kw_only=True)
class DeliverableDraft:
    """A deliverable as a file or form gives it: its due date still as typed."""

    name: str
    due: str = ""
    criteria: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class ImportBrief(Command):
    """The whole brief at once (`signoff brief import`, a form): it replaces the draft's
    content, or drafts the next version after a sent one. A refusal names the field."""

    goal: str
    deliverables: tuple[DeliverableDraft, ...] = ()
    out_of_scope: tuple[str, ...] = ()
    budget: str = ""  # as typed, "12000 EUR"; "" for none
    rounds: int | None = None
