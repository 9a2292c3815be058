"""One transaction per unit of work: commit keeps, leaving or rollback forgets, numbers included."""

from __future__ import annotations

import inspect

import pytest
from storage_helpers import (
    Studio,
    UowFactory,
    new_feedback,
    new_issue,
    new_milestone,
    only_postgresql,
    slack_user,
)

from bot import ports
from bot.errors import Conflict, StorageUnavailable
from bot.model import Role
from storage import repositories
from storage.uow import SqlUnitOfWork

IMPLEMENTATIONS = {
    ports.ProjectRepository: repositories.SqlProjectRepository,
    ports.PersonRepository: repositories.SqlPersonRepository,
    ports.MemberRepository: repositories.SqlMemberRepository,
    ports.MilestoneRepository: repositories.SqlMilestoneRepository,
    ports.DecisionRepository: repositories.SqlDecisionRepository,
    ports.FeedbackRepository: repositories.SqlFeedbackRepository,
    ports.IssueRepository: repositories.SqlIssueRepository,
    ports.AuditLog: repositories.SqlAuditLog,
    ports.UnitOfWork: SqlUnitOfWork,
}


def _parameters(function: object) -> list[tuple[str, object, object]]:
    return [(p.name, p.kind, p.default) for p in inspect.signature(function).parameters.values()]


@pytest.mark.parametrize("port", list(IMPLEMENTATIONS), ids=lambda port: port.__name__)
def test_every_port_method_is_implemented_with_its_signature(port: type) -> None:
    implementation = IMPLEMENTATIONS[port]
    methods = [
        name
        for name, member in vars(port).items()
        if inspect.isfunction(member) and (not name.startswith("_") or name.startswith("__a"))
    ]
    assert methods
    for name in methods:
        ours = getattr(implementation, name)
        assert inspect.iscoroutinefunction(ours), name
        assert _parameters(ours) == _parameters(getattr(port, name)), name
    for attribute in getattr(port, "__annotations__", {}):
        assert attribute in implementation.__annotations__, attribute


async def test_leaving_without_commit_keeps_nothing_not_even_a_number(
    uow_factory: UowFactory, studio: Studio
) -> None:
    project_id = studio.project.id
    async with uow_factory() as uow:
        assert (await uow.feedback.add(new_feedback(project_id, studio.client))).ref == "FB-1"
        assert (await uow.milestones.add(new_milestone(project_id))).ref == "M-1"
        assert (await uow.issues.add(new_issue(project_id, studio.client))).ref == "IS-1"
        await uow.people.ensure(slack_user("U-ghost"), "Ghost")

    async with uow_factory() as uow:
        assert await uow.feedback.list(project_id) == []
        assert await uow.people.find(slack_user("U-ghost")) is None
        # The numbers handed out above were given back: no gap.
        assert (await uow.feedback.add(new_feedback(project_id, studio.client))).ref == "FB-1"
        assert (await uow.milestones.add(new_milestone(project_id))).ref == "M-1"
        assert (await uow.issues.add(new_issue(project_id, studio.client))).ref == "IS-1"
        await uow.commit()


async def test_an_exception_rolls_back_and_propagates(
    uow_factory: UowFactory, studio: Studio
) -> None:
    with pytest.raises(ZeroDivisionError):
        async with uow_factory() as uow:
            await uow.feedback.add(new_feedback(studio.project.id, studio.client))
            _ = 1 / 0

    async with uow_factory() as uow:
        assert await uow.feedback.count_open(studio.project.id) == 0


async def test_rollback_forgets_and_the_unit_of_work_goes_on(
    uow_factory: UowFactory, studio: Studio
) -> None:
    async with uow_factory() as uow:
        await uow.feedback.add(new_feedback(studio.project.id, studio.client, "forgotten"))
        await uow.rollback()
        kept = await uow.feedback.add(new_feedback(studio.project.id, studio.client, "kept"))
        await uow.commit()

    assert kept.ref == "FB-1"
    async with uow_factory() as uow:
        assert [f.text for f in await uow.feedback.list(studio.project.id)] == ["kept"]


@only_postgresql
async def test_after_a_failed_statement_commit_refuses_until_a_rollback(
    uow_factory: UowFactory, studio: Studio
) -> None:
    async with uow_factory() as uow:
        lost = await uow.feedback.add(new_feedback(studio.project.id, studio.client, "lost"))
        with pytest.raises(StorageUnavailable):  # PostgreSQL takes no NUL in text
            await uow.projects.get_by_key("ACME\x00")
        # Committing now would confirm work the failed transaction already lost.
        with pytest.raises(StorageUnavailable):
            await uow.commit()
        await uow.rollback()
        kept = await uow.feedback.add(new_feedback(studio.project.id, studio.client, "kept"))
        await uow.commit()

    assert lost.ref == kept.ref == "FB-1"
    async with uow_factory() as uow:
        assert [f.text for f in await uow.feedback.list(studio.project.id)] == ["kept"]


async def test_work_before_a_conflict_is_committed_with_work_after_it(
    uow_factory: UowFactory, studio: Studio
) -> None:
    async with uow_factory() as uow:
        before = await uow.people.ensure(slack_user("U-before"), "Before")
        await uow.members.add(studio.project.id, before.id, Role.DESIGNER)
        with pytest.raises(Conflict):
            await uow.projects.add(studio.project)
        after = await uow.feedback.add(new_feedback(studio.project.id, before))
        await uow.commit()

    async with uow_factory() as uow:
        assert await uow.members.roles(studio.project.id, before.id) == {Role.DESIGNER}
        assert await uow.feedback.get(studio.project.id, 1) == after


async def test_a_unit_of_work_is_not_nested_nor_used_outside_async_with(
    uow_factory: UowFactory,
) -> None:
    uow = uow_factory()
    async with uow:
        with pytest.raises(
            RuntimeError, match=r"^this unit of work is already in use; make a new one$"
        ):
            async with uow:
                pass
    with pytest.raises(RuntimeError, match=r"^use the unit of work inside `async with`$"):
        await uow.commit()
