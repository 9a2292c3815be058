"""What a Teams activity must look like before botbuilder and the bot read it: where they look
inside a field or read an id or a text, anything else is a malformed request (400), refused at
the door rather than failing after the 201 in the background, where nobody hears of it."""

from __future__ import annotations

from typing import Any

from adapters.shapes import Spec, lists_of_objects, strings_where_read

# Objects the bot looks inside (translate.py, turns.py) whenever they are present.
_OBJECTS: tuple[tuple[str, ...], ...] = (
    ("from",),
    ("recipient",),
    ("conversation",),
    ("channelData",),
    ("channelData", "tenant"),
    ("channelData", "channel"),
    ("channelData", "team"),
    ("value",),
    ("value", "action"),
    ("value", "action", "data"),
)
# Lists of objects botbuilder reads as models (entities, attachments, members).
_LISTS = ("entities", "attachments", "membersAdded", "membersRemoved")
# Where the bot reads an id or a text, Teams sends a string.
_TEXTS: Spec = {
    (): ("id", "type", "name", "text", "locale", "localTimezone", "serviceUrl", "channelId",
         "action", "replyToId", "textFormat"),
    ("from",): ("id", "name", "aadObjectId"),
    ("recipient",): ("id", "name"),
    ("conversation",): ("id", "tenantId", "conversationType"),
    ("channelData", "tenant"): ("id",),
    ("value",): ("command",),
    ("value", "action"): ("verb", "type"),
}  # fmt: skip


def well_formed(activity: Any) -> bool:
    """True when the parsed body has the shape of an activity Teams sends: a type, objects and
    lists of objects where the bot looks inside, strings where it reads ids and text."""
    if not isinstance(activity, dict) or not isinstance(activity.get("type"), str):
        return False
    if not activity["type"] or not all(_object_or_absent(activity, p) for p in _OBJECTS):
        return False
    if not lists_of_objects(activity, _LISTS):
        return False
    return strings_where_read(activity, _TEXTS)


def _object_or_absent(activity: dict[str, Any], path: tuple[str, ...]) -> bool:
    node: Any = activity
    for step in path:
        node = node.get(step) if isinstance(node, dict) else None
    return node is None or isinstance(node, dict)
