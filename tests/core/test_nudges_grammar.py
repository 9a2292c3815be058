"""`nudges` lines the grammar cannot read: each is answered with what to type instead, naming
the word it stopped at; and the readable variants a PM may type (Chinese words, a date with
spaces taken back with `off`)."""

from __future__ import annotations

import pytest

from tests.core.conftest import Studio

KINDS = (
    "digest | due_soon | review_waiting | issue_overdue | feedback_waiting | overdue | risk_raised"
    " | survey_waiting | studio_digest"
)


@pytest.mark.parametrize(
    ("line", "answer"),
    [
        ("nudges frobnicate", "After “nudges”, use one of: show | pause | resume | off | on | "
                              "country | holiday | time | escalate."),
        ("nudges pause whenever", "After “nudges pause”, use one of: until DATE."),
        ("nudges pause until", "Give a value after “until”."),
        ("nudges on lunch", f"After “nudges on”, use one of: {KINDS}."),
        ("nudges time lunch 9:00", f"After “nudges time”, use one of: {KINDS}."),
        ("nudges time digest", "Give a value after “HH:MM”."),
        ("nudges time digest mon 9:00 extra", "Give a value after “HH:MM”."),
        ("nudges escalate", "Give a value after “KEY”."),
        ("nudges escalate acme somewhere",
         "After “nudges escalate KEY”, use one of: here | direct."),
        ("nudges holiday", "Give a value after “holiday”."),
        ("nudges country", "Give a value after “country”."),
    ],
)  # fmt: skip
async def test_an_unreadable_nudges_line_says_what_to_type(
    studio: Studio, line: str, answer: str
) -> None:
    said = (await studio.text("paula", line)).splitlines()
    assert said[0] == answer
    assert said[1].startswith("Usage: nudges [show]")


@pytest.mark.parametrize(
    ("line", "answer"),
    [
        ("nudges pause 直到 2026-12-20", "Nudges are paused; they start again on Sun 20 Dec."),
        ("NUDGES PAUSE UNTIL 2026-12-20", "Nudges are paused; they start again on Sun 20 Dec."),
        ("nudges holiday 24 Dec 2026", "No nudges on Thu 24 Dec."),
    ],
)
async def test_the_words_of_a_nudges_line_are_read_in_either_language_and_case(
    studio: Studio, line: str, answer: str
) -> None:
    assert await studio.text("paula", line) == answer


async def test_a_day_off_written_with_spaces_is_taken_back_by_its_last_word(
    studio: Studio,
) -> None:
    await studio.say("paula", "nudges holiday 24 Dec 2026")
    assert "own days off: Thu 24 Dec" in await studio.text("paula", "nudges")
    assert await studio.text("paula", "nudges holiday 24 Dec 2026 off") == (
        "Nudges may go out on Thu 24 Dec again."
    )
    assert "own days off" not in await studio.text("paula", "nudges")


async def test_escalating_here_is_read_and_then_refused_in_a_channel_the_client_reads(
    studio: Studio,
) -> None:
    said = await studio.text("paula", "nudges escalate acme HERE")
    assert said.splitlines()[0] == (
        "Clients read this conversation: escalate to a channel of the studio's own, or "
        "“nudges escalate acme direct”."
    )
