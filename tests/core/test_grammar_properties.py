"""Properties of the grammar: it answers any text, and reads back every command it can print."""

from __future__ import annotations

import re

from hypothesis import example, given
from hypothesis import strategies as st

from bot.commands import (
    AddMember,
    AddMilestone,
    AssignIssue,
    ChangeFeedback,
    ChangeIssue,
    Command,
    CreateProject,
    DecideMilestone,
    FeedbackAction,
    IssueAction,
    LogFeedback,
    RaiseIssue,
    SubmitMilestone,
    Unparsed,
)
from bot.grammar import UNREADABLE, VERBS, parse
from bot.model import DecisionKind, Role, Severity
from bot.text import clean

ANY_CHAR = st.characters(exclude_categories=())  # surrogates and control characters included
COMMAND_WORDS = [
    *VERBS, "feedback resolve", "issue ack", "issue assign", "milestone add", "member add",
    "project create", "project bind", "approve M-3@v2", "milestone rename M-2",
    "milestone due M-2", "milestone criteria M-2", "milestone cancel M-2", "withdraw", "M-2",
]  # fmt: skip


@given(
    st.one_of(
        st.text(ANY_CHAR, max_size=300),
        st.tuples(st.sampled_from(COMMAND_WORDS), st.text(ANY_CHAR, max_size=300)).map(" ".join),
        st.tuples(st.text(ANY_CHAR, min_size=1, max_size=20), st.integers(1, 1000)).map(
            lambda pair: (pair[0] * pair[1])[:10_000]
        ),
    )
)
@example("\ud800" * 10 + "feedback")
@example("feedback " + "\x00\u202e" * 5000)
@example('project create acme "' + "a" * 9990)
def test_any_text_gets_a_command_back(text: str) -> None:
    command = parse(text)
    assert isinstance(command, Command)
    assert not (isinstance(command, Unparsed) and command.reason == UNREADABLE)


# --- round trip: print a command the way a person would type it, and read it back ----------

REF_LIKE = re.compile(r"[A-Za-z]{1,2}[-－]\d")
WORDY = st.characters(
    exclude_categories=("Cs", "Cc", "Zl", "Zp"), exclude_characters="\u200b\u2060\ufeff"
)


def free_text(*, min_size: int = 1, banned: str = "") -> st.SearchStrategy[str]:
    """Text as a person types it: stable under clean(), optionally without some characters."""
    chars = st.one_of(WORDY, st.sampled_from(" \n'\"“”😀字"))
    return (
        st.text(chars, min_size=min_size, max_size=60)
        .filter(lambda text: clean(text) == text and not any(c in text for c in banned))
        .filter(lambda text: len(text) >= min_size)
    )


SUB_VERBS = {"resolve", "reopen", "ack", "close", "assign", "edit", "withdraw", "list"}


def plain_start(text: str) -> bool:
    """Whether free text cannot be mistaken for a reference or a sub-verb at its start."""
    words = text.split()
    return (
        bool(words)
        and not REF_LIKE.match(words[0])
        and words[0].lower() not in SUB_VERBS
        and not (len(words) > 1 and REF_LIKE.match(words[1]))
    )


NUMBER = st.integers(1, 999_999_999)
NOTE = st.one_of(st.just(""), free_text())
USER = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,20}", fullmatch=True)
NAME = free_text(banned='"”')

