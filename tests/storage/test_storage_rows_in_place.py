"""Rows written in place and read back: sending one change request moves that request alone and
makes every copy read before it stale; a version reads back with the feedback it drew and whether
the brief was pending; a Slack uninstall stamps when it marked its bindings and a reinstall clears
the stamp; `org_wide` lists org-wide installs only; an OAuth state is consumed alone; the doctor
lists one platform's channels of a project by channel, and says what failed when it cannot."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from storage_helpers import T0, T1, Studio, UowFactory, new_feedback, new_milestone, new_project

from bot.change_requests import ChangeRequest, ChangeState
from bot.errors import StorageUnavailable
from bot.model import (
    Conversation,
    FeedbackStatus,
    MilestoneState,
    MilestoneVersion,
    Platform,
)
from bot.money import Money
from storage.database import make_engine
from storage.health import BoundChannel, bound_channels
from storage.repositories.slack_installs import (
    InstallKey,
    SealedInstallation,
    SqlSlackInstallations,
)
from storage.tables import BindingRow

AT = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)
APP = "1234.5678"


def request(studio: Studio, title: str) -> ChangeRequest:
    return ChangeRequest(project_id=studio.project.id, title=title, description="",
                         price=Money(500_00, "EUR"), days=3, milestone=1, round=3,
                         raised_by=studio.client, raised_at=AT)  # fmt: skip


async def test_sending_one_change_request_leaves_the_other_drafts_as_they_were(
    uow_factory: UowFactory, studio: Studio
) -> None:
    async with uow_factory() as uow:
        first = await uow.changes.add(request(studio, "Extra banner"))
        await uow.changes.add(request(studio, "横幅 Second banner"))
        assert await uow.changes.settle(
            first, expected=ChangeState.DRAFT, state=ChangeState.SENT, by=studio.pm, at=AT
        )
        await uow.commit()
    async with uow_factory() as uow:
        stored = await uow.changes.list(studio.project.id)
    assert [(c.ref, c.state, c.sent_by) for c in stored] == [
        ("CR-1", ChangeState.SENT, studio.pm),
        ("CR-2", ChangeState.DRAFT, None),
    ]


async def test_a_price_typed_over_a_copy_read_before_the_send_is_not_written(
    uow_factory: UowFactory, studio: Studio
) -> None:
    async with uow_factory() as uow:
        first_read = await uow.changes.add(request(studio, "Extra banner"))
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.changes.save_if_unchanged(replace(first_read, price=Money(800_00, "EUR")))
        before_send = await uow.changes.get(studio.project.id, 1)
        assert before_send is not None
        assert await uow.changes.settle(
            before_send, expected=ChangeState.DRAFT, state=ChangeState.SENT, by=studio.pm, at=AT
        )
        # A sent request is still open to a new price, but only over what was read after it.
        assert not await uow.changes.save_if_unchanged(replace(first_read, days=9))
        assert not await uow.changes.save_if_unchanged(replace(before_send, days=8))
        await uow.commit()
    async with uow_factory() as uow:
        stored = await uow.changes.get(studio.project.id, 1)
        assert stored is not None
        assert await uow.changes.save_if_unchanged(replace(stored, days=5))
        await uow.commit()
    async with uow_factory() as uow:
        stored = await uow.changes.get(studio.project.id, 1)
    assert stored is not None
    assert (stored.price, stored.days, stored.state) == (Money(800_00, "EUR"), 5, ChangeState.SENT)


def version(milestone_id: int, number: int, studio: Studio, **overrides) -> MilestoneVersion:
    values = {"milestone_id": milestone_id, "version": number, "criteria": ("三个方向",),
              "note": "", "submitted_by": studio.pm, "submitted_at": T0,
              "state_before": MilestoneState.PLANNED}  # fmt: skip
    return MilestoneVersion(**{**values, **overrides})


async def test_a_version_reads_back_with_its_feedback_counted_and_the_brief_pending(
    uow_factory: UowFactory, studio: Studio
) -> None:
    async with uow_factory() as uow:
        milestone = await uow.milestones.add(new_milestone(studio.project.id))
        await uow.versions.add(version(milestone.id, 1, studio, brief_pending=True))
        await uow.versions.add(version(milestone.id, 2, studio))
        on = {"milestone_id": milestone.id}
        for text, at in [("太暗", 1), ("logo too small", 1), ("withdrawn", 1), ("v2 更好", 2)]:
            added = await uow.feedback.add(
                replace(new_feedback(studio.project.id, studio.client, text), **on, version=at)
            )
        withdrawn = await uow.feedback.get(studio.project.id, 3)
        assert withdrawn is not None and added.ref == "FB-4"
        assert await uow.feedback.update(
            replace(withdrawn, status=FeedbackStatus.WITHDRAWN), expected_status=FeedbackStatus.OPEN
        )
        await uow.milestones.save(replace(milestone, state=MilestoneState.IN_REVIEW, version=1))
        await uow.commit()

    async with uow_factory() as uow:
        listed = await uow.versions.list(milestone.id)
        second = await uow.versions.get(milestone.id, 2)
        review = await uow.milestones.review(studio.project.id, milestone.number)
    assert [(v.version, v.feedback, v.brief_pending) for v in listed] == [
        (1, 2, True),
        (2, 1, False),
    ]
    assert second is not None and (second.feedback, second.brief_pending) == (1, False)
    assert review is not None and review.submitted is not None
    assert (review.submitted.feedback, review.submitted.brief_pending) == (2, True)


def slack(team: str, channel: str) -> Conversation:
    return Conversation(platform=Platform.SLACK, tenant=team, channel=channel)


def sealed(key: InstallKey) -> SealedInstallation:
    return SealedInstallation(key=key, is_enterprise_install=not key.team_id,
                              installer_user_id="U1", sealed="gAAAA", installed_at=T0)  # fmt: skip


@pytest.fixture
def installs(engine: AsyncEngine) -> SqlSlackInstallations:
    return SqlSlackInstallations(async_sessionmaker(engine, expire_on_commit=False))


async def marks(engine: AsyncEngine) -> dict[str, tuple[str, datetime | None]]:
    async with async_sessionmaker(engine)() as session:
        rows = (await session.scalars(select(BindingRow).order_by(BindingRow.channel))).all()
    return {r.channel: (r.problem, r.problem_at and r.problem_at.replace(tzinfo=UTC)) for r in rows}


async def test_an_uninstall_stamps_when_it_marked_the_bindings_and_a_reinstall_clears_it(
    engine: AsyncEngine, uow_factory: UowFactory, installs: SqlSlackInstallations
) -> None:
    async with uow_factory() as uow:
        project = await uow.projects.add(new_project())
        assert project.id is not None
        await uow.projects.bind(project.id, slack("T111", "C111"))
        await uow.projects.bind(project.id, slack("T222", "C222"))
        await uow.commit()
    workspace = InstallKey(client_id=APP, enterprise_id="", team_id="T111")
    await installs.save(sealed(workspace))

    assert await installs.remove(workspace, problem="token_revoked", at=T1)
    assert await marks(engine) == {"C111": ("token_revoked", T1), "C222": ("", None)}

    await installs.save(sealed(workspace), clears={"token_revoked"})
    assert await marks(engine) == {"C111": ("", None), "C222": ("", None)}


async def test_org_wide_lists_the_org_wide_installs_alone(
    installs: SqlSlackInstallations,
) -> None:
    org = InstallKey(client_id=APP, enterprise_id="E1", team_id="")
    for key in (org, InstallKey(client_id=APP, enterprise_id="E1", team_id="T1"),
                InstallKey(client_id=APP, enterprise_id="", team_id="T9")):  # fmt: skip
        await installs.save(sealed(key))
    assert await installs.org_wide(APP) == [sealed(org)]
    assert len(await installs.every(APP)) == 3


async def test_consuming_a_state_leaves_the_other_states_good(
    installs: SqlSlackInstallations,
) -> None:
    for state in ("s-first", "s-second", "s-third"):
        await installs.keep_state(state, expires_at=T1)
    before = T1 - timedelta(minutes=5)
    assert await installs.consume_state("s-second", now=before)
    assert await installs.consume_state("s-first", now=before)
    assert await installs.consume_state("s-third", now=before)
    assert not await installs.consume_state("s-first", now=before)


async def test_one_project_s_channels_on_one_platform_are_listed_by_channel(
    engine: AsyncEngine, uow_factory: UowFactory
) -> None:
    async with uow_factory() as uow:
        project = await uow.projects.add(new_project("ACME"))
        assert project.id is not None
        for channel in ("C3", "C1", "C2"):  # bound out of order
            await uow.projects.bind(project.id, slack("T1", channel))
        await uow.commit()
    assert await bound_channels(engine) == [
        BoundChannel(project_key="ACME", conversation=slack("T1", channel), reference=None)
        for channel in ("C1", "C2", "C3")
    ]


async def test_a_database_that_cannot_be_read_says_it_was_reading_the_bindings() -> None:
    down = make_engine("sqlite:////nonexistent-dir/signoff/signoff.db")
    try:
        with pytest.raises(StorageUnavailable) as failure:
            await bound_channels(down)
    finally:
        await down.dispose()
    assert str(failure.value).startswith("reading the bindings failed: ")
    assert failure.value.__cause__ is not None
