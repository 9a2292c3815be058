"""Reading a platform's JSON within bounds: a body nested deeper than any real payload is refused
before anything (json, msrest, bolt, our own code) recurses into it."""

from __future__ import annotations

import json
import re
from itertools import accumulate
from typing import Any

# Real payloads nest about ten levels (a modal's blocks, an Adaptive Card's columns in a Teams
# attachment perhaps twenty); Python's recursion limit is a thousand frames, and msrest spends
# several per level. Far from both.
MAX_DEPTH = 64
# A JSON string, escapes included: brackets inside one do not nest anything.
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


class Malformed(ValueError):
    """The body is not JSON within bounds: the sender's mistake (400)."""


def nesting(text: str) -> int:
    """How deep the brackets of a JSON text nest, counted without recursion (in C: the regular
    expressions and `accumulate` do the work, so a 1 MiB body takes milliseconds)."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    return max(accumulate(map(_STEP.__getitem__, brackets)), default=0)


def loads(raw: str | bytes, *, max_depth: int = MAX_DEPTH) -> Any:
    """The JSON value of `raw`; Malformed when it is not UTF-8, not JSON, or nested deeper than
    `max_depth`. The size is bounded before this: the server refuses bodies over 1 MiB (413)."""
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError:
        raise Malformed("not UTF-8") from None
    if nesting(text) > max_depth:
        raise Malformed("nested too deeply")
    try:
        return json.loads(text)
    except ValueError:  # not JSON, or a number too long for int() (over 4,300 digits)
        raise Malformed("not JSON") from None
