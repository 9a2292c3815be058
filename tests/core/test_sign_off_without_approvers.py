"""A project whose client named no approvers is signed off by the PM alone: the PM's approval
is final, and nobody is waited on."""

from __future__ import annotations

from bot.model import MilestoneState
from tests.core.conftest import make_studio


async def test_without_approvers_the_pms_approval_is_final() -> None:
    studio = await make_studio(approvers=())
    await studio.say("paula", 'milestone add "Concepts" due 2026-12-15')
    await studio.say("dan", "submit M-1")

    answer = await studio.text("paula", "approve M-1 looks right")

    [milestone] = studio.tables.milestones.values()
    assert milestone.state is MilestoneState.APPROVED
    assert "Over to the client" not in answer
