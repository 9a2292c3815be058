"""What the platforms' name lookups share: the failure and its one line for the admin."""

from __future__ import annotations

from collections.abc import Sequence

CANDIDATES = 5  # at most this many names in the one line that asks which was meant


class NotResolved(Exception):
    """A name that names nobody, or several: one line for the admin, nothing stored."""


def which(wanted: str, candidates: Sequence[str], kind: str) -> str:
    """One line: nobody by that name, or the candidates (at most CANDIDATES) to choose from."""
    if not candidates:
        return f"no {kind} is called “{wanted}”"
    shown = ", ".join(candidates[:CANDIDATES])
    more = f" and {len(candidates) - CANDIDATES} more" if len(candidates) > CANDIDATES else ""
    return f"“{wanted}” matches {shown}{more}; say which"
