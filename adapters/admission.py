"""A bound on the work one process has acknowledged and not finished.

Slack and Teams are answered at once and the command runs after. Without a bound, a flood
beyond what the process can work through grows a backlog of tasks (memory) that each wait
longer for a pooled connection, until they answer that nothing was saved. With it, a command
arriving when the process is full is told at once that it is busy; nothing of it is stored.
"""

from __future__ import annotations

from collections.abc import Callable

# About 7 s of work at ~7 ms of CPU a command: confirmations still arrive within Slack's and
# Teams' patience, and the backlog's memory stays bounded (benchmarks/RESULTS.md).
DEFAULT_MAX_IN_FLIGHT = 1000


class Admission:
    def __init__(
        self, limit: int = DEFAULT_MAX_IN_FLIGHT, *, on_refusal: Callable[[], None] | None = None
    ) -> None:
        self.limit = limit
        self.active = 0
        self._on_refusal = on_refusal or (lambda: None)

    def enter(self) -> bool:
        """Take a place for one command (True), or refuse it when all are taken (False)."""
        if self.active >= self.limit:
            self._on_refusal()
            return False
        self.active += 1
        return True

    def leave(self) -> None:
        """The command admitted by `enter` has finished, however it ended."""
        self.active -= 1
