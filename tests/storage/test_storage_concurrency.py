"""Races decided by the database: numbers without gaps or twins, one winner per claim."""

from __future__ import annotations

import asyncio
from dataclasses import replace

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from storage_helpers import (
    T1,
    Studio,
    UowFactory,
    new_feedback,
    new_issue,
    new_milestone,
    new_project,
    only_postgresql,
    slack_user,
)

from bot.model import Decision, DecisionKind, Milestone, MilestoneState, Platform, Stage

CONCURRENT = 50


async def test_fifty_concurrent_feedback_get_fb_1_to_50(
    uow_factory: UowFactory, studio: Studio
) -> None:
    async def log(n: int) -> str:
        async with uow_factory() as uow:
            added = await uow.feedback.add(new_feedback(studio.project.id, studio.client, f"#{n}"))
            await uow.commit()
            return added.ref

    refs = await asyncio.gather(*(log(n) for n in range(CONCURRENT)))

    assert sorted(refs, key=lambda ref: int(ref[3:])) == [f"FB-{n}" for n in range(1, 51)]
    async with uow_factory() as uow:
        stored = await uow.feedback.list(studio.project.id)
    assert [f.number for f in stored] == list(range(1, CONCURRENT + 1))
    assert {f.ref: f.text for f in stored} == dict(
        zip(refs, (f"#{n}" for n in range(50)), strict=True)
    )


async def test_concurrent_milestones_and_issues_are_numbered_per_project_without_gaps(
    uow_factory: UowFactory, studio: Studio
) -> None:
    async with uow_factory() as uow:
        other = await uow.projects.add(new_project("BETA"))
        await uow.commit()
    projects = [studio.project.id, other.id]

    async def add_both(n: int) -> None:
        project_id = projects[n % 2]
        async with uow_factory() as uow:
            await uow.milestones.add(new_milestone(project_id, f"M {n}"))
            await uow.issues.add(new_issue(project_id, studio.client, f"Issue {n}"))
            await uow.commit()

    await asyncio.gather(*(add_both(n) for n in range(CONCURRENT)))

    async with uow_factory() as uow:
        for project_id in projects:
            milestones = await uow.milestones.list(project_id)
            issues = await uow.issues.list(project_id)
            assert [m.number for m in milestones] == list(range(1, CONCURRENT // 2 + 1))
            assert [i.number for i in issues] == list(range(1, CONCURRENT // 2 + 1))


async def test_fifty_concurrent_first_sightings_make_one_person(uow_factory: UowFactory) -> None:
    async def ensure(n: int) -> int:
        async with uow_factory() as uow:
            person = await uow.people.ensure(slack_user("U-new"), f"Name {n}")
            await uow.commit()
            return person.id

    assert len(set(await asyncio.gather(*(ensure(n) for n in range(CONCURRENT))))) == 1


async def submitted(uow_factory: UowFactory, studio: Studio) -> Milestone:
    async with uow_factory() as uow:
        milestone = await uow.milestones.add(new_milestone(studio.project.id))
        milestone = replace(milestone, state=MilestoneState.IN_REVIEW, version=1, stage=Stage.PM)
        await uow.milestones.save(milestone)
        await uow.commit()
    return milestone


async def test_of_two_concurrent_claims_exactly_one_wins(
    uow_factory: UowFactory, studio: Studio
) -> None:
    milestone = await submitted(uow_factory, studio)

    async def decide() -> bool:
        async with uow_factory() as uow:
            if not await uow.milestones.claim(
                milestone.id, state=MilestoneState.IN_REVIEW, version=1, stage=Stage.PM
            ):
                return False
            await uow.milestones.save(replace(milestone, stage=Stage.CLIENT, stage_started_at=T1))
            await uow.commit()
            return True

    outcomes = await asyncio.gather(decide(), decide())

    assert sorted(outcomes) == [False, True]
    async with uow_factory() as uow:
        stored = await uow.milestones.get(studio.project.id, milestone.number)
    assert (stored.stage, stored.stage_started_at) == (Stage.CLIENT, T1)


@only_postgresql
async def test_a_second_claimer_waits_for_the_first_and_then_loses(
    engine: AsyncEngine, uow_factory: UowFactory, studio: Studio
) -> None:
    milestone = await submitted(uow_factory, studio)
    claim = {"state": MilestoneState.IN_REVIEW, "version": 1, "stage": Stage.PM}

    async with uow_factory() as first:
        assert await first.milestones.claim(milestone.id, **claim)

        async def second_claim() -> bool:
            async with uow_factory() as second:
                return await second.milestones.claim(milestone.id, **claim)

        second = asyncio.create_task(second_claim())
        await wait_until_a_backend_waits_for_a_lock(engine)
        assert not second.done()  # it holds no answer while the first decides

        await first.milestones.save(replace(milestone, stage=Stage.CLIENT))
        await first.commit()

    assert await second is False


@only_postgresql
async def test_a_second_decider_waits_for_the_first_then_reads_its_decision(
    engine: AsyncEngine, uow_factory: UowFactory, studio: Studio
) -> None:
    """Two approvers under the "all" rule click at once: each reads no decision but its own.
    The second write waits for the first commit, misses, and its second read sees the first."""
    milestone = await submitted(uow_factory, studio)
    async with uow_factory() as first, uow_factory() as second:
        seen_first = await first.milestones.review(studio.project.id, milestone.number)
        seen_second = await second.milestones.review(studio.project.id, milestone.number)
        assert seen_first.decisions == seen_second.decisions == ()
        assert await first.milestones.save_if_unchanged(seen_first.milestone)

        waiting = asyncio.create_task(second.milestones.save_if_unchanged(seen_second.milestone))
        await wait_until_a_backend_waits_for_a_lock(engine)
        assert not waiting.done()  # it holds no answer while the first decides

        await first.decisions.add(
            Decision(milestone_id=milestone.id, version=1, stage=Stage.PM,
                     kind=DecisionKind.APPROVE, person=studio.pm, note="",
                     platform=Platform.SLACK, decided_at=T1)
        )  # fmt: skip
        await first.commit()

        assert await waiting is False
        again = await second.milestones.review(studio.project.id, milestone.number)
        assert [d.person for d in again.decisions] == [studio.pm]
        assert await second.milestones.save_if_unchanged(again.milestone)


async def wait_until_a_backend_waits_for_a_lock(engine: AsyncEngine, deadline: float = 10) -> None:
    query = text(
        "SELECT count(*) FROM pg_stat_activity"
        " WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    async with asyncio.timeout(deadline), engine.connect() as connection:
        while not (await connection.execute(query)).scalar():
            await connection.rollback()  # a fresh snapshot of pg_stat_activity each time
            await asyncio.sleep(0.01)
