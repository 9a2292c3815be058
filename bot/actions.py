"""Buttons carry commands as data: a small, versioned encoding that a platform keeps in a
button (a Slack button's value, an Adaptive Card action's data) and hands back on a click.

A click is decoded into the command it was made for, never re-read as chat text. Cards posted
by releases before this encoding carried the typed command ("approve M-1@v2"); those are still
decoded, through the grammar, so buttons already in channels keep working.
"""

from __future__ import annotations

import json
from typing import Any

from bot import survey_actions
from bot.brief import BriefDecisionKind
from bot.brief_commands import DecideBrief
from bot.change_commands import DecideChange
from bot.change_requests import ChangeDecisionKind
from bot.commands import Command, DecideMilestone
from bot.grammar import parse
from bot.i18n import N_
from bot.model import DecisionKind

VERSION = 1
# What a click on a button this release cannot read is answered with.
STALE_BUTTON = N_("This card is out of date; type “status” to see where things stand.")


# A brief's and a change request's two decisions are shown, and asked for, like a milestone's.
_LIKE_MILESTONE = {
    BriefDecisionKind.CONFIRM: DecisionKind.APPROVE,
    BriefDecisionKind.CHANGES: DecisionKind.CHANGES,
    ChangeDecisionKind.ACCEPT: DecisionKind.APPROVE,
    ChangeDecisionKind.DECLINE: DecisionKind.CHANGES,
}


def encode(command: DecideMilestone | DecideBrief | DecideChange) -> str:
    """The button's data for `command` (its note, asked for after the click, is left out)."""
    if isinstance(command, DecideChange):
        fields = {"v": VERSION, "do": "change", "kind": command.kind.value, "cr": command.number}
    elif isinstance(command, DecideBrief):
        fields = {"v": VERSION, "do": "brief", "kind": command.kind.value, "at": command.version}
    else:
        fields = {"v": VERSION, "do": "decide", "kind": command.kind.value, "m": command.number,
                  "at": command.version}  # fmt: skip
    return json.dumps(fields, separators=(",", ":"))


def decode(data: str, *, note: str = "", choice: str = "") -> Command | None:
    """The command a clicked button was made for, with `note` (what the person typed after
    the click) kept exactly as typed, and `choice` what they chose on the card (a survey's
    score); None for data no release of Signoff made."""
    try:
        fields = json.loads(data)
    except ValueError:
        return _legacy(data, note)
    if not isinstance(fields, dict) or fields.get("v") != VERSION:
        return None
    if fields.get("do") == "brief":
        return _brief(fields, note)
    if fields.get("do") == "change":
        return _change(fields, note)
    if fields.get("do") in survey_actions.DOES:
        return survey_actions.decode(fields, note=note, choice=choice)
    if fields.get("do") != "decide":
        return None
    try:
        kind, number, version = DecisionKind(fields["kind"]), fields["m"], fields["at"]
    except (KeyError, ValueError):
        return None
    if type(number) is not int or not (version is None or type(version) is int):
        return None  # (a JSON true is an int to isinstance)
    return DecideMilestone(number=number, kind=kind, version=version, note=note)


def _brief(fields: dict[str, Any], note: str) -> Command | None:
    try:
        kind, version = BriefDecisionKind(fields["kind"]), fields["at"]
    except (KeyError, ValueError):
        return None
    if not (version is None or type(version) is int):
        return None
    return DecideBrief(kind=kind, version=version, note=note)


def _change(fields: dict[str, Any], note: str) -> Command | None:
    try:
        kind, number = ChangeDecisionKind(fields["kind"]), fields["cr"]
    except (KeyError, ValueError):
        return None
    if type(number) is not int:
        return None
    return DecideChange(number=number, kind=kind, note=note)


def decision_kind(data: str) -> DecisionKind | None:
    """Approve or request changes (a brief's confirm or changes), for a platform that shows
    the two differently."""
    command = decode(data)
    if isinstance(command, DecideBrief | DecideChange):
        return _LIKE_MILESTONE[command.kind]
    return command.kind if isinstance(command, DecideMilestone) else None


def typed(data: str) -> str:
    """What one would type for the button's command (a console shows buttons this way)."""
    command = decode(data)
    if isinstance(command, DecideBrief):
        at = f" v{command.version}" if command.version is not None else ""
        return f"brief {command.kind.value}{at}"
    if isinstance(command, DecideChange):
        return f"change {command.kind.value} CR-{command.number}"
    if command is not None and (survey := survey_actions.typed(command)) is not None:
        return survey
    if not isinstance(command, DecideMilestone):
        return data
    at = f"@v{command.version}" if command.version is not None else ""
    return f"{command.kind.value} M-{command.number}{at}"


def _legacy(text: str, note: str) -> Command | None:
    # "changes" reads its note from the line: give it one, then keep the note as typed.
    command = parse(f"{text} -")
    if not isinstance(command, DecideMilestone):
        return None
    return DecideMilestone(number=command.number, kind=command.kind, version=command.version,
                           note=note.strip())  # fmt: skip
