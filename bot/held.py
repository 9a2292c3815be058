"""Who held a milestone, and for how long: the waiting-on-client clock of each version, and the
studio's time beside it.

A version waits on the client from the moment its client stage opens (the studio's approval,
or the submit in a client-only project) until the client decides, the version is withdrawn, or
now. Everything else from the first submit on is the studio's: its own review, and the rework
between a request for changes and the next version. Derived from the versions and decisions
on record, so it needs no clock of its own and is the same wherever it is read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.model import (
    Decision,
    DecisionKind,
    Milestone,
    MilestoneState,
    MilestoneVersion,
    Stage,
)


@dataclass(frozen=True, kw_only=True)
class Held:
    client: timedelta  # summed over the versions
    studio: timedelta
    by_version: tuple[tuple[int, timedelta], ...]  # each version's time with the client

    @property
    def started(self) -> bool:
        return bool(self.by_version)


def held(
    milestone: Milestone,
    versions: Sequence[MilestoneVersion],
    decisions: Sequence[Decision],
    *,
    studio_stage: bool,
    now: datetime,
) -> Held:
    """The milestone's time with the client and with the studio, from its first submit until
    its approval (or `now` while it is not approved)."""
    submitted = sorted((v for v in versions if v.submitted_at), key=lambda v: v.version)
    if not submitted:
        return Held(client=timedelta(), studio=timedelta(), by_version=())
    by_version = []
    for version in submitted:
        mine = [d for d in decisions if d.version == version.version]
        spent = _with_client(
            version,
            mine,
            studio_stage=studio_stage,
            open_until=_open_until(milestone, version, now),
        )
        by_version.append((version.version, spent))
    first = submitted[0].submitted_at
    assert first is not None
    end = milestone.approved_at or milestone.cancelled_at or now
    client = sum((spent for _, spent in by_version), timedelta())
    return Held(client=client, studio=max(end - first - client, timedelta()),
                by_version=tuple(by_version))  # fmt: skip


def _open_until(milestone: Milestone, version: MilestoneVersion, now: datetime) -> datetime | None:
    """Until when a version's review ran without ending in a decision: now while it is in
    review, the cancellation if the milestone was cancelled during it; None once decided."""
    if version.version != milestone.version or version.withdrawn_at is not None:
        return None
    if milestone.state is MilestoneState.IN_REVIEW:
        return now
    if milestone.state is MilestoneState.CANCELLED and (
        milestone.state_before_cancel is MilestoneState.IN_REVIEW
    ):
        return milestone.cancelled_at
    return None


def _with_client(
    version: MilestoneVersion,
    decisions: Sequence[Decision],
    *,
    studio_stage: bool,
    open_until: datetime | None,
) -> timedelta:
    """How long one version waited on the client: from its client stage opening until the
    client's last decision on it, its withdrawal, or `open_until` while it was never closed."""
    studio = [d for d in decisions if d.stage is Stage.PM]
    if not studio_stage:
        opened = version.submitted_at
    elif studio and all(d.kind is DecisionKind.APPROVE for d in studio):
        opened = max(d.decided_at for d in studio)  # the approval that handed it over
    else:
        return timedelta()  # never reached the client
    if opened is None:
        return timedelta()
    if open_until is not None:
        closed = open_until
    else:
        ends = [d.decided_at for d in decisions if d.stage is Stage.CLIENT]
        if version.withdrawn_at is not None:
            ends.append(version.withdrawn_at)
        closed = max(ends, default=opened)
    return max(closed - opened, timedelta())
