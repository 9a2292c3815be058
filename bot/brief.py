"""The project's brief: what the client confirms before the work starts (the goal, the
deliverables with their due dates and acceptance criteria, the revision rounds each includes,
the budget, what is out of scope).

A brief is kept in versions, like a milestone: the PM drafts v1, sends it, and the client's
approvers confirm it or ask for changes. Once sent a version is never edited again: the PM's
next edit drafts the next version from it, and a confirmed version stays the project's
reference until a later one is confirmed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum

from bot.model import Person
from bot.money import Money

# More than any brief needs; a brief past these is a mistake (a loop in an import, a paste).
MAX_DELIVERABLES = 50
MAX_OUT_OF_SCOPE = 50


class BriefState(StrEnum):
    DRAFT = "draft"  # the PM is still writing it; the client has not seen it
    SENT = "sent"  # posted for the client's approvers, waiting on one of them
    CONFIRMED = "confirmed"
    CHANGES = "changes requested"
    SUPERSEDED = "superseded"  # a later version was sent before the client decided on this one


class BriefDecisionKind(StrEnum):
    CONFIRM = "confirm"
    CHANGES = "changes"


@dataclass(frozen=True, kw_only=True)
class BriefDeliverable:
    """One thing the studio will deliver: each becomes a milestone when the brief is confirmed."""

    name: str
    due: date | None = None  # every deliverable has one before the brief is sent
    criteria: tuple[str, ...] = ()


@dataclass(kw_only=True)
class Brief:
    id: int = 0
    project_id: int
    version: int = 1
    state: BriefState = BriefState.DRAFT
    goal: str = ""
    deliverables: tuple[BriefDeliverable, ...] = ()
    out_of_scope: tuple[str, ...] = ()
    rounds: int | None = None  # revision rounds each milestone includes; None: the project's
    budget: Money | None = None
    drafted_by: Person | None = None
    drafted_at: datetime | None = None
    sent_by: Person | None = None
    sent_at: datetime | None = None
    decided_by: Person | None = None
    decided_at: datetime | None = None
    decision_note: str = ""  # what the client asked to change
    # How many times the stored row was written: an edit saves only over what it read.
    seq: int = 0

    @property
    def ref(self) -> str:
        return f"v{self.version}"

    @property
    def editable(self) -> bool:
        """Only a draft is edited in place; any other version is the record of what was sent."""
        return self.state is BriefState.DRAFT

    def next_draft(self, *, by: Person, at: datetime) -> Brief:
        """The next version, drafted from this one: what the PM edits after sending it."""
        return replace(
            self,
            id=0,
            version=self.version + 1,
            state=BriefState.DRAFT,
            drafted_by=by,
            drafted_at=at,
            sent_by=None,
            sent_at=None,
            decided_by=None,
            decided_at=None,
            decision_note="",
        )

    def missing_dates(self) -> list[int]:
        """The numbers (1-based) of the deliverables without a due date."""
        return [n for n, item in enumerate(self.deliverables, 1) if item.due is None]


def outcome(kind: BriefDecisionKind) -> BriefState:
    return BriefState.CONFIRMED if kind is BriefDecisionKind.CONFIRM else BriefState.CHANGES
