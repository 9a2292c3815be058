"""The project's money as data: the brief whose budget counts, the change requests accepted on
top of it, the total committed, and what waits on the client. Sums are exact (minor units),
in the project's one currency; the chat's `budget`, `status` and the export all read it here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.brief import Brief, BriefState
from bot.change_requests import ChangeRequest, ChangeState
from bot.money import Money, zero


@dataclass(frozen=True, kw_only=True)
class Budget:
    brief: Brief | None  # the brief whose budget counts: the confirmed one, else the newest
    base: Money  # its budget (zero, in the project's currency, without one)
    accepted: tuple[ChangeRequest, ...]
    waiting: tuple[ChangeRequest, ...]  # sent, waiting on the client

    @property
    def accepted_total(self) -> Money:
        return _sum(self.accepted, self.base.currency)

    @property
    def committed(self) -> Money:
        return self.base + self.accepted_total

    @property
    def waiting_total(self) -> Money:
        return _sum(self.waiting, self.base.currency)


def counted_brief(briefs: Sequence[Brief]) -> Brief | None:
    """The version whose budget counts: the newest confirmed, else the newest (oldest first in)."""
    confirmed = [b for b in briefs if b.state is BriefState.CONFIRMED]
    return confirmed[-1] if confirmed else (briefs[-1] if briefs else None)


def currency_of(briefs: Sequence[Brief], changes: Sequence[ChangeRequest]) -> str:
    """The project's one currency: the counted brief's budget's, else the newest brief's, else
    the first priced change request's; "" while nothing has a price."""
    for brief in (counted_brief(briefs), briefs[-1] if briefs else None):
        if brief is not None and brief.budget is not None:
            return brief.budget.currency
    return next((c.price.currency for c in changes if c.price is not None), "")


def budget_from(briefs: Sequence[Brief], changes: Sequence[ChangeRequest]) -> Budget:
    """The budget of a project with these brief versions (oldest first) and change requests."""
    brief = counted_brief(briefs)
    base = brief.budget if brief is not None and brief.budget is not None else None
    return Budget(
        brief=brief,
        base=base or zero(currency_of(briefs, changes)),
        accepted=tuple(c for c in changes if c.state is ChangeState.ACCEPTED),
        waiting=tuple(c for c in changes if c.state is ChangeState.SENT),
    )


def _sum(changes: tuple[ChangeRequest, ...], currency: str) -> Money:
    total = zero(currency)
    for change in changes:
        if change.price is not None:
            total += change.price
    return total
