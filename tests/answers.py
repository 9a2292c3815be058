"""What the core answered each command, recorded where the composition root counts commands,
and the rule every answer follows: one message, and at most one card updated in place."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from bot.commands import Command
from bot.invocation import Invocation
from bot.service import Result

if TYPE_CHECKING:  # the core's tests use the rule below without loading the adapters
    from adapters.composition import Runtime
    from adapters.metrics import Metrics


@dataclass
class Answers:
    """Services.observe for a test: counts in /metrics as usual, and keeps every Result."""

    metrics: Metrics
    results: list[Result] = field(default_factory=list, repr=False)

    def observe(self, command: Command, invocation: Invocation, result: Result) -> None:
        self.metrics.count(command, invocation, result)
        self.results.append(result)


def watched(runtime: Runtime) -> tuple[Runtime, Answers]:
    """The same runtime, with every command's Result also kept in the returned Answers."""
    answers = Answers(metrics=runtime.metrics)
    services = replace(runtime.services, observe=answers.observe)
    return replace(runtime, services=services), answers


def assert_one_answer(result: Result, typed: str) -> None:
    """Exactly one message answers what was typed (a refusal, a record, a list…); a command
    that changes a card shown elsewhere (a decision) also updates that card, once."""
    texts = [reply.message.text for reply in result.replies]
    said = [reply for reply in result.replies if not reply.replaces]
    updated = [reply for reply in result.replies if reply.replaces]
    assert not result.duplicate, (typed, texts)
    assert len(said) == 1 and len(updated) <= 1, (typed, result.ok, texts)
    assert all(text.strip() for text in texts), (typed, texts)
    assert not updated or result.ok, (typed, texts)