COMMANDS = st.one_of(
    st.builds(LogFeedback, text=free_text().filter(plain_start), milestone=st.none() | NUMBER),
    st.builds(ChangeFeedback, number=NUMBER, action=st.sampled_from(FeedbackAction), note=NOTE),
    st.builds(
        RaiseIssue,
        # "Site down: high" reads as the title "Site down": a separator before the severity is
        # punctuation, not part of the title, so no title here ends with one.
        title=free_text().filter(plain_start).filter(lambda t: not t.endswith(tuple(":：,，、"))),
        severity=st.sampled_from(Severity),
        milestone=st.none() | NUMBER,
    ),
    st.builds(ChangeIssue, number=NUMBER, action=st.sampled_from(IssueAction), note=NOTE),
    st.builds(AssignIssue, number=NUMBER, user=USER),
    st.builds(
        AddMilestone,
        name=NAME,
        due=free_text(banned=":：").filter(lambda d: not d.startswith(("criteria", "标准"))),
        criteria=st.lists(free_text(banned=";；"), max_size=4).map(tuple),
    ),
    st.builds(SubmitMilestone, number=NUMBER, note=NOTE),
    st.builds(
        DecideMilestone,
        number=NUMBER,
        kind=st.just(DecisionKind.APPROVE),
        note=NOTE,
        version=st.none() | NUMBER,
    ),
    st.builds(
        DecideMilestone,
        number=NUMBER,
        kind=st.just(DecisionKind.CHANGES),
        note=free_text(),
        version=st.none() | NUMBER,
    ),
    st.builds(AddMember, user=USER, role=st.sampled_from(Role)),
    st.builds(
        CreateProject,
        key=st.from_regex(r"[a-z][a-z0-9-]{1,39}", fullmatch=True),
        name=NAME,
        client=NAME,
        timezone=st.sampled_from(["", "Europe/Berlin", "Asia/Shanghai", "UTC"]),
        locale=st.sampled_from(["", "en", "zh-CN"]),
    ),
)


def render(command: Command) -> str:
    """The line a person would type for `command`."""
    match command:
        case LogFeedback(text=text, milestone=None):
            return f"feedback {text}"
        case LogFeedback(text=text, milestone=number):
            return f"feedback M-{number} {text}"
        case ChangeFeedback(number=number, action=action, note=note):
            return f"feedback {action} FB-{number} {note}"
        case RaiseIssue(title=title, severity=severity, milestone=milestone):
            return f"issue {f'M-{milestone} ' if milestone else ''}{title} {severity}"
        case ChangeIssue(number=number, action=action, note=note):
            return f"issue {action} IS-{number} {note}"
        case AssignIssue(number=number, user=user):
            return f"issue assign IS-{number} @{user}"
        case AddMilestone(name=name, due=due, criteria=criteria):
            listed = f" criteria: {'; '.join(criteria)}" if criteria else ""
            return f'milestone add "{name}" due {due}{listed}'
        case SubmitMilestone(number=number, note=note):
            return f"submit M-{number} {note}"
        case DecideMilestone(number=number, kind=kind, note=note, version=version):
            return f"{kind} M-{number}{f'@v{version}' if version else ''} {note}"
        case AddMember(user=user, role=role):
            return f"member add @{user} {role}"
        case CreateProject(key=key, name=name, client=client, timezone=tz, locale=locale):
            options = (f" timezone {tz}" if tz else "") + (f" locale {locale}" if locale else "")
            return f'project create {key} "{name}" client "{client}"{options}'
    raise AssertionError(command)


@given(COMMANDS)
def test_a_printed_command_reads_back_the_same(command: Command) -> None:
    assert parse(render(command)) == command


def any_case(word: str) -> st.SearchStrategy[str]:
    flips = st.lists(st.booleans(), min_size=len(word), max_size=len(word))
    return flips.map(
        lambda up: "".join(c.upper() if u else c.lower() for c, u in zip(word, up, strict=True))
    )


@given(any_case("approve"), any_case("m"), any_case("fb"), any_case("is"), NUMBER)
def test_references_in_any_case_name_the_same_number(
    verb: str, m: str, fb: str, is_: str, number: int
) -> None:
    assert parse(f"{verb} {m}-{number}") == DecideMilestone(
        number=number, kind=DecisionKind.APPROVE
    )
    assert parse(f"feedback resolve {fb}-{number}") == ChangeFeedback(
        number=number, action=FeedbackAction.RESOLVE
    )
    assert parse(f"issue ack {is_}-{number}") == ChangeIssue(number=number, action=IssueAction.ACK)
    assert parse(f"feedback {m}-{number} hi") == LogFeedback(text="hi", milestone=number)
