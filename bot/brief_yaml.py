"""The brief as a YAML file (`signoff brief import` / `export`): read into an ImportBrief, written
from a Brief, in one shape both ways so an export imports back unchanged.

Only the file's shape is checked here (keys, types, lists); what the values mean (a due date in
the past, an unknown currency, a name too long) is the core's to judge, as for a typed edit.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import yaml

from bot.brief import Brief, BriefDeliverable
from bot.brief_commands import DeliverableDraft, ImportBrief
from bot.money import Money

KEYS = ("goal", "budget", "rounds", "deliverables", "out_of_scope")
DELIVERABLE_KEYS = ("name", "due", "criteria")


class BriefFileError(Exception):
    """The file is not a brief: `field` names where (`deliverables[2].name`), `message` what."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def read_brief(text: str, *, source: str = "the file") -> ImportBrief:
    """The brief `text` holds; BriefFileError naming the field (or `source`) when malformed."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise BriefFileError(source, f"not valid YAML{where}: {problem}") from None
    if not isinstance(data, dict):
        raise BriefFileError(source, f"must be a mapping with a goal, not {_kind(data)}")
    _known_keys(data, KEYS, "")
    if data.get("goal") is None:
        raise BriefFileError("goal", "missing")
    rounds = data.get("rounds")
    if rounds is not None and (isinstance(rounds, bool) or not isinstance(rounds, int)):
        raise BriefFileError("rounds", f"must be a whole number, not {_kind(rounds)}")
    return ImportBrief(
        goal=_text(data["goal"], "goal"),
        deliverables=tuple(
            _deliverable(item, f"deliverables[{n}]")
            for n, item in enumerate(_list(data.get("deliverables"), "deliverables"), 1)
        ),
        out_of_scope=_texts(data.get("out_of_scope"), "out_of_scope"),
        budget=_budget(data.get("budget")),
        rounds=rounds,
    )


def write_brief(brief: Brief, *, comment: str = "") -> str:
    """`brief` in the shape read_brief reads; `comment` (one line) heads it, for the reader."""
    data: dict[str, Any] = {"goal": brief.goal}
    if brief.budget is not None:
        data["budget"] = money_text(brief.budget)
    if brief.rounds is not None:
        data["rounds"] = brief.rounds
    data["deliverables"] = [_written(item) for item in brief.deliverables]
    if brief.out_of_scope:
        data["out_of_scope"] = list(brief.out_of_scope)
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    return f"# {comment}\n{text}" if comment else text


def money_text(money: Money) -> str:
    """ "12000.50 EUR": every minor digit written, so parse_money reads back the same amount."""
    return f"{money.amount:f} {money.currency}"


def _written(item: BriefDeliverable) -> dict[str, Any]:
    written: dict[str, Any] = {"name": item.name}
    if item.due is not None:
        written["due"] = item.due  # YAML writes a date as ISO and reads it back as a date
    if item.criteria:
        written["criteria"] = list(item.criteria)
    return written


def _deliverable(item: object, field: str) -> DeliverableDraft:
    if not isinstance(item, dict):
        raise BriefFileError(field, f"must be a mapping with a name, not {_kind(item)}")
    _known_keys(item, DELIVERABLE_KEYS, f"{field}.")
    name = item.get("name")
    if name is None or (isinstance(name, str) and not name.strip()):
        raise BriefFileError(f"{field}.name", "missing")
    return DeliverableDraft(
        name=_text(name, f"{field}.name"),
        due=_due(item.get("due"), f"{field}.due"),
        criteria=_texts(item.get("criteria"), f"{field}.criteria"),
    )


def _known_keys(data: Mapping[Any, Any], keys: tuple[str, ...], prefix: str) -> None:
    for key in data:
        if key not in keys:
            raise BriefFileError(f"{prefix}{key}", f"unknown key (the keys are {', '.join(keys)})")


def _budget(value: object) -> str:
    if value is None:
        return ""
    # A float would already have lost the cents it cannot hold (0.1 + 0.2), and no number says
    # which currency it is in.
    if not isinstance(value, str):
        raise BriefFileError(
            "budget", 'write it with its currency as a string, like "12000.50 EUR"'
        )
    return value


def _due(value: object, field: str) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):  # a date is what is due, never a time of day
        raise BriefFileError(field, "must be a date without a time, like 2027-01-15")
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str):
        raise BriefFileError(field, f"must be a date like 2027-01-15, not {_kind(value)}")
    return value  # as typed in chat ("next friday"): the core reads it in the project's order


def _list(value: object, field: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise BriefFileError(field, f"must be a list, not {_kind(value)}")
    return value


def _texts(value: object, field: str) -> tuple[str, ...]:
    return tuple(_text(item, f"{field}[{n}]") for n, item in enumerate(_list(value, field), 1))


def _text(value: object, field: str) -> str:
    if isinstance(value, str):
        return value
    hint = " (put it in quotes)" if isinstance(value, bool | int | float | date) else ""
    raise BriefFileError(field, f"must be text, not {_kind(value)}{hint}")


def _kind(value: object) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):  # before int: YAML reads yes/no/true/false as booleans
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, date):
        return "a date"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "text" if isinstance(value, str) else type(value).__name__
