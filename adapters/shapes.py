"""Checking that a platform's JSON has strings where the adapters read ids and text, so that a
malformed request is refused (400) instead of failing deep inside an SDK or the database."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

# A path of keys from the top of the body to an object, and the fields of it that must be text.
Spec = Mapping[tuple[str, ...], Sequence[str]]


def strings_where_read(body: Any, spec: Spec) -> bool:
    """True when every field named in `spec` is a string (or absent or null). An object on the
    way may also be a string (Slack sends "team": "T1" in some payloads) but nothing else."""
    if not isinstance(body, dict):
        return False
    for path, names in spec.items():
        node: Any = body
        for step in path:
            node = node.get(step) if isinstance(node, dict) else None
        if node is None or isinstance(node, str):
            continue
        if not isinstance(node, dict):
            return False
        if not all(isinstance(node.get(name), str | None) for name in names):
            return False
    return True


def lists_of_objects(body: Mapping[str, Any], names: Sequence[str]) -> bool:
    """True when each field in `names` is absent, null, or a list of objects: the SDKs iterate
    these and look inside every item."""
    for name in names:
        value = body.get(name)
        if value is not None and not (
            isinstance(value, list) and all(isinstance(v, dict) for v in value)
        ):
            return False
    return True
