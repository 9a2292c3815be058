"""The `scheduler:` block of app.yaml: which nudges run and when, the risks a pass raises by
itself, grace, leases and pacing."""

from __future__ import annotations

from datetime import time, timedelta
from typing import Literal

from pydantic import Field, model_validator

from adapters.settings_base import Block, OptionalBlock
from bot.dates import WEEKDAYS, Weekday
from bot.model import Platform, Severity
from bot.nudges.model import NudgeConfig, NudgeKind, NudgeRule
from bot.risks import RiskThresholds
from scheduler.settings import EngineSettings


class NudgeBlock(Block):
    """One nudge: on/off, retimed. `days` counts working days; unset values keep the default."""

    enabled: bool = True
    at: time = time(9, 30)
    weekday: Weekday = "mon"
    days: int | None = Field(default=None, ge=0, le=60)
    times: int = Field(default=3, ge=0, le=20)
    grace_hours: float | None = Field(default=None, ge=0)


_DEFAULT_DAYS = {
    NudgeKind.DIGEST: 0,
    NudgeKind.DUE_SOON: 2,
    NudgeKind.REVIEW_WAITING: 2,
    NudgeKind.ISSUE_OVERDUE: 0,
    NudgeKind.FEEDBACK_WAITING: 3,
    NudgeKind.OVERDUE: 7,
    NudgeKind.RISK_RAISED: 0,
    NudgeKind.SURVEY_WAITING: 2,
    NudgeKind.STUDIO_DIGEST: 0,
}


class Nudges(Block):
    digest: NudgeBlock = NudgeBlock()
    due_soon: NudgeBlock = NudgeBlock()
    review_waiting: NudgeBlock = NudgeBlock()
    issue_overdue: NudgeBlock = NudgeBlock()
    feedback_waiting: NudgeBlock = NudgeBlock()
    overdue: NudgeBlock = NudgeBlock()
    risk_raised: NudgeBlock = NudgeBlock()
    survey_waiting: NudgeBlock = NudgeBlock()
    studio_digest: NudgeBlock = NudgeBlock(at=time(9, 0))


class Risks(Block):
    """When a scheduler pass raises a risk by itself (bot.risks.RiskThresholds)."""

    enabled: bool = True
    overdue_days: int = Field(default=3, ge=0, le=60)
    rounds_left: int = Field(default=0, ge=0, le=20)
    issues: int = Field(default=2, ge=1, le=50)
    issue_severity: Literal["critical", "high", "medium", "low"] = "high"
    silence_days: int = Field(default=3, ge=1, le=60)

    def thresholds(self) -> RiskThresholds:
        return RiskThresholds(
            enabled=self.enabled,
            overdue_days=self.overdue_days,
            rounds_left=self.rounds_left,
            issues=self.issues,
            severity=Severity(self.issue_severity),
            silence_days=self.silence_days,
        )


class Pacing(Block):
    """Messages per second: into one conversation (`slack`, `teams`), and across one Slack
    workspace or Teams tenant, shared by the instances sending at the same time."""

    slack: float = Field(default=1.0, gt=0)
    teams: float = Field(default=7.0, gt=0)
    slack_workspace: float = Field(default=5.0, gt=0)
    teams_tenant: float = Field(default=50.0, gt=0)


class SchedulerSettings(OptionalBlock):
    enabled: bool = True  # `signoff run` starts the scheduler (`--no-scheduler` overrides)
    tick_seconds: float = Field(default=60, ge=1)
    plan_seconds: float = Field(default=300, ge=10)
    grace_hours: float = Field(default=6, ge=0)
    lookback_days: float = Field(default=8, gt=0)
    lease_seconds: float = Field(default=300, ge=10)
    batch: int = Field(default=100, ge=1, le=10_000)
    max_attempts: int = Field(default=6, ge=1)
    pacing: Pacing = Pacing()
    nudges: Nudges = Nudges()
    risks: Risks = Risks()

    @model_validator(mode="after")
    def _lease_outlasts_a_batch(self) -> SchedulerSettings:
        # An instance holds up to `batch` claimed items; sent one workspace slot apart, the last
        # must go out well before the lease ends, or another instance would take it over.
        slowest = min(self.pacing.slack_workspace, self.pacing.teams_tenant)
        needed = 2 * self.batch / slowest
        if self.lease_seconds < needed:
            raise ValueError(
                f"lease_seconds {self.lease_seconds:g} is too short for batches of {self.batch} "
                f"at {slowest:g} posts a second: make it at least {needed:g}, or the batch smaller"
            )
        return self

    def nudge_config(self) -> NudgeConfig:
        """The core's view: each nudge's rule, with the block's grace as the default."""
        rules = {}
        for kind in NudgeKind:
            block: NudgeBlock = getattr(self.nudges, kind.value)
            grace = self.grace_hours if block.grace_hours is None else block.grace_hours
            rules[kind] = NudgeRule(
                enabled=block.enabled,
                at=block.at,
                weekday=WEEKDAYS.index(block.weekday),
                days=_DEFAULT_DAYS[kind] if block.days is None else block.days,
                times=block.times,
                grace=timedelta(hours=grace),
            )
        return NudgeConfig(
            rules=rules,
            lookback=timedelta(days=self.lookback_days),
            risks=self.risks.thresholds(),
        )

    def engine_settings(self) -> EngineSettings:
        return EngineSettings(
            tick_seconds=self.tick_seconds,
            plan_seconds=self.plan_seconds,
            lease=timedelta(seconds=self.lease_seconds),
            batch=self.batch,
            max_attempts=self.max_attempts,
            intervals={
                Platform.SLACK: 1 / self.pacing.slack,
                Platform.TEAMS: 1 / self.pacing.teams,
                Platform.CONSOLE: 0.0,
            },
            workspace_rates={
                Platform.SLACK: self.pacing.slack_workspace,
                Platform.TEAMS: self.pacing.teams_tenant,
            },
        )
