"""What `signoff run` serves, said in one log line at start: each surface on or off, and why a
surface that looks configured is off anyway."""

from __future__ import annotations

from adapters.config import Settings
from adapters.slack.settings import SlackSettings


def _slack(slack: SlackSettings) -> list[str]:
    if slack.enabled:
        return [
            f"Slack HTTP {'on' if slack.http else 'off'}",
            f"Slack Socket Mode {'on' if slack.socket_mode else 'off'}",
        ]
    if slack.bot_token:
        return ["Slack off: a bot token is set but neither a signing secret nor an app token"]
    given = [
        name
        for name, value in (
            ("a signing secret", slack.signing_secret),
            ("an app token", slack.app_token),
        )
        if value
    ]
    if given:
        verb = "is" if len(given) == 1 else "are"
        return [f"Slack off: {' and '.join(given)} {verb} set but no bot token"]
    return ["Slack off"]


def surfaces_line(settings: Settings, *, no_scheduler: bool = False) -> str:
    """E.g. "Surfaces: Slack HTTP on; Slack Socket Mode off; Teams off; scheduler on"."""
    parts = _slack(settings.slack)
    teams = settings.teams
    if teams.authenticated:
        parts.append("Teams on")
    elif teams.enabled:
        parts.append("Teams on without authentication (for the Bot Framework Emulator only)")
    else:
        parts.append("Teams off")
    if no_scheduler:
        parts.append("scheduler off (--no-scheduler)")
    elif not settings.scheduler.enabled:
        parts.append("scheduler off (scheduler.enabled is false)")
    else:
        parts.append("scheduler on")
    return "Surfaces: " + "; ".join(parts)
