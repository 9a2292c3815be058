"""Change requests: work beyond the confirmed brief, priced and accepted before it starts.

CR-n is drafted by the studio (or proposed by the client without a price, and priced by the
PM), sent to the client's approvers, and accepted or declined once; an accepted one adds its
price to the project's committed budget and its working days to the milestone it touches. A
request may be withdrawn before anyone decided it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.model import Person
from bot.money import Money

MAX_DAYS = 365  # working days a change may add; more is a typo


class ChangeState(StrEnum):
    DRAFT = "draft"  # the studio is still pricing it; the client has not been asked
    SENT = "sent"  # waiting on the client's approvers
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


class ChangeDecisionKind(StrEnum):
    ACCEPT = "accept"
    DECLINE = "decline"


OUTCOME = {ChangeDecisionKind.ACCEPT: ChangeState.ACCEPTED,
           ChangeDecisionKind.DECLINE: ChangeState.DECLINED}  # fmt: skip


@dataclass(kw_only=True)
class ChangeRequest:
    id: int = 0
    project_id: int
    number: int = 0
    title: str
    description: str = ""
    price: Money | None = None  # None until the studio prices it
    days: int = 0  # working days it adds to the milestone's due date
    milestone: int | None = None  # the number of the milestone it touches (M-n)
    round: int | None = None  # the revision round over allowance it was opened for
    state: ChangeState = ChangeState.DRAFT
    raised_by: Person | None = None
    raised_at: datetime | None = None
    sent_by: Person | None = None
    sent_at: datetime | None = None
    decided_by: Person | None = None  # who accepted, declined or withdrew it
    decided_at: datetime | None = None
    decision_note: str = ""
    seq: int = 0  # bumped by every write: a change saves only over what it read

    @property
    def ref(self) -> str:
        return f"CR-{self.number}"

    @property
    def open(self) -> bool:
        """Not decided nor withdrawn: it may still be priced, sent, or withdrawn."""
        return self.state in (ChangeState.DRAFT, ChangeState.SENT)
