"""Commands about the risk register (beside bot/commands.py)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.commands import Command
from bot.risks import Level


@dataclass(frozen=True, kw_only=True)
class ListRisks(Command):
    closed: bool = False  # `risks all`: the closed ones too


@dataclass(frozen=True, kw_only=True)
class ShowRisk(Command):
    number: int


@dataclass(frozen=True, kw_only=True)
class AddRisk(Command):
    title: str
    likelihood: Level | None = None  # None: medium
    impact: Level | None = None
    owner: str = ""  # a mention as typed
    mitigation: str = ""


@dataclass(frozen=True, kw_only=True)
class UpdateRisk(Command):
    """`risk update RK-n …`: each term given changes one."""

    number: int
    likelihood: Level | None = None
    impact: Level | None = None
    owner: str = ""
    mitigation: str = ""


class RiskAction(StrEnum):
    CLOSE = "close"
    REOPEN = "reopen"
    SHARE = "share"
    UNSHARE = "unshare"


@dataclass(frozen=True, kw_only=True)
class ChangeRisk(Command):
    number: int
    action: RiskAction
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class SetRiskThresholds(Command):
    """`project risks [overdue|rounds|silence N|default]`, `project risks default`: a project's
    own thresholds for the risks Signoff raises; nothing named: show them."""

    setting: str = ""  # a field of bot.risk_thresholds.ProjectRiskThresholds; "": every one
    value: int | None = None  # None: the studio's again
    reset: bool = False  # `project risks default`: every one the studio's again
