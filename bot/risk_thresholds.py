"""A project's own thresholds for the risks Signoff raises by itself (`project risks …`), each
unset until a PM sets it: unset, the studio's (app.yaml's `scheduler.risks`) applies."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from bot.risks import RiskThresholds

# The settings a PM may give a project, by the word `project risks` reads them with, and the
# largest each takes (a bigger one is a typo, not a plan).
SETTINGS = {"overdue": "overdue_days", "rounds": "rounds_left", "silence": "silence_days"}
LIMITS = {"overdue_days": 60, "rounds_left": 20, "silence_days": 60}
# The smallest: the client silent for 0 working days would raise a risk at every submit.
LEAST = {"overdue_days": 0, "rounds_left": 0, "silence_days": 1}


@dataclass(frozen=True, kw_only=True)
class ProjectRiskThresholds:
    """The project's own thresholds; None: the studio's."""

    project_id: int
    overdue_days: int | None = None
    rounds_left: int | None = None
    silence_days: int | None = None

    def applied(self, studio: RiskThresholds) -> RiskThresholds:
        """The studio's thresholds with this project's own in their place."""
        own = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "project_id"}
        return replace(studio, **{name: v for name, v in own.items() if v is not None})

    def with_setting(self, setting: str, value: int | None) -> ProjectRiskThresholds:
        """These thresholds with `setting` (a value of SETTINGS) set, or None: the studio's."""
        if setting not in LIMITS:
            raise ValueError(f"no risk threshold {setting!r}")
        return replace(self, **{setting: value})  # type: ignore[arg-type]

    def as_audited(self) -> dict[str, int | None]:
        return {name: getattr(self, name) for name in SETTINGS.values()}

    @property
    def is_default(self) -> bool:
        return all(v is None for v in self.as_audited().values())
