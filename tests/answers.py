"""What the core answered each command, recorded where the composition root counts commands,
and the rule every answer follows: one message, and at most one card updated in place; only a
success that the studio's workflow announces says more, and then no more than it announces."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from bot.commands import CloseProject, Command, DecideMilestone
from bot.grammar import parse
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


# What a success posts beyond its answer: closing a project, the close-out summary, the ask for
# lessons and the client's survey; a milestone's final approval, the client's survey.
FOLLOW_UPS: dict[type[Command], int] = {CloseProject: 3, DecideMilestone: 1}


def assert_one_answer(result: Result, typed: str) -> None:
    """Exactly one message answers what was typed (a refusal, a record, a list…); a command
    that changes a card shown elsewhere (a decision) also updates that card, once. A refusal
    never says more; a success says more only where FOLLOW_UPS has it do so."""
    texts = [reply.message.text for reply in result.replies]
    said = [reply for reply in result.replies if not reply.replaces]
    updated = [reply for reply in result.replies if reply.replaces]
    assert not result.duplicate, (typed, texts)
    most = 1 + (FOLLOW_UPS.get(type(parse(typed)), 0) if result.ok else 0)
    assert 1 <= len(said) <= most and len(updated) <= 1, (typed, result.ok, texts)
    assert len({reply.message.text for reply in said}) == len(said), (typed, texts)
    assert all(text.strip() for text in texts), (typed, texts)
    assert not updated or result.ok, (typed, texts)
