"""Reading shared files after the submit: the fingerprint of what was read, a file past the cap
or gone kept without one, a failing read tried again with back-off and then given up, and a
file left to the instance whose platform can read it."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime

from adapters.fingerprints import ATTEMPTS, Fingerprinter, Unreadable
from adapters.operator import operator_invocation as operator
from bot.commands import AddMember, AddMilestone, CreateProject
from bot.model import Deliverable, DeliverableKind, Identity, MilestoneVersion, Platform, Role
from bot.policy import Policy
from bot.service import Services, handle
from tests.fakes import FakeClock

T0 = datetime(2026, 12, 7, 9, tzinfo=UTC)


class Reader:
    """A platform's reader as scripted: bytes, a file that is gone, or failures."""

    def __init__(self, data: bytes = b"", *, gone: bool = False, failures: int = 0) -> None:
        self.data, self.gone, self.failures, self.reads = data, gone, failures, 0

    async def chunks(self, location: str) -> AsyncIterator[bytes]:
        self.reads += 1
        if self.gone:
            raise Unreadable("404")
        if self.failures:
            self.failures -= 1
            raise ConnectionError("connection reset")
        for start in range(0, len(self.data), 1000):
            yield self.data[start : start + 1000]


async def shared(uow_factory, source: str = "slack:https://files.example/F1") -> int:
    """A milestone whose v1 shares one file; its id."""
    services = Services(uow=uow_factory, clock=FakeClock(T0), policy=Policy())
    create = CreateProject(key="acme", name="Acme", client="Acme Co.", timezone="UTC")
    assert (await handle(create, operator(None), services)).ok
    pm = Identity(platform=Platform.CONSOLE, tenant="local", user_id="paula")
    assert (await handle(AddMember(role=Role.PM, identity=pm), operator("acme"), services)).ok
    assert (
        await handle(AddMilestone(name="Concepts", due="2036-12-15"), operator("acme"), services)
    ).ok
    async with uow_factory() as uow:
        project = await uow.projects.get_by_key("acme")
        milestone = await uow.milestones.get(project.id, 1)
        pdf = Deliverable(name="Print.pdf", url="https://acme.example/print.pdf",
                          kind=DeliverableKind.FILE, size=9, source=source)  # fmt: skip
        await uow.versions.add(MilestoneVersion(milestone_id=milestone.id, version=1,
                                                submitted_at=T0, deliverables=(pdf,)))  # fmt: skip
        await uow.commit()
    return milestone.id


async def the_file(uow_factory, milestone_id: int) -> Deliverable:
    async with uow_factory() as uow:
        [version] = await uow.versions.list(milestone_id)
    [pdf] = version.deliverables
    return pdf


async def test_a_file_is_read_once_for_its_fingerprint(uow_factory) -> None:
    milestone_id = await shared(uow_factory)
    data = b"%PDF" + bytes(5000)
    reader, clock = Reader(data), FakeClock(T0)
    worker = Fingerprinter(uow_factory, clock, {"slack": reader}, limit=10_000)
    assert await worker.run_once() == 1
    assert await worker.run_once() == 0  # read: nothing left
    pdf = await the_file(uow_factory, milestone_id)
    assert (pdf.sha256, pdf.size, pdf.source) == (hashlib.sha256(data).hexdigest(), 5004, "")
    assert reader.reads == 1


async def test_a_file_past_the_cap_or_gone_keeps_its_record_without_a_fingerprint(
    uow_factory,
) -> None:
    milestone_id = await shared(uow_factory)
    worker = Fingerprinter(uow_factory, FakeClock(T0), {"slack": Reader(bytes(10_001))},
                           limit=10_000)  # fmt: skip
    assert await worker.run_once() == 1
    pdf = await the_file(uow_factory, milestone_id)
    assert (pdf.name, pdf.sha256, pdf.size, pdf.source) == ("Print.pdf", "", 9, "")


async def test_a_failing_read_is_tried_again_later_then_given_up(uow_factory) -> None:
    milestone_id = await shared(uow_factory)
    reader, clock = Reader(b"bytes", failures=ATTEMPTS), FakeClock(T0)
    worker = Fingerprinter(uow_factory, clock, {"slack": reader}, limit=10_000)
    waits = []
    for attempt in range(1, ATTEMPTS + 1):
        assert await worker.run_once() == 1
        assert await worker.run_once() == 0  # put off (or given up): not due again at once
        if attempt == ATTEMPTS:
            break
        before = clock.now()
        while True:  # the next try falls due after its back-off
            clock.advance(seconds=30)
            async with uow_factory() as uow:
                if await uow.file_reads.due(clock.now(), limit=1):
                    break
        waits.append(clock.now() - before)
    assert reader.reads == ATTEMPTS
    assert waits == sorted(waits) and waits[0] < waits[-1]  # backing off
    pdf = await the_file(uow_factory, milestone_id)
    assert (pdf.sha256, pdf.source) == ("", "")  # given up after the last try


async def test_a_file_of_another_platform_is_left_to_an_instance_that_can_read_it(
    uow_factory,
) -> None:
    milestone_id = await shared(uow_factory, source="teams:https://files.example/x")
    worker = Fingerprinter(uow_factory, FakeClock(T0), {"slack": Reader(b"x")}, limit=100)
    assert await worker.run_once() == 0
    assert (await the_file(uow_factory, milestone_id)).source == "teams:https://files.example/x"
