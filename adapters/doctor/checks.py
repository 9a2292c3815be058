"""One check's outcome and how it is printed: a mark, what was checked, and for a failure the
fix in one sentence."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum


class Mark(StrEnum):
    PASSED = "✓"
    FAILED = "✗"
    SKIPPED = "–"  # does not apply here (Teams not configured …), which is not a failure


@dataclass(frozen=True, kw_only=True)
class Check:
    mark: Mark
    what: str  # "Slack bot token", "acme: #C0123"
    found: str  # what was seen, or for a skipped check why it does not apply
    fix: str = ""  # for a failure: what to do, one sentence

    @property
    def line(self) -> str:
        found = f"skipped, {self.found}" if self.mark is Mark.SKIPPED else self.found
        text = f"{self.mark} {self.what}: {found}"
        return f"{text} — {self.fix}" if self.fix else text


def passed(what: str, found: str) -> Check:
    return Check(mark=Mark.PASSED, what=what, found=found)


def failed(what: str, found: str, fix: str) -> Check:
    return Check(mark=Mark.FAILED, what=what, found=found, fix=fix)


def skipped(what: str, why: str) -> Check:
    return Check(mark=Mark.SKIPPED, what=what, found=why)


def exit_status(checks: Sequence[Check]) -> int:
    """0 only when no check failed (skipped ones do not count against it)."""
    return 1 if any(c.mark is Mark.FAILED for c in checks) else 0
