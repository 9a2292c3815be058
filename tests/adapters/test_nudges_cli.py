"""`signoff nudges run-due --now …` on the console platform prints what it would post, once;
`signoff nudges log KEY` and `signoff export` show every delivery."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from adapters.config import ConfigError, load_settings
from bot.model import Platform
from bot.nudges.model import NudgeKind
from tests.adapters.conftest import Signoff

BERLIN = ZoneInfo("Europe/Berlin")


def next_monday_0931() -> str:
    """The first Monday 09:31 in Berlin after now: no other digest falls between the project's
    creation (now) and it, whatever day and hour the tests run."""
    now = datetime.now(BERLIN)
    monday = now.date() + timedelta(days=-now.weekday() % 7)  # today if it is a Monday
    moment = datetime(monday.year, monday.month, monday.day, 9, 31, tzinfo=BERLIN)
    return (moment if moment > now else moment + timedelta(days=7)).isoformat()


def project(signoff: Signoff) -> None:
    signoff.ok("project", "create", "acme", "--name", "Acme rebrand", "--client", "Acme Co.",
               "--timezone", "Europe/Berlin")  # fmt: skip
    signoff.ok("project", "bind", "acme", "--console-channel", "acme")


def test_run_due_posts_the_digest_once_and_the_log_and_export_show_it(signoff: Signoff) -> None:
    project(signoff)
    now = next_monday_0931()

    first = signoff.ok("nudges", "run-due", "--now", now)
    again = signoff.ok("nudges", "run-due", "--now", now)

    assert "[console acme] Acme rebrand: weekly progress" in first
    assert "1 queued" in first
    assert "weekly progress" not in again and "0 queued" in again
    log = signoff.ok("nudges", "log", "digest:")
    assert " sent " in log and "console:acme" in log
    [nudge] = signoff.export("acme")["nudges"]
    assert nudge["status"] == "sent" and nudge["summary"] == "digest"
    assert [line["outcome"] for line in nudge["log"]] == ["sent"]
    assert nudge["at"].startswith(now[:10])
    csv = signoff.ok("export", "acme", "--format", "csv")
    assert [line for line in csv.splitlines() if line.startswith("nudge,digest:")]


def test_a_digest_older_than_the_grace_window_is_recorded_as_missed(signoff: Signoff) -> None:
    project(signoff)
    late = datetime.fromisoformat(next_monday_0931()) + timedelta(hours=7)

    out = signoff.ok("nudges", "run-due", "--now", late.isoformat())

    assert "weekly progress" not in out and "1 recorded as missed" in out
    assert " missed " in signoff.ok("nudges", "log", "digest:")


def test_log_of_an_unknown_key_and_a_bad_instant_fail_in_one_line(signoff: Signoff) -> None:
    unknown = signoff("nudges", "log", "nothing-like-this")
    assert unknown.status == 1 and "no deliveries logged" in unknown.err
    bad = signoff("nudges", "run-due", "--now", "next tuesday")
    assert bad.status == 2 and "ISO 8601" in bad.err


def test_the_scheduler_block_retimes_and_turns_off_nudges(tmp_path, monkeypatch) -> None:
    config = tmp_path / "app.yaml"
    config.write_text(
        "database: {url: 'sqlite:///x.db'}\n"
        "scheduler:\n"
        "  grace_hours: 2\n"
        "  pacing: {slack: 0.5, slack_workspace: 20}\n"
        "  nudges:\n"
        "    digest: {weekday: tue, at: '10:15', grace_hours: 12}\n"
        "    feedback_waiting: {enabled: false}\n"
    )
    settings = load_settings(str(config)).scheduler
    nudges = settings.nudge_config()
    digest = nudges.rules[NudgeKind.DIGEST]
    assert (digest.weekday, digest.at.strftime("%H:%M")) == (1, "10:15")
    assert digest.grace == timedelta(hours=12)
    assert nudges.rules[NudgeKind.DUE_SOON].grace == timedelta(hours=2)
    assert not nudges.rules[NudgeKind.FEEDBACK_WAITING].enabled
    assert settings.engine_settings().intervals[Platform.SLACK] == 2.0  # 0.5 a second
    assert settings.engine_settings().workspace_rates[Platform.SLACK] == 20


def test_a_lease_too_short_for_a_paced_batch_is_refused_with_the_fix(tmp_path) -> None:
    config = tmp_path / "app.yaml"
    config.write_text(
        "scheduler:\n  batch: 500\n  lease_seconds: 120\n  pacing: {slack_workspace: 2}\n"
    )
    with pytest.raises(ConfigError) as refused:
        load_settings(str(config))
    assert "lease_seconds 120 is too short for batches of 500 at 2 posts a second" in str(
        refused.value
    )
    assert "at least 500" in str(refused.value)


def test_the_shipped_app_yaml_scheduler_block_is_valid() -> None:
    from pathlib import Path

    shipped = Path(__file__).resolve().parents[2] / "app.yaml"
    settings = load_settings(str(shipped))
    assert settings.scheduler.enabled
    digest = settings.scheduler.nudge_config().rules[NudgeKind.DIGEST]
    assert (digest.weekday, digest.at.strftime("%H:%M"), digest.grace) == (
        0,
        "09:30",
        timedelta(hours=6),
    )
