"""A milestone or version named that is not the one in review: a milestone that does not
exist, and an earlier version withdrawn or decided, each answered for what it is."""

from __future__ import annotations

import pytest

from tests.core.conftest import Studio


@pytest.mark.parametrize("line", ["approve M-9", "changes M-9 bigger", "withdraw M-9", "M-9"])
async def test_a_milestone_that_does_not_exist_is_named_back(studio: Studio, line: str) -> None:
    result = await studio.say("paula", line)
    assert not result.ok
    assert result.replies[0].message.text == "There is no milestone M-9 in this project."


async def test_an_earlier_version_is_answered_for_itself_not_for_the_one_in_review(
    studio: Studio,
) -> None:
    await studio.say("paula", 'milestone add "Concepts" due 2026-12-20')
    await studio.say("dan", "submit M-1 first")
    await studio.say("paula", "changes M-1 warmer")  # v1 decided
    await studio.say("dan", "submit M-1 second")
    await studio.say("dan", "withdraw M-1")  # v2 withdrawn
    await studio.say("dan", "submit M-1 third")  # v3 in review, nobody has decided

    decided = await studio.text("dan", "withdraw M-1@v1")
    assert decided.startswith("M-1 v1 has a decision, so it can't be withdrawn: Paula requested")
    withdrawn = await studio.text("dan", "withdraw M-1@v2")
    assert withdrawn.startswith("M-1 v2 was withdrawn by Dan at")
    assert (await studio.say("dan", "withdraw M-1@v3")).ok  # the one in review
