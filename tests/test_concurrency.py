"""Exactly once under concurrency, guaranteed by the database: the core on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import re

from bot.commands import AddMember, CreateProject
from bot.invocation import Invocation
from bot.model import Conversation, Identity, MilestoneState, Platform, Role
from bot.policy import Policy
from bot.queries import export_project
from bot.service import Services, handle, handle_text
from tests.fakes import FakeClock

CHANNEL = Conversation(platform=Platform.SLACK, tenant="T1", channel="C1")


def said_by(user_id: str) -> Invocation:
    identity = Identity(platform=Platform.SLACK, tenant="T1", user_id="U" + user_id.upper())
    return Invocation(identity=identity, display_name=user_id.title(), conversation=CHANNEL)


async def studio(uow_factory, *, approvers: tuple[str, ...] = ("ava",)) -> Services:
    services = Services(uow=uow_factory, clock=FakeClock(), policy=Policy())
    create = CreateProject(key="acme", name="Acme rebrand", client="Acme Co.")
    assert (await handle(create, said_by("paula"), services)).ok
    for user, role in [("dan", Role.DESIGNER), *((a, Role.APPROVER) for a in approvers)]:
        add = AddMember(user="U" + user.upper(), role=role)
        assert (await handle(add, said_by("paula"), services)).ok
    return services


async def test_fifty_concurrent_feedback_get_fb_1_to_50(uow_factory) -> None:
    services = await studio(uow_factory)

    results = await asyncio.gather(
        *(handle_text(f"feedback note {n}", said_by(f"client{n}"), services) for n in range(50))
    )

    assert all(result.ok for result in results)
    confirmed = {re.match(r"FB-(\d+)", r.replies[0].message.text).group(1) for r in results}
    assert confirmed == {str(n) for n in range(1, 51)}
    record = await export_project("acme", services)
    assert sorted(int(f["ref"][3:]) for f in record["feedback"]) == list(range(1, 51))


async def test_two_simultaneous_approvals_record_one_decision(uow_factory) -> None:
    services = await studio(uow_factory, approvers=("ava", "abe"))
    await handle_text('milestone add "Concepts" due 2027-01-15', said_by("paula"), services)
    await handle_text("submit M-1", said_by("dan"), services)
    assert (await handle_text("approve M-1", said_by("paula"), services)).ok

    first, second = await asyncio.gather(
        handle_text("approve M-1@v1", said_by("ava"), services),
        handle_text("changes M-1@v1 darker please", said_by("abe"), services),
    )

    assert sorted([first.ok, second.ok]) == [False, True]
    loser = first if not first.ok else second
    assert loser.replies[0].message.text.startswith("M-1 v1 is already decided: ")
    record = await export_project("acme", services)
    client_decisions = [d for d in record["decisions"] if d["stage"] == "client"]
    assert len(client_decisions) == 1
    [milestone] = record["milestones"]
    winner_state = MilestoneState.APPROVED if first.ok else MilestoneState.CHANGES_REQUESTED
    assert milestone["status"] == winner_state.value


async def test_a_double_click_by_one_person_records_one_decision(uow_factory) -> None:
    services = await studio(uow_factory)
    await handle_text('milestone add "Concepts" due 2027-01-15', said_by("paula"), services)
    await handle_text("submit M-1", said_by("dan"), services)

    clicks = await asyncio.gather(
        *(handle_text("approve M-1@v1", said_by("paula"), services) for _ in range(5))
    )

    assert [c.ok for c in clicks].count(True) == 1
    record = await export_project("acme", services)
    assert len(record["decisions"]) == 1
