"""Commands about change requests and the project's budget (beside bot/commands.py)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.change_requests import ChangeDecisionKind
from bot.commands import Command


@dataclass(frozen=True, kw_only=True)
class ListChanges(Command):
    pass


@dataclass(frozen=True, kw_only=True)
class ShowChange(Command):
    number: int


@dataclass(frozen=True, kw_only=True)
class RaiseChange(Command):
    """`change request "TITLE" [price AMOUNT] [days N] [M-n]`: drafted by the studio, or
    proposed by the client without a price."""

    title: str
    price: str = ""  # as typed, "800" (the project's currency) or "800 EUR"
    days: int | None = None
    milestone: int | None = None
    description: str = ""


@dataclass(frozen=True, kw_only=True)
class PriceChange(Command):
    """`change price CR-n AMOUNT [days N]`: the studio's price (and schedule) for a draft."""

    number: int
    price: str
    days: int | None = None


@dataclass(frozen=True, kw_only=True)
class SendChange(Command):
    number: int


@dataclass(frozen=True, kw_only=True)
class DecideChange(Command):
    number: int
    kind: ChangeDecisionKind
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class WithdrawChange(Command):
    number: int
    reason: str = ""


@dataclass(frozen=True, kw_only=True)
class ShowBudget(Command):
    pass
