"""What a Slack request must look like before bolt reads it: where bolt or the listeners index
into a field or read an id, anything else is a malformed request (400), not an internal error."""

from __future__ import annotations

from typing import Any

from adapters.shapes import Spec, lists_of_objects, strings_where_read

# Fields Slack always sends as objects, or lists of objects; bolt's middleware and our listeners
# index into them, so another type is a malformed request, not an internal error.
_OBJECTS = ("event", "container", "view", "message", "state")
_LISTS = ("authorizations", "actions")
# Where bolt and the listeners read an id or a text, Slack always sends a string.
_TEXTS: Spec = {
    (): ("type", "team_id", "user_id", "channel_id", "enterprise_id", "command", "text",
         "trigger_id", "response_url", "event_id", "api_app_id", "user_name", "callback_id"),
    ("team",): ("id", "enterprise_id"),
    ("enterprise",): ("id",),
    ("user",): ("id", "team_id", "username", "name"),
    ("channel",): ("id",),
    ("container",): ("channel_id", "message_ts", "type"),
    ("event",): ("type", "user", "text", "channel", "team", "user_team", "ts", "bot_id",
                 "subtype", "tab", "channel_type", "thread_ts"),
    ("view",): ("callback_id", "private_metadata", "id", "team_id", "app_installed_team_id"),
    ("message",): ("user", "text", "ts", "user_team"),
}  # fmt: skip
_ACTION_TEXTS = ("action_id", "value", "type", "block_id")
# What says which kind of request a body is: interactions and events have a type, slash commands
# a command, and Slack's SSL check of a command's URL sends ssl_check. A body with none of them
# (an empty one above all) is no Slack request at all: 400, not bolt's "no listener" 404.
_KINDS = ("type", "command", "ssl_check")


def well_formed(body: Any) -> bool:
    """True when the parsed body has the shape of something Slack sends."""
    if not isinstance(body, dict) or not any(body.get(kind) for kind in _KINDS):
        return False
    if any(name in body and not isinstance(body[name], dict) for name in ("event", "view")):
        return False  # bolt looks inside these whenever they are present
    if not all(isinstance(body.get(name), dict | None) for name in _OBJECTS):
        return False
    if not lists_of_objects(body, _LISTS):
        return False
    if "actions" in body and not body["actions"]:
        return False  # bolt reads the first action whenever the key is there
    actions = body.get("actions") or []
    if not all(isinstance(a.get("action_id"), str) for a in actions) or not all(
        isinstance(a.get(name), str | None) for a in actions for name in _ACTION_TEXTS
    ):
        return False
    return strings_where_read(body, _TEXTS) and _view_well_formed(body.get("view"))


def _view_well_formed(view: dict[str, Any] | None) -> bool:
    """A modal has a type, and its state is input blocks of actions of answers."""
    if view is None:
        return True
    state = view.get("state") or {}
    values = state.get("values", {}) if isinstance(state, dict) else None
    return (
        isinstance(view.get("type"), str)
        and isinstance(values, dict)
        and all(isinstance(block, dict) for block in values.values())
        and all(
            _answer_well_formed(answer) for block in values.values() for answer in block.values()
        )
    )


def _answer_well_formed(answer: Any) -> bool:
    """One input's state: a typed value, or a chosen option that has one."""
    if not isinstance(answer, dict) or not isinstance(answer.get("value"), str | None):
        return False
    option = answer.get("selected_option")
    return option is None or (
        isinstance(option, dict) and isinstance(option.get("value"), str | None)
    )
