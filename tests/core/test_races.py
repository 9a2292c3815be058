"""A change that loses a race to another writer (the row changed between reading it and
writing it back) says so by name and stores nothing; typing it again then works."""

from __future__ import annotations

import copy
from dataclasses import replace

import pytest

from bot.model import Decision, DecisionKind, Platform, Stage
from bot.review import Review
from tests import fakes
from tests.core.conftest import Studio

# (table that loses the race, who types it, the line, the record the answer names)
RACES = [
    ("feedback", "dan", "feedback resolve FB-1 done", "FB-1"),
    ("feedback", "cleo", "feedback edit FB-1 the blue is far too cold", "FB-1"),
    ("feedback", "cleo", "feedback withdraw FB-1", "FB-1"),
    ("issues", "dan", "issue ack IS-1", "IS-1"),
    ("issues", "paula", "issue assign IS-1 @dan", "IS-1"),
    ("issues", "cleo", "issue edit IS-1 Login page is white", "IS-1"),
    ("issues", "cleo", "issue withdraw IS-1", "IS-1"),
    ("milestones", "dan", "submit M-2", "M-2"),
    ("milestones", "paula", "approve M-1", "M-1"),
    ("milestones", "dan", "withdraw M-1", "M-1"),
    ("milestones", "paula", 'milestone rename M-1 "Routes"', "M-1"),
]


async def seeded(studio: Studio) -> None:
    for who, line in [
        ("paula", 'milestone add "Concepts" due 2026-12-15'),
        ("paula", 'milestone add "Layouts" due 2026-12-20'),
        ("dan", "submit M-1"),
        ("cleo", "feedback the blue is too cold"),
        ("cleo", "issue Login page is blank high"),
    ]:
        assert (await studio.say(who, line)).ok, line


@pytest.mark.parametrize(("table", "who", "line", "ref"), RACES, ids=[r[2] for r in RACES])
async def test_a_change_that_lost_a_race_says_so_and_keeps_nothing(
    studio: Studio, table: str, who: str, line: str, ref: str
) -> None:
    await seeded(studio)
    before = copy.deepcopy(studio.tables)
    studio.tables.racing.add(table)

    lost = await studio.say(who, line)

    assert not lost.ok
    assert [r.message.text for r in lost.replies] == [
        f"{ref} changed a moment ago; please look again."
    ]
    studio.tables.racing.clear()
    assert studio.tables == before
    assert (await studio.say(who, line)).ok


async def test_a_decision_that_lands_while_a_version_is_withdrawn_keeps_it_in_review(
    studio: Studio, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Paula approves M-1 v1 between the withdrawal's read of the review and its write of the
    milestone: the write misses, the withdrawal reads again, sees her decision, and stores
    nothing."""
    await seeded(studio)
    [paula] = [p for p in studio.tables.people.values() if p.identity.user_id == "paula"]
    [m1] = [m for m in studio.tables.milestones.values() if m.number == 1]
    read = fakes.Milestones.review
    looked = []

    async def review(repository: fakes.Milestones, project_id: int, number: int) -> Review | None:
        found = await read(repository, project_id, number)
        if not looked:  # the other writer's decision lands just after the first read
            repository.t.decisions.append(Decision(
                id=99, milestone_id=m1.id, version=1, stage=Stage.PM, kind=DecisionKind.APPROVE,
                person=paula, note="", platform=Platform.SLACK, decided_at=studio.clock.now(),
            ))  # fmt: skip
            stored = repository.t.milestones[m1.id]  # its write counts, as every write does
            repository.t.milestones[m1.id] = replace(stored, seq=stored.seq + 1)
        looked.append(number)
        return found

    monkeypatch.setattr(fakes.Milestones, "review", review)
    lost = await studio.say("dan", "withdraw M-1")

    assert looked == [1, 1]
    assert [r.message.text for r in lost.replies] == [
        "M-1 v1 has a decision, so it can't be withdrawn: Paula approved at Fri 27 Nov, "
        "10:00\u202fAM."
    ]
    [after] = [m for m in studio.tables.milestones.values() if m.number == 1]
    assert (after.state, after.stage) == (m1.state, m1.stage)
    assert not any(v.withdrawn_at for v in studio.tables.versions)
