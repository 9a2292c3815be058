"""The project's scope in its export: every version of the brief, every change request, and the
budget they commit; money as exact minor units and a decimal string, never a float."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.brief import Brief, BriefDeliverable
from bot.budget import budget_from
from bot.change_requests import ChangeRequest
from bot.money import Money

# The fields below are a record's raw values (people, moments) in the order of the export's
# row: export.py writes each one the way it writes every record, people named twice. These
# keep their "_id" beside them (null) while nobody has sent or decided the record yet.
PEOPLE = ("sent_by", "decided_by")


def brief_fields(brief: Brief) -> dict[str, Any]:
    """One version of the brief: drafted ("at", "by"), sent, and decided by the client."""
    return {
        "ref": brief.ref,
        "at": brief.drafted_at,
        "by": brief.drafted_by,
        "status": brief.state.value,
        "summary": brief.goal,
        "version": brief.version,
        "goal": brief.goal,
        "deliverables": [_deliverable(d) for d in brief.deliverables],
        "out_of_scope": list(brief.out_of_scope),
        "rounds": brief.rounds,  # null: the project's revision rounds
        "budget": money_data(brief.budget),
        "sent_by": brief.sent_by,
        "sent_at": brief.sent_at,
        "decided_by": brief.decided_by,
        "decided_at": brief.decided_at,
        "decision_note": brief.decision_note,
    }


def change_fields(change: ChangeRequest) -> dict[str, Any]:
    """One change request: raised ("at", "by"), sent, and accepted, declined or withdrawn
    ("decided_by", "decided_at", "decision_note")."""
    return {
        "ref": change.ref,
        "at": change.raised_at,
        "by": change.raised_by,
        "status": change.state.value,
        "summary": change.title,
        "number": change.number,
        "title": change.title,
        "description": change.description,
        "price": money_data(change.price),
        "days": change.days,
        "milestone": f"M-{change.milestone}" if change.milestone else None,
        "round": change.round,
        "sent_by": change.sent_by,
        "sent_at": change.sent_at,
        "decided_by": change.decided_by,
        "decided_at": change.decided_at,
        "decision_note": change.decision_note,
    }


def budget_summary(briefs: Sequence[Brief], changes: Sequence[ChangeRequest]) -> dict[str, Any]:
    """What the `budget` command says, as data: the brief whose budget counts (the newest
    confirmed version, else the newest), the accepted change requests on top of it, the total
    committed, and the sent ones waiting on the client. The totals are null while nothing has
    a price, or when the prices are not all in one currency (each record still has its own)."""
    budget = budget_from(briefs, changes)
    counted, currency = budget.brief, budget.base.currency
    # An archive is written whatever the data holds: prices that cannot be added are not summed.
    priced = bool(currency) and all(
        c.price is None or c.price.currency == currency for c in budget.accepted + budget.waiting
    )
    return {
        "brief": counted.ref if counted else None,
        "brief_budget": money_data(counted.budget if counted else None),
        "accepted": [c.ref for c in budget.accepted],
        "accepted_total": money_data(budget.accepted_total if priced else None),
        "committed": money_data(budget.committed if priced else None),
        "waiting": [c.ref for c in budget.waiting],
        "waiting_total": money_data(budget.waiting_total if priced else None),
    }


def money_data(money: Money | None) -> dict[str, Any] | None:
    """{"minor": 1200050, "currency": "EUR", "amount": "12000.50"}: exact either way."""
    if money is None:
        return None
    return {"minor": money.minor, "currency": money.currency, "amount": f"{money.amount:f}"}


def _deliverable(item: BriefDeliverable) -> dict[str, Any]:
    return {
        "name": item.name,
        "due": item.due.isoformat() if item.due else None,
        "criteria": list(item.criteria),
    }
