"""The core's commands over the SQL store, where ids start at 1: what the in-memory store,
which numbers everything from one counter, cannot show."""

from __future__ import annotations

from bot.service import handle_text
from tests.test_concurrency import said_by, studio


async def test_the_first_milestone_ever_keeps_its_name_to_itself(uow_factory) -> None:
    services = await studio(uow_factory)
    first = await handle_text('milestone add "Concepts" due 2027-01-15', said_by("paula"), services)
    assert first.ok
    again = await handle_text('milestone add "Concepts" due 2027-01-20', said_by("paula"), services)
    assert (again.ok, again.replies[0].message.text) == (
        False,
        "There is already a milestone “Concepts” in this project: M-1.",
    )
