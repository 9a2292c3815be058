"""A risk read back from the database whole: one Signoff raised (its key and evidence), shared,
closed with a note, at the instant it was closed; the write count a change is saved over, so a
second change saves too; and the register listed in RK order whatever order its keys sort in."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from storage_helpers import Studio, UowFactory

from bot.risks import Level, Risk, RiskState

RAISED_AT = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)
CLOSED_AT = datetime(2026, 12, 8, 16, 45, tzinfo=UTC)


def raised(studio: Studio, key: str, title: str = "M-2 “概念稿” is running late") -> Risk:
    return Risk(
        project_id=studio.project.id,
        title=title,
        likelihood=Level.HIGH,
        impact=Level.MEDIUM,
        key=key,
        evidence="M-2 “概念稿” was due on Mon 30 Nov and is 4 working days late (planned).",
        raised_by=None,
        raised_at=RAISED_AT,
    )


async def test_a_raised_risk_shared_and_closed_reads_back_whole(
    uow_factory: UowFactory, studio: Studio
) -> None:
    async with uow_factory() as uow:
        added = await uow.risks.add(raised(studio, "overdue:M-2"))
        await uow.commit()
    assert added is not None
    closed = replace(
        added,
        shared=True,
        state=RiskState.CLOSED,
        closed_by=studio.pm,
        closed_at=CLOSED_AT,
        close_note="客户改了日期 the client moved the date",
    )
    async with uow_factory() as uow:
        assert await uow.risks.save_if_unchanged(closed)
        await uow.commit()
    async with uow_factory() as uow:
        read = await uow.risks.get(studio.project.id, added.number)
    assert read == replace(closed, seq=1)
    # What was read is what the next change is written over.
    assert read is not None
    async with uow_factory() as uow:
        assert await uow.risks.save_if_unchanged(replace(read, state=RiskState.OPEN))
        await uow.commit()
    async with uow_factory() as uow:
        again = await uow.risks.get(studio.project.id, added.number)
    assert again is not None and (again.state, again.seq) == (RiskState.OPEN, 2)


async def test_the_register_is_listed_in_rk_order(uow_factory: UowFactory, studio: Studio) -> None:
    # Keys that sort against their numbers, and a person's risk (no key) last.
    async with uow_factory() as uow:
        for key in ["silence:M-1@v1", "overdue:M-2", "issues:IS-1,IS-2", ""]:
            assert await uow.risks.add(raised(studio, key, title=key or "Fonts")) is not None
        await uow.commit()
    async with uow_factory() as uow:
        listed = await uow.risks.list(studio.project.id)
    assert [(r.ref, r.key) for r in listed] == [
        ("RK-1", "silence:M-1@v1"),
        ("RK-2", "overdue:M-2"),
        ("RK-3", "issues:IS-1,IS-2"),
        ("RK-4", ""),
    ]
