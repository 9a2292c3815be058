"""`signoff manifest slack`: a Slack app manifest built from what the listeners listen to."""

from __future__ import annotations

from typing import Any

import yaml

from adapters.slack.ids import (
    COMMANDS,
    EVENT_SCOPES,
    EVENTS,
    EVENTS_PATH,
    FILE_SCOPES,
    LOG_FEEDBACK,
    METHOD_SCOPES,
    OAUTH_EVENTS,
    REDIRECT_PATH,
    SUBMIT_FILES,
)

DESCRIPTIONS = {
    "/signoff": ("Feedback, issues and sign-offs for this project", "help | status | submit M-1"),
    "/feedback": ("Log feedback on the milestone in review", "[M-n] what you think"),
    "/issue": ("Raise an issue (no text opens a form)", "[M-n] TITLE [low|medium|high|critical]"),
}


def scopes() -> list[str]:
    needed = {
        "commands",
        *(scope for needed in METHOD_SCOPES.values() for scope in needed),
        *filter(None, EVENT_SCOPES.values()),
        *FILE_SCOPES,
    }
    return sorted(needed)


def manifest(url: str, *, socket_mode: bool = False, oauth: bool = False) -> dict[str, Any]:
    """The app manifest; with `socket_mode` no request URL is given (Slack connects nowhere);
    with `oauth` the variant installed in many workspaces (see `oauth_variant`)."""
    if oauth:
        return oauth_variant(manifest(url, socket_mode=socket_mode), url)
    endpoint = url.rstrip("/") + EVENTS_PATH
    commands = []
    for name in COMMANDS:
        description, hint = DESCRIPTIONS[name]
        command = {
            "command": name,
            "description": description,
            "usage_hint": hint,
            "should_escape": False,
        }
        if not socket_mode:
            command["url"] = endpoint
        commands.append(command)
    events: dict[str, Any] = {"bot_events": list(EVENTS)}
    interactivity: dict[str, Any] = {"is_enabled": True}
    if not socket_mode:
        events["request_url"] = endpoint
        interactivity["request_url"] = endpoint
    return {
        "display_information": {
            "name": "Signoff",
            "description": "Client feedback, issues and milestone sign-offs, on record.",
            "background_color": "#2c2d30",
        },
        "features": {
            "app_home": {
                "home_tab_enabled": True,
                "messages_tab_enabled": False,
                "messages_tab_read_only_enabled": False,
            },
            "bot_user": {"display_name": "Signoff", "always_online": True},
            "slash_commands": commands,
            "shortcuts": [
                {
                    "name": "Log as feedback",
                    "type": "message",
                    "callback_id": LOG_FEEDBACK,
                    "description": "Record this message as client feedback",
                },
                {
                    "name": "Submit for sign-off",
                    "type": "message",
                    "callback_id": SUBMIT_FILES,
                    "description": "Submit this message's files for the milestone it names",
                },
            ],
        },
        "oauth_config": {"scopes": {"bot": scopes()}},
        "settings": {
            "event_subscriptions": events,
            "interactivity": interactivity,
            "org_deploy_enabled": False,
            "socket_mode_enabled": socket_mode,
            "token_rotation_enabled": False,
        },
    }


def oauth_variant(app: dict[str, Any], url: str) -> dict[str, Any]:
    """Installed through /slack/install in many workspaces: Slack sends the installer back to
    the redirect URL, tells Signoff when it is uninstalled, and lets a Grid org install it
    org-wide."""
    app["oauth_config"]["redirect_urls"] = [url.rstrip("/") + REDIRECT_PATH]
    events = app["settings"]["event_subscriptions"]
    events["bot_events"] = [*events["bot_events"], *OAUTH_EVENTS]
    app["settings"]["org_deploy_enabled"] = True
    return app


def manifest_yaml(url: str, *, socket_mode: bool = False, oauth: bool = False) -> str:
    return yaml.safe_dump(
        manifest(url, socket_mode=socket_mode, oauth=oauth), sort_keys=False, allow_unicode=True
    )
