"""app.yaml's `scheduler.risks`: the thresholds of the risks Signoff raises by itself, shipped
with the documented defaults, read into the core's settings, a wrong value named in one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.config import load_settings, settings_from_mapping
from bot.model import Severity
from bot.nudges.model import NudgeKind
from bot.risks import RiskThresholds
from tests.adapters.test_config import REPO, error_of, write


def test_the_shipped_app_yaml_raises_risks_with_the_documented_thresholds() -> None:
    config = load_settings(REPO / "app.yaml", env={}).scheduler.nudge_config()
    assert config.risks == RiskThresholds(
        enabled=True, overdue_days=3, rounds_left=0, issues=2, severity=Severity.HIGH
    )
    assert config.rule(NudgeKind.RISK_RAISED).enabled
    # Without the block, the same.
    assert settings_from_mapping({}, env={}).scheduler.nudge_config().risks == config.risks


def test_a_studio_sets_its_own_thresholds(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "scheduler:\n  risks:\n    overdue_days: 5\n    issues: 3\n    issue_severity: critical\n"
        "  nudges:\n    risk_raised:\n      enabled: false\n",
    )
    config = load_settings(path, env={}).scheduler.nudge_config()
    assert (config.risks.overdue_days, config.risks.issues, config.risks.severity) == (
        5, 3, Severity.CRITICAL
    )  # fmt: skip
    assert not config.rule(NudgeKind.RISK_RAISED).enabled


@pytest.mark.parametrize(
    ("yaml_text", "key"),
    [
        ("scheduler:\n  risks:\n    issues: 0\n", "scheduler.risks.issues"),
        ("scheduler:\n  risks:\n    overdue_days: -1\n", "scheduler.risks.overdue_days"),
        ("scheduler:\n  risks:\n    issue_severity: urgent\n", "scheduler.risks.issue_severity"),
        ("scheduler:\n  risks:\n    overdue: 3\n", "scheduler.risks.overdue"),
    ],
)
def test_a_wrong_threshold_names_its_key(tmp_path: Path, yaml_text: str, key: str) -> None:
    path = write(tmp_path, yaml_text)
    assert error_of(path).startswith(f"{path}: {key}: ")


def test_the_client_s_silence_and_the_studio_digest_are_set_like_the_others(
    tmp_path: Path,
) -> None:
    shipped = load_settings(REPO / "app.yaml", env={}).scheduler.nudge_config()
    assert shipped.risks.silence_days == 3
    digest = shipped.rule(NudgeKind.STUDIO_DIGEST)
    assert (digest.enabled, digest.weekday, digest.at.isoformat()) == (True, 0, "09:00:00")
    path = write(
        tmp_path,
        "scheduler:\n  risks:\n    silence_days: 5\n"
        "  nudges:\n    studio_digest:\n      weekday: fri\n      at: '16:00'\n",
    )
    config = load_settings(path, env={}).scheduler.nudge_config()
    assert config.risks.silence_days == 5
    assert (config.rule(NudgeKind.STUDIO_DIGEST).weekday, config.rule(NudgeKind.STUDIO_DIGEST).at
            .isoformat()) == (4, "16:00:00")  # fmt: skip
    assert error_of(write(tmp_path, "scheduler:\n  risks:\n    silence_days: 0\n")).startswith(
        f"{tmp_path / 'app.yaml'}: scheduler.risks.silence_days: "
    )
