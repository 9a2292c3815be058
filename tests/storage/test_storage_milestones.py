"""Milestones get M-n, are claimed by state/version/stage, and record one decision per person."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from storage_helpers import T0, T1, Studio, UowFactory, new_milestone, new_project

from bot.errors import Conflict, NotFound
from bot.model import Decision, DecisionKind, MilestoneState, MilestoneVersion, Platform, Stage
from storage.migrate import downgrade, upgrade
from storage.uow import sql_uow_factory


async def test_milestones_round_trip_numbered_per_project(
    uow_factory: UowFactory, studio: Studio
) -> None:
    async with uow_factory() as uow:
        first = await uow.milestones.add(new_milestone(studio.project.id))
        second = await uow.milestones.add(new_milestone(studio.project.id, "终稿 Final files"))
        other_project = await uow.projects.add(new_project("BETA"))
        elsewhere = await uow.milestones.add(new_milestone(other_project.id))
        await uow.commit()

    assert (first.ref, second.ref, elsewhere.ref) == ("M-1", "M-2", "M-1")
    async with uow_factory() as uow:
        assert await uow.milestones.get(studio.project.id, 1) == first
        assert await uow.milestones.list(studio.project.id) == [first, second]
        assert await uow.milestones.get(studio.project.id, 3) is None
    assert first.criteria == ("三个方向", "Logo on dark and light")
    assert first.created_at == T0 and first.created_at.tzinfo == UTC


async def test_a_claimed_milestone_saves_every_field(
    uow_factory: UowFactory, studio: Studio
) -> None:
    async with uow_factory() as uow:
        planned = await uow.milestones.add(new_milestone(studio.project.id))
        await uow.commit()

    in_review = replace(
        planned,
        name="概念稿 v2",
        criteria=("只要一个方向",),
        state=MilestoneState.IN_REVIEW,
        version=1,
        stage=Stage.PM,
        rounds_used=3,
        over_allowance=True,
        submit_note="见附件 / see attached",
        submitted_at=T0,
        stage_started_at=T1,
        approved_at=T1,
        rounds_included=5,  # the contract's terms for this milestone, and the studio's rounds
        internal_rounds=2,
    )
    async with uow_factory() as uow:
        claimed = await uow.milestones.claim(
            planned.id, state=MilestoneState.PLANNED, version=0, stage=None
        )
        assert claimed is True
        await uow.milestones.save(in_review)
        # Each write counts: the claim and the save.
        in_review = replace(in_review, seq=2)
        assert await uow.milestones.get(studio.project.id, 1) == in_review  # read back in-uow
        await uow.commit()

    async with uow_factory() as uow:
        assert await uow.milestones.get(studio.project.id, 1) == in_review


@pytest.mark.parametrize(
    ("state", "version", "stage"),
    [
        (MilestoneState.PLANNED, 1, Stage.PM),  # state moved on
        (MilestoneState.IN_REVIEW, 2, Stage.PM),  # another version
        (MilestoneState.IN_REVIEW, 1, Stage.CLIENT),  # another stage
        (MilestoneState.IN_REVIEW, 1, None),  # NULL is not PM
    ],
)
async def test_a_claim_on_a_stale_view_is_refused(
    uow_factory: UowFactory,
    studio: Studio,
    state: MilestoneState,
    version: int,
    stage: Stage | None,
) -> None:
    async with uow_factory() as uow:
        milestone = await uow.milestones.add(new_milestone(studio.project.id))
        milestone.state, milestone.version, milestone.stage = MilestoneState.IN_REVIEW, 1, Stage.PM
        await uow.milestones.save(milestone)
        await uow.commit()

    async with uow_factory() as uow:
        assert not await uow.milestones.claim(
            milestone.id, state=state, version=version, stage=stage
        )
        assert await uow.milestones.claim(
            milestone.id, state=MilestoneState.IN_REVIEW, version=1, stage=Stage.PM
        )


def decision(milestone_id: int, person, kind=DecisionKind.APPROVE, **overrides) -> Decision:
    values = {
        "milestone_id": milestone_id,
        "version": 1,
        "stage": Stage.CLIENT,
        "kind": kind,
        "person": person,
        "note": "",
        "platform": Platform.TEAMS,
        "decided_at": T0,
    }
    return Decision(**{**values, **overrides})


async def test_decisions_round_trip_one_per_person_stage_and_version(
    uow_factory: UowFactory, studio: Studio
) -> None:
    async with uow_factory() as uow:
        milestone = await uow.milestones.add(new_milestone(studio.project.id))
        by_pm = await uow.decisions.add(decision(milestone.id, studio.pm, stage=Stage.PM))
        changes = await uow.decisions.add(
            decision(milestone.id, studio.client, DecisionKind.CHANGES, note="再大胆一些")
        )
        with pytest.raises(Conflict) as refused:
            await uow.decisions.add(decision(milestone.id, studio.client, decided_at=T1))
        assert refused.value.message == "Already decided."
        # The unit of work is still usable after the refusal: the same person on v2 is fine.
        v2 = await uow.decisions.add(
            decision(milestone.id, studio.client, version=2, decided_at=T1)
        )
        await uow.commit()

    assert by_pm.id and changes.id and v2.id
    async with uow_factory() as uow:
        assert await uow.decisions.for_stage(milestone.id, 1, Stage.CLIENT) == [changes]
        assert await uow.decisions.for_stage(milestone.id, 1, Stage.PM) == [by_pm]
        assert await uow.decisions.for_stage(milestone.id, 3, Stage.PM) == []
        assert await uow.decisions.for_milestone(milestone.id) == [by_pm, changes, v2]
    assert changes.person.display_name == "王小明" and changes.decided_at == T0


async def test_saving_a_milestone_that_is_not_there_is_not_found(
    uow_factory: UowFactory, studio: Studio
) -> None:
    async with uow_factory() as uow:
        ghost = replace(new_milestone(studio.project.id), id=424242, number=9)
        with pytest.raises(NotFound):
            await uow.milestones.save(ghost)


async def test_a_cancelled_milestone_keeps_its_reason_and_the_state_to_reopen_to(
    uow_factory: UowFactory, studio: Studio
) -> None:
    async with uow_factory() as uow:
        milestone = await uow.milestones.add(new_milestone(studio.project.id))
        milestone.state, milestone.state_before_cancel = (
            MilestoneState.CANCELLED,
            MilestoneState.CHANGES_REQUESTED,
        )
        milestone.cancel_reason, milestone.cancelled_at = "客户暂停 / paused", T0
        await uow.milestones.save(milestone)
        await uow.commit()

    async with uow_factory() as uow:
        stored = await uow.milestones.get(studio.project.id, 1)
    assert stored == replace(milestone, cancelled_at=T0.astimezone(UTC), seq=1)
    assert stored.state_before_cancel is MilestoneState.CHANGES_REQUESTED


def version(milestone_id: int, number: int, by, **overrides) -> MilestoneVersion:
    values = {
        "milestone_id": milestone_id,
        "version": number,
        "criteria": ("三个方向", "Logo on dark"),
        "note": "见附件",
        "submitted_by": by,
        "submitted_at": T0,
        "state_before": MilestoneState.PLANNED,
    }
    return MilestoneVersion(**{**values, **overrides})


async def test_versions_keep_their_criteria_submitter_and_one_withdrawal(
    uow_factory: UowFactory, studio: Studio
) -> None:
    async with uow_factory() as uow:
        milestone = await uow.milestones.add(new_milestone(studio.project.id))
        first = await uow.versions.add(version(milestone.id, 1, studio.pm))
        second = await uow.versions.add(
            version(
                milestone.id,
                2,
                studio.client,
                criteria=("只要一个方向",),
                state_before=MilestoneState.CHANGES_REQUESTED,
            )
        )
        with pytest.raises(Conflict):
            await uow.versions.add(version(milestone.id, 2, studio.pm))
        await uow.commit()

    async with uow_factory() as uow:
        assert await uow.versions.withdraw(milestone.id, 2, by=studio.pm, at=T1)
        assert not await uow.versions.withdraw(milestone.id, 2, by=studio.client, at=T1)
        assert not await uow.versions.withdraw(milestone.id, 3, by=studio.pm, at=T1)
        await uow.commit()

    async with uow_factory() as uow:
        assert await uow.versions.list(milestone.id) == [
            first,
            replace(second, withdrawn_by=studio.pm, withdrawn_at=T1),
        ]
        assert await uow.versions.get(milestone.id, 1) == first
        assert await uow.versions.get(milestone.id, 3) is None
    assert first.submitted_at == T0 and first.submitted_at.tzinfo == UTC
    assert second.criteria == ("只要一个方向",) and second.submitted_by == studio.client


async def test_a_review_is_the_current_version_with_its_own_decisions_in_order(
    uow_factory: UowFactory, studio: Studio
) -> None:
    async with uow_factory() as uow:
        milestone = await uow.milestones.add(new_milestone(studio.project.id))
        planned = await uow.milestones.review(studio.project.id, milestone.number)
        await uow.versions.add(version(milestone.id, 1, studio.pm))
        second = await uow.versions.add(version(milestone.id, 2, studio.pm, criteria=("一个",)))
        await uow.versions.withdraw(milestone.id, 2, by=studio.client, at=T1)
        await uow.decisions.add(decision(milestone.id, studio.client, DecisionKind.CHANGES))
        later = await uow.decisions.add(
            decision(milestone.id, studio.client, version=2, decided_at=T1)
        )
        earlier = await uow.decisions.add(
            decision(milestone.id, studio.pm, version=2, stage=Stage.PM, decided_at=T0)
        )
        await uow.milestones.save(replace(milestone, state=MilestoneState.IN_REVIEW, version=2))
        await uow.commit()

    async with uow_factory() as uow:
        review = await uow.milestones.review(studio.project.id, milestone.number)
        assert await uow.milestones.review(studio.project.id, 9) is None
    assert planned is not None and (planned.submitted, planned.decisions) == (None, ())
    assert review is not None
    assert (review.milestone.state, review.milestone.version) == (MilestoneState.IN_REVIEW, 2)
    assert review.milestone.seq == 1  # written once since it was added
    assert review.submitted == replace(second, withdrawn_by=studio.client, withdrawn_at=T1)
    # v1's request for changes is not v2's; v2's two decisions come oldest first.
    assert review.decisions == (earlier, later)


async def test_a_milestone_read_before_another_write_is_not_saved_over_it(
    uow_factory: UowFactory, studio: Studio
) -> None:
    async with uow_factory() as uow:
        milestone = await uow.milestones.add(new_milestone(studio.project.id))
        await uow.commit()
    async with uow_factory() as uow:
        seen = await uow.milestones.get(studio.project.id, milestone.number)
    async with uow_factory() as uow:
        await uow.milestones.save(replace(seen, name="改名 Renamed"))
        await uow.commit()

    async with uow_factory() as uow:
        assert not await uow.milestones.save_if_unchanged(replace(seen, rounds_used=1))
        fresh = await uow.milestones.get(studio.project.id, milestone.number)
        assert await uow.milestones.save_if_unchanged(replace(fresh, rounds_used=1))
        await uow.commit()
    async with uow_factory() as uow:
        stored = await uow.milestones.get(studio.project.id, milestone.number)
    assert (stored.name, stored.rounds_used, stored.seq) == ("改名 Renamed", 1, 2)


async def test_migrating_gives_the_version_in_review_its_record_and_downgrading_uncancels(
    engine: AsyncEngine, studio: Studio
) -> None:
    """A database from before 0007 with v2 in review after one round of changes: 0007 records
    v2 with today's criteria (so it can be withdrawn, to changes requested); going back to 0006
    returns a cancelled milestone to the state it was cancelled from."""
    uow_factory = sql_uow_factory(engine)
    async with uow_factory() as uow:
        in_review = await uow.milestones.add(new_milestone(studio.project.id))
        in_review.state, in_review.version, in_review.stage = MilestoneState.IN_REVIEW, 2, Stage.PM
        in_review.rounds_used, in_review.submit_note, in_review.submitted_at = 1, "v2 附件", T1
        await uow.milestones.save(in_review)
        cancelled = await uow.milestones.add(new_milestone(studio.project.id, "终稿"))
        cancelled.state, cancelled.state_before_cancel = (
            MilestoneState.CANCELLED,
            MilestoneState.PLANNED,
        )
        await uow.milestones.save(cancelled)
        await uow.commit()

    await downgrade(engine, "0006")
    async with engine.connect() as connection:
        states = await connection.execute(text("SELECT state FROM milestones ORDER BY number"))
        assert [row[0] for row in states] == ["in_review", "planned"]
    await upgrade(engine)

    async with uow_factory() as uow:
        [recorded] = await uow.versions.list(in_review.id)
    assert recorded == MilestoneVersion(
        milestone_id=in_review.id,
        version=2,
        criteria=in_review.criteria,
        note="v2 附件",
        submitted_by=None,
        submitted_at=T1,
        state_before=MilestoneState.CHANGES_REQUESTED,
    )


async def test_a_milestone_read_again_in_the_same_unit_of_work_is_read_as_written(
    uow_factory: UowFactory, studio: Studio
) -> None:
    """A write goes straight to the database (not through the session's objects), so a read
    after it in the same transaction must not be served the object the first read kept."""
    async with uow_factory() as uow:
        added = await uow.milestones.add(new_milestone(studio.project.id))
        first = await uow.milestones.get(studio.project.id, added.number)
        assert first is not None
        await uow.milestones.save(replace(first, name="Concepts, again", rounds_used=1))
        again = await uow.milestones.get(studio.project.id, added.number)
        assert again is not None
        assert (again.name, again.rounds_used, again.seq) == ("Concepts, again", 1, first.seq + 1)
