"""Feedback and issues put right: a typo never becomes a record; authors edit and withdraw what
they wrote while it is open; every step stays in the record's history and the audit."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.commands import AssignIssue
from bot.grammar import usage
from bot.model import FeedbackStatus, IssueStatus, Severity
from bot.nudges.calendar import NudgeCalendar
from bot.nudges.compose import compose
from bot.nudges.model import NudgeConfig, NudgeKind, Occurrence
from bot.nudges.snapshot import load_snapshot
from bot.queries import export_project
from tests.core.conftest import CHANNEL, Studio, make_studio


def records(studio: Studio) -> tuple[int, int]:
    return len(studio.tables.feedback), len(studio.tables.issues)


TYPOS = [
    ("dan", "issue ack", "Add a reference like IS-4."),
    ("dan", "issue resolve", "Add a reference like IS-4."),
    ("paula", "issue close", "Add a reference like IS-4."),
    ("dan", "issue assign", "Add a reference like IS-4."),
    ("cleo", "issue edit", "Add a reference like IS-4."),
    ("cleo", "issue withdraw", "Add a reference like IS-4."),
    ("dan", "issue ack IS", "“IS” is not a reference like IS-4."),
    ("dan", "issue resolv IS-1", "“resolv” is not a word I know after “issue”."),
    ("dan", "feedback resolve", "Add a reference like FB-12."),
    ("dan", "feedback reopen", "Add a reference like FB-12."),
    ("cleo", "feedback list of things", "After “feedback list”, use one of"),
    ("cleo", "feedback edit", "Add a reference like FB-12."),
    ("cleo", "feedback withdraw", "Add a reference like FB-12."),
]


@pytest.mark.parametrize(("who", "line", "said"), TYPOS, ids=[t[1] for t in TYPOS])
async def test_a_sub_verb_without_a_good_id_answers_with_its_usage_and_stores_nothing(
    studio: Studio, who: str, line: str, said: str
) -> None:
    await studio.say("cleo", "issue Login page is blank")
    before, audit = records(studio), len(studio.tables.audit)

    result = await studio.say(who, line)

    assert not result.ok
    [reply] = result.replies
    assert said in reply.message.text
    sub_command = " ".join(line.split()[:2]) if "resolv " not in line else "issue"
    assert f"Usage: {usage(sub_command)}" in reply.message.text
    assert records(studio) == before and len(studio.tables.audit) == audit


@pytest.mark.parametrize("line", ["issue ack IS1", "issue ack #1", "issue ack 1", "issue ack is-1"])
async def test_a_loosely_typed_id_after_a_sub_verb_names_the_issue(studio: Studio, line: str):
    await studio.say("cleo", "issue Login page is blank")

    assert "IS-1 acknowledged by Dan." in await studio.text("dan", line)

    assert records(studio) == (0, 1)


async def test_a_line_that_is_only_a_reference_shows_the_record_with_its_history(
    studio: Studio,
) -> None:
    await studio.say("cleo", "feedback the logo is too small")
    await studio.say("cleo", "feedback edit FB-1 the logo is far too small")
    studio.clock.advance(hours=2)
    await studio.say("dan", "feedback resolve FB-1 doubled it")
    await studio.say("cleo", "feedback reopen FB-1 still small on mobile")

    for line in ["feedback FB-1", "FB-1", "fb-1"]:
        shown = await studio.text("ava", line)
        assert shown.splitlines()[0].startswith("FB-1 · reopened · Cleo:"), shown
        assert "edited" in shown.splitlines()[0]
        assert "“the logo is far too small”" in shown
        assert "Logged by Cleo on" in shown
        assert "edited by Cleo (it said “the logo is too small”)" in shown
        assert "resolved by Dan. Note: doubled it" in shown
        assert "reopened by Cleo. Note: still small on mobile" in shown
    assert records(studio) == (1, 0)


async def test_issue_only_a_reference_shows_the_issue(studio: Studio) -> None:
    await studio.say("cleo", "issue Login page is blank high")
    await studio.say("dan", "issue ack IS-1 on it")
    await studio.say("paula", "issue assign IS-1 @dan")

    for line in ["issue IS-1", "IS-1"]:
        shown = await studio.text("cleo", line)
        assert shown.startswith("IS-1 [high] Login page is blank · acknowledged"), shown
        assert "Raised by Cleo on" in shown
        assert "acknowledged by Dan. Note: on it" in shown
        assert "assigned by Paula (to Dan)" in shown
    assert "There is no issue IS-7" in await studio.text("cleo", "IS-7")
    assert records(studio) == (0, 1)


# Babel sets a narrow no-break space (U+202F) before AM and PM, as CLDR says.
HISTORY = {
    "en": [
        "IS-1 [critical] Login page is white · open · assigned to Paula"
        " · response due Fri 27 Nov, 2:07\u202fPM · edited",
        "Raised by Cleo on Fri 27 Nov, 10:07\u202fAM.",
        "History:",
        "• Fri 27 Nov, 10:14\u202fAM: edited by Cleo (it said “Login page is blank”) (it was high)",
        "• Fri 27 Nov, 10:21\u202fAM: acknowledged by Dan. Note: on it",
        "• Fri 27 Nov, 10:28\u202fAM: assigned by Paula (to Dan)",
        "• Fri 27 Nov, 10:35\u202fAM: assigned by Paula (to Paula)",
        "• Fri 27 Nov, 10:42\u202fAM: resolved by Dan",
        "• Fri 27 Nov, 10:49\u202fAM: reopened by Cleo. Note: still white",
    ],
    # Full-width brackets take no space before them.
    "zh-CN": [
        "IS-1【紧急】Login page is white｜未处理｜负责人：Paula｜须在 11月27日（周五）14:07 前回复"
        "｜已编辑",
        "Cleo 于 11月27日（周五）10:07 提交。",
        "历史记录：",
        "• 11月27日（周五）10:14：Cleo 已编辑（原内容：“Login page is blank”）（原严重程度：高）",
        "• 11月27日（周五）10:21：Dan 已受理。备注：on it",
        "• 11月27日（周五）10:28：Paula 已指派（负责人：Dan）",
        "• 11月27日（周五）10:35：Paula 已指派（负责人：Paula）",
        "• 11月27日（周五）10:42：Dan 已解决",
        "• 11月27日（周五）10:49：Cleo 已重新打开。备注：still white",
    ],
}


@pytest.mark.parametrize("locale", HISTORY)
async def test_an_issue_shows_each_step_when_by_whom_and_what_it_replaced(locale: str) -> None:
    studio = await make_studio(locale=locale)
    for who, line in [
        ("cleo", "issue Login page is blank high"),
        ("cleo", "issue edit IS-1 Login page is white critical"),
        ("dan", "issue ack IS-1 on it"),
        ("paula", "issue assign IS-1 @dan"),
        ("paula", "issue assign IS-1 @paula"),
        ("dan", "issue resolve IS-1"),
        ("cleo", "issue reopen IS-1 still white"),
    ]:
        studio.clock.advance(minutes=7)
        assert (await studio.say(who, line)).ok, line

    assert (await studio.text("cleo", "IS-1")).splitlines() == HISTORY[locale]


async def test_the_author_edits_feedback_while_it_is_open_and_the_export_keeps_the_old_text(
    studio: Studio,
) -> None:
    await studio.say("cleo", "feedback the logo is too small")
    studio.clock.advance(minutes=5)

    said = await studio.text("cleo", "feedback edit FB-1 the logo is far too small")

    assert said == "FB-1 edited by Cleo: “the logo is far too small”"
    assert "Only Cleo, who wrote FB-1" in await studio.text("paula", "feedback edit FB-1 hi")
    await studio.say("dan", "feedback resolve FB-1")
    assert "resolved, so “feedback edit” does not apply" in await studio.text(
        "cleo", "feedback edit FB-1 again"
    )
    record = await export_project("acme", studio.services)
    [feedback] = record["feedback"]
    assert feedback["summary"] == "the logo is far too small" and feedback["edited"] is True
    [edit, resolve] = feedback["history"]
    assert (edit["action"], edit["by"], edit["by_id"]) == ("edited", "Cleo", "console:T1:cleo")
    assert edit["before"] == {"text": "the logo is too small"}
    assert edit["at"] == (studio.clock.current).isoformat()
    assert resolve["action"] == "resolved" and resolve["note"] is None
    [audit] = [e for e in studio.tables.audit if e.action == "feedback.edited"]
    assert audit.detail == {"before": "the logo is too small", "after": "the logo is far too small"}


async def test_an_edit_keeps_the_length_limit_of_logging(studio: Studio) -> None:
    await studio.say("cleo", "feedback the logo is too small")
    await studio.say("cleo", "issue Login page is blank")

    long_text = await studio.text("cleo", "feedback edit FB-1 " + "x" * 4001)
    long_title = await studio.text("cleo", "issue edit IS-1 " + "y" * 201)

    assert "at most 4000 characters" in long_text and "Usage: feedback edit" in long_text
    assert "at most 200 characters" in long_title and "Usage: issue edit" in long_title
    assert studio.tables.feedback[next(iter(studio.tables.feedback))].text == (
        "the logo is too small"
    )


async def test_an_issue_edit_keeps_the_severity_unless_one_is_given(studio: Studio) -> None:
    await studio.say("cleo", "issue Login is blank low")

    await studio.say("cleo", "issue edit IS-1 Login page is blank on Safari")
    [issue] = studio.tables.issues.values()
    assert (issue.title, issue.severity) == ("Login page is blank on Safari", Severity.LOW)

    said = await studio.text("cleo", "issue edit IS-1 critical")
    [issue] = studio.tables.issues.values()
    assert said == "IS-1 edited by Cleo (critical): Login page is blank on Safari"
    assert issue.severity is Severity.CRITICAL
    # A critical issue is answered sooner: the deadline follows, counted from when it was raised.
    assert issue.response_due_at is not None and issue.created_at is not None
    assert issue.response_due_at - issue.created_at <= timedelta(hours=4)
    [_, severity] = [e.detail for e in studio.tables.audit if e.action == "issue.edited"]
    assert severity == {"before": {"severity": "low"}, "after": {"severity": "critical"}}
    assert "“issue edit” does not apply" not in await studio.text("cleo", "issue IS-1")


async def test_withdrawn_records_leave_every_open_list_count_and_nudge(studio: Studio) -> None:
    await studio.say("cleo", "feedback the logo is too small")
    await studio.say("cleo", "feedback make it blue")
    await studio.say("cleo", "issue Login page is blank high")
    await studio.say("ava", "issue Fonts missing")

    assert "FB-1 withdrawn by Cleo. Note: posted twice" in await studio.text(
        "cleo", "feedback withdraw FB-1 posted twice"
    )
    assert "Only Ava, who wrote IS-2, or a PM can withdraw it." in await studio.text(
        "cleo", "issue withdraw IS-2"
    )
    assert "IS-2 withdrawn by Paula." in await studio.text("paula", "issue withdraw IS-2")

    assert "FB-1" not in await studio.text("cleo", "feedback")
    assert "IS-2" not in await studio.text("cleo", "issues")
    assert "FB-1 · withdrawn" in await studio.text("cleo", "feedback list all")
    assert "withdrawn" in await studio.text("cleo", "issues all")
    status = await studio.text("cleo", "status")
    assert "Open feedback: 1" in status and "1 high" in status and "0 medium" in status
    async with studio.database() as uow:
        [project] = studio.tables.projects.values()
        snap = await load_snapshot(uow, project.id)
    assert snap is not None
    assert [f.ref for f in snap.feedback] == ["FB-2"] and [i.ref for i in snap.issues] == ["IS-1"]
    occurrence = Occurrence(
        kind=NudgeKind.DIGEST, project_id=snap.project.id, target=CHANNEL, due_at=studio.clock.now()
    )
    digest = compose(
        occurrence, snap, NudgeConfig(), NudgeCalendar(timezone="UTC"), studio.clock.now()
    )
    assert digest is not None and digest.card is not None
    fields = {f.label: f.value for f in digest.card.fields}
    assert fields["Open feedback"] == "1"
    assert "1 high" in fields["Open issues"]
    kinds = {e.action for e in studio.tables.audit}
    assert {"feedback.withdrawn", "issue.withdrawn"} <= kinds


async def test_a_withdrawn_record_can_be_reopened_but_not_edited(studio: Studio) -> None:
    await studio.say("cleo", "feedback the logo is too small")
    await studio.say("cleo", "feedback withdraw FB-1")

    assert not (await studio.say("cleo", "feedback edit FB-1 bigger")).ok
    assert (await studio.say("cleo", "feedback reopen FB-1 I meant it")).ok

    [feedback] = studio.tables.feedback.values()
    assert feedback.status is FeedbackStatus.REOPENED


async def test_reopening_clears_the_resolution_and_keeps_it_in_the_history(
    studio: Studio,
) -> None:
    await studio.say("cleo", "feedback the logo is too small")
    await studio.say("cleo", "issue Login page is blank")
    await studio.say("dan", "feedback resolve FB-1 doubled it")
    await studio.say("dan", "issue resolve IS-1 fixed the route")
    await studio.say("paula", "issue close IS-1")
    studio.clock.advance(days=1)
    await studio.say("cleo", "feedback reopen FB-1 still small")
    await studio.say("cleo", "issue reopen IS-1 blank again")

    [feedback] = studio.tables.feedback.values()
    [issue] = studio.tables.issues.values()
    assert feedback.resolution_note == "" and feedback.resolved_by is None
    assert feedback.resolved_at is None
    assert issue.status is IssueStatus.OPEN
    assert issue.resolved_at is None and issue.closed_at is None
    record = await export_project("acme", studio.services)
    [fb], [is_] = record["feedback"], record["issues"]
    assert fb["resolution_note"] is None and fb["resolved_at"] is None
    assert fb["resolved_by"] is None and fb["milestone"] is None and fb["source_link"] is None
    assert is_["resolved_at"] is None and is_["closed_at"] is None and is_["assignee"] is None
    assert "" not in fb.values() and "" not in is_.values()
    resolved, reopened = fb["history"]
    assert (resolved["action"], resolved["by"], resolved["note"]) == (
        "resolved",
        "Dan",
        "doubled it",
    )
    assert reopened["before"]["resolution_note"] == "doubled it"
    assert reopened["before"]["resolved_by"] == "Dan"
    assert [step["action"] for step in is_["history"]] == ["resolved", "closed", "reopened"]
    assert is_["history"][0]["note"] == "fixed the route"
    assert set(is_["history"][2]["before"]) == {"resolved_at", "closed_at"}


async def test_audit_names_are_the_record_and_a_past_tense(studio: Studio) -> None:
    await studio.say("cleo", "feedback the logo is too small")
    await studio.say("cleo", "issue Login page is blank")
    for who, line in [
        ("dan", "feedback resolve FB-1"),
        ("cleo", "feedback reopen FB-1"),
        ("dan", "issue ack IS-1"),
        ("dan", "issue resolve IS-1"),
        ("paula", "issue close IS-1"),
        ("cleo", "issue reopen IS-1"),
    ]:
        assert (await studio.say(who, line)).ok, line

    actions = [e.action for e in studio.tables.audit if e.subject in ("FB-1", "IS-1")]

    assert actions == [
        "feedback.logged",
        "issue.raised",
        "feedback.resolved",
        "feedback.reopened",
        "issue.acknowledged",
        "issue.resolved",
        "issue.closed",
        "issue.reopened",
    ]
    [reopened] = [e for e in studio.tables.audit if e.action == "issue.reopened"]
    assert reopened.detail["before"] == "closed" and reopened.detail["after"] == "open"


async def test_corrections_answer_in_chinese_in_a_chinese_project() -> None:
    studio = await make_studio(locale="zh-CN")
    await studio.say("cleo", "feedback 标志太小")

    assert (
        await studio.text("cleo", "feedback edit FB-1 标志太小了")
        == "FB-1 已由 Cleo 编辑：“标志太小了”"
    )
    said = await studio.text("cleo", "issue ack")
    assert "用法：issue ack|resolve|close|reopen IS-n" in said
    assert "已编辑" in await studio.text("cleo", "FB-1")


async def test_an_issue_is_assigned_to_the_studio_side_only_and_each_handover_is_audited(
    studio: Studio,
) -> None:
    await studio.say("cleo", "issue Login page is blank high")

    for who in ("cleo", "nobody"):  # a client of the project; nobody on it
        refused = await studio.say("paula", f"issue assign IS-1 @{who}")
        assert not refused.ok
        assert refused.replies[0].message.text == (
            f"{who} is not on the studio side of acme; a PM can add them with “member add”."
        )
    assert await studio.text("paula", "issue assign IS-1 @dan") == "IS-1 assigned to Dan."
    assert await studio.text("paula", "issue assign IS-1 @paula") == "IS-1 assigned to Paula."
    # A command built by a surface may keep the "@" of the mention.
    handed_back = await studio.run("paula", AssignIssue(number=1, user="@dan"))
    assert handed_back.ok and handed_back.replies[0].message.text == "IS-1 assigned to Dan."

    assert [e.detail for e in studio.tables.audit if e.action == "issue.assigned"] == [
        {"before": None, "after": "Dan"},
        {"before": "Dan", "after": "Paula"},
        {"before": "Paula", "after": "Dan"},
    ]
