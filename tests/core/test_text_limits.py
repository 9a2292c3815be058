"""Every length limit at its edge: exactly the limit is taken whole, one character more is
refused with the limit named and nothing stored (feedback and notes 4,000; issue titles 200)."""

from __future__ import annotations

import pytest

from bot.commands import RaiseIssue
from bot.queries import export_project
from tests.core.conftest import Studio

SET_UP = {  # what must exist before the line runs, as (who, line)
    "fb": [("cleo", "feedback first")],
    "is": [("cleo", "issue Site is down")],
    "review": [("paula", 'milestone add "Concepts" due 2027-01-15'), ("dan", "submit M-1")],
    "planned": [("paula", 'milestone add "Concepts" due 2027-01-15')],
}
# (what, setup, who, the line before the long part, its limit, where the export shows it)
LIMITS = [
    ("feedback", "", "cleo", "feedback ", 4000, ("feedback", -1, "summary")),
    ("feedback edit", "fb", "cleo", "feedback edit FB-1 ", 4000, ("feedback", 0, "summary")),
    ("feedback resolve note", "fb", "dan", "feedback resolve FB-1 ", 4000,
     ("feedback", 0, "resolution_note")),
    ("issue title", "", "cleo", "issue ", 200, ("issues", -1, "summary")),
    ("issue edit title", "is", "cleo", "issue edit IS-1 ", 200, ("issues", 0, "summary")),
    ("submit note", "planned", "dan", "submit M-1 ", 4000, ("audit", -1, "detail.note")),
    ("approve note", "review", "paula", "approve M-1 ", 4000, ("decisions", -1, "summary")),
    ("changes note", "review", "paula", "changes M-1 ", 4000, ("decisions", -1, "summary")),
    ("issue ack note", "is", "dan", "issue ack IS-1 ", 4000, ("issues", 0, "history.-1.note")),
    ("feedback withdraw note", "fb", "cleo", "feedback withdraw FB-1 ", 4000,
     ("feedback", 0, "history.-1.note")),
    ("issue withdraw note", "is", "cleo", "issue withdraw IS-1 ", 4000,
     ("issues", 0, "history.-1.note")),
    ("cancel reason", "planned", "paula", "milestone cancel M-1 ", 4000,
     ("milestones", 0, "cancel_reason")),
]  # fmt: skip
# The usage a refused line shows: the one for what was typed, not the whole verb's.
USAGE = {  # after "Usage: "
    "feedback": "feedback [M-n] TEXT — log feedback, on a milestone if you name one",
    "feedback edit": "feedback edit FB-n TEXT — correct your feedback while it is open",
    "feedback resolve note": "feedback resolve|reopen FB-n [note] — resolve or reopen feedback",
    "issue title": "issue [M-n] TITLE [low|medium|high|critical] — "
    "raise an issue (medium unless you say)",
    "issue edit title": "issue edit IS-n TITLE [low|medium|high|critical] — "
    "correct your issue while it is open",
    "submit note": "submit M-n [note] [link …] — submit a milestone for sign-off, with its links",
    "approve note": "approve M-n [note] — approve a milestone",
    "changes note": "changes M-n WHAT — request changes (the client's use a revision round)",
    "issue ack note": "issue ack|resolve|close|reopen IS-n [note] — move an issue along",
    "feedback withdraw note": "feedback withdraw FB-n [note] — take your feedback back",
    "issue withdraw note": "issue withdraw IS-n [note] — take your issue back",
    # The milestone's sub-commands share one usage, its cancel line among them.
    "cancel reason": 'milestone add "NAME" due DATE [criteria: a; b; c] — plan a milestone',
}


# The form field each line's long part is (bot.fields): what a Slack modal or Teams form marks.
FIELDS = {"feedback": "text", "feedback edit": "text", "feedback resolve note": "note",
          "issue title": "title", "issue edit title": "title", "submit note": "note",
          "approve note": "note", "changes note": "note", "issue ack note": "note",
          "feedback withdraw note": "note", "issue withdraw note": "note",
          "cancel reason": "reason"}  # fmt: skip


async def stored(studio: Studio, where: tuple[str, int, str]) -> object:
    part, index, field = where
    rows = (await export_project("acme", studio.services))[part]
    if not rows:
        return None
    value = rows[index]
    for key in field.split("."):
        if isinstance(value, list):
            value = value[int(key)] if value else None
        else:
            value = value.get(key) if isinstance(value, dict) else None
    return value


async def prepared(studio: Studio, setup: str) -> None:
    for who, line in SET_UP.get(setup, []):
        assert (await studio.say(who, line)).ok, line


@pytest.mark.parametrize(("what", "setup", "who", "line", "limit", "where"), LIMITS,
                         ids=[limit[0] for limit in LIMITS])  # fmt: skip
async def test_exactly_the_limit_is_taken_whole(
    studio: Studio, what: str, setup: str, who: str, line: str, limit: int, where: tuple
) -> None:
    await prepared(studio, setup)
    text = "y" + "x" * (limit - 1)  # nothing the grammar would read as a severity or a ref

    result = await studio.say(who, line + text)

    assert result.ok, result.replies
    assert await stored(studio, where) == text


@pytest.mark.parametrize(("what", "setup", "who", "line", "limit", "where"), LIMITS,
                         ids=[limit[0] for limit in LIMITS])  # fmt: skip
async def test_one_character_more_is_refused_and_nothing_is_stored(
    studio: Studio, what: str, setup: str, who: str, line: str, limit: int, where: tuple
) -> None:
    await prepared(studio, setup)
    before = await export_project("acme", studio.services)

    result = await studio.say(who, line + "y" + "x" * limit)

    assert not result.ok
    assert f"at most {limit} characters" in result.replies[0].message.text
    assert result.replies[0].message.text.splitlines()[1:2] == [f"Usage: {USAGE[what]}"]
    assert await export_project("acme", studio.services) == before
    # The refusal names its field, in the words a form shows beside it.
    [(field, words)] = result.field_errors.items()
    assert field == FIELDS[what]
    assert result.replies[0].message.text.startswith(words)


@pytest.mark.parametrize(("length", "ok"), [(4000, True), (4001, False)])
async def test_an_issue_description_from_the_form_is_limited_to_4000(
    studio: Studio, length: int, ok: bool
) -> None:
    description = "d" * length
    result = await studio.run("cleo", RaiseIssue(title="Fonts missing", description=description))
    assert result.ok is ok
    issues = (await export_project("acme", studio.services))["issues"]
    assert [i["description"] for i in issues] == ([description] if ok else [])
    if not ok:  # the usage of what was sent: raising an issue
        assert result.replies[0].message.text.splitlines()[1] == f"Usage: {USAGE['issue title']}"
