"""Buttons carry commands as data: what a card's button holds decodes to the command it was
made for; older cards' typed commands still decode; anything else is refused, not guessed."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.actions import decision_kind, decode, encode, typed
from bot.commands import DecideMilestone
from bot.model import DecisionKind

decisions = st.builds(
    DecideMilestone,
    number=st.integers(min_value=1, max_value=10**6),
    kind=st.sampled_from(DecisionKind),
    version=st.one_of(st.none(), st.integers(min_value=1, max_value=999)),
)


@given(command=decisions, note=st.text(max_size=50))
def test_a_button_gives_back_the_command_it_was_made_for(command, note) -> None:
    assert decode(encode(command), note=note) == DecideMilestone(
        number=command.number, kind=command.kind, version=command.version, note=note
    )


def test_a_button_is_small() -> None:  # Slack keeps at most 2,000 characters in a value
    big = DecideMilestone(number=10**6, kind=DecisionKind.CHANGES, version=999)
    assert len(encode(big)) < 80


@pytest.mark.parametrize(
    ("typed", "note", "expected"),
    [
        ("approve M-1@v2", "", DecideMilestone(number=1, kind=DecisionKind.APPROVE, version=2)),
        ("changes M-3@v1", "warmer", DecideMilestone(number=3, kind=DecisionKind.CHANGES,
                                                     version=1, note="warmer")),
        ("changes M-3@v1", "", DecideMilestone(number=3, kind=DecisionKind.CHANGES, version=1)),
    ],
)  # fmt: skip
def test_a_card_posted_before_commands_were_data_still_works(typed, note, expected) -> None:
    assert decode(typed, note=note) == expected


@pytest.mark.parametrize(
    "data",
    [
        "",
        "status",
        "feedback the logo",
        "[]",
        "null",
        '{"v": 2, "do": "decide", "kind": "approve", "m": 1, "at": 1}',
        '{"v": 1, "do": "delete", "kind": "approve", "m": 1, "at": 1}',
        '{"v": 1, "do": "decide", "kind": "maybe", "m": 1, "at": 1}',
        '{"v": 1, "do": "decide", "kind": "approve", "m": "1", "at": 1}',
        '{"v": 1, "do": "decide", "kind": "approve", "m": 1, "at": "v1"}',
        '{"v": 1, "do": "decide", "kind": "approve"}',
    ],
)
def test_data_no_release_made_is_refused(data: str) -> None:
    assert decode(data) is None


def test_true_is_not_a_milestone_number() -> None:
    assert decode('{"v": 1, "do": "decide", "kind": "approve", "m": true, "at": 1}') is None


def test_a_button_reads_as_what_one_would_type() -> None:
    data = encode(DecideMilestone(number=4, kind=DecisionKind.CHANGES, version=2))
    assert typed(data) == "changes M-4@v2"


@pytest.mark.parametrize(
    ("command", "shown", "kind"),
    [
        (DecideMilestone(number=2, kind=DecisionKind.APPROVE, version=3), "approve M-2@v3",
         DecisionKind.APPROVE),
        (DecideMilestone(number=2, kind=DecisionKind.CHANGES), "changes M-2",
         DecisionKind.CHANGES),
    ],
)  # fmt: skip
def test_a_decision_button_reads_as_the_line_one_would_type(
    command: DecideMilestone, shown: str, kind: DecisionKind
) -> None:
    # The console shows buttons as lines; Slack and Teams style approve and changes apart.
    assert typed(encode(command)) == shown
    assert decision_kind(encode(command)) is kind


@pytest.mark.parametrize("data", ["submit M-1", "help", "not a command"])
def test_a_button_that_is_no_decision_has_no_kind_and_reads_as_it_came(data: str) -> None:
    assert decision_kind(data) is None
    assert typed(data) == data
