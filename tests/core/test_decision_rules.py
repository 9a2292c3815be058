"""Decisions at the edges of the contract: a client stage that needs every approver, revision
rounds used up and gone beyond, a "request changes" that arrives without a note (from a
button), a milestone cancelled without a reason, and the issue form the core offers."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.commands import DecideMilestone
from bot.messages import Form, FormInput, InputKind
from bot.model import ApprovalRule, DecisionKind
from bot.nudges.snapshot import load_snapshot
from tests.core.conftest import Studio, make_studio


def last_line(text: str) -> str:
    return text.splitlines()[-1]


async def all_rule_studio(*, second_pm: bool = False) -> Studio:
    """Two approvers who must both approve M-1 v1, submitted by Dan (and a second PM, Pia)."""
    studio = await make_studio(approvers=("ava", "bob"))
    [project] = studio.tables.projects.values()
    studio.tables.projects[project.id] = replace(project, client_rule=ApprovalRule.ALL)
    if second_pm:
        await studio.say("paula", "member add @pia pm")
    await studio.say("paula", 'milestone add "Concepts" due 2026-12-20')
    await studio.say("dan", "submit M-1 routes")
    return studio


async def test_under_the_all_rule_the_client_stage_waits_for_every_approver_only() -> None:
    studio = await all_rule_studio(second_pm=True)
    # The studio's stage keeps its own rule (any PM): one of the two PMs is enough.
    assert last_line(await studio.text("paula", "approve M-1")).startswith(
        "Paula approved M-1 v1 for the studio. Over to the client"
    )

    ava = await studio.text("ava", "approve M-1")
    assert last_line(ava) == "Ava approved M-1 v1. Still waiting on: Bob."
    assert "Waiting on: Bob" in ava.splitlines()
    bob = await studio.text("bob", "approve M-1 lovely")
    assert "M-1 v1 is approved. Signed off by Bob." in bob.splitlines()  # then the survey


async def test_each_request_for_changes_says_where_the_contracts_rounds_stand(
    studio: Studio,
) -> None:
    await studio.say("paula", 'milestone add "Layouts" due 2026-12-22')
    said = []
    for round_ in (1, 2, 3):
        await studio.say("dan", "submit M-1 another go")
        await studio.say("paula", "approve M-1")
        said.append((await studio.text("ava", f"changes M-1 round {round_}")).splitlines()[-2:])
    assert said == [
        ["Ava requested changes on M-1 v1: round 1", "Revision round 1 of 2."],
        [
            "Ava requested changes on M-1 v2: round 2",
            "That was the last of the 2 revision rounds in the contract.",
        ],
        [
            "This is revision round 3, beyond the 2 in the contract: M-1 is flagged over "
            "allowance, and further rounds are a change request.",
            # the round beyond the contract is opened as a change request, for the PM to price
            "CR-1 “Revision round 3 of M-1” is opened by Ava, not priced yet. The PM prices it "
            "with “change price CR-1 AMOUNT [days N]”.",
        ],
    ]
    assert await studio.text("cleo", "milestones") == (
        "M-1 Layouts · changes requested v3 · due Tue 22 Dec ⚠ over allowance"
    )


async def test_the_pms_own_requests_for_changes_are_internal_rounds_the_client_never_sees(
    studio: Studio,
) -> None:
    await studio.say("paula", 'milestone add "Layouts" due 2026-12-22')
    for round_ in (1, 2, 3):
        await studio.say("dan", "submit M-1 another go")
        said = await studio.text("paula", f"changes M-1 warmer {round_}")
        assert last_line(said) == f"Paula requested changes on M-1 v{round_}: warmer {round_}"
    # Three internal rounds spend none of the client's two, and flag nothing.
    assert await studio.text("cleo", "milestones") == (
        "M-1 Layouts · changes requested v3 · due Tue 22 Dec"
    )
    assert "Revision rounds: 0 of 2 used" in (await studio.text("cleo", "M-1")).splitlines()
    assert (
        "Revision rounds: 0 of 2 used · 3 internal"
        in (await studio.text("dan", "M-1")).splitlines()
    )
    await studio.say("dan", "submit M-1 v4")
    await studio.say("paula", "approve M-1")
    said = await studio.text("ava", "changes M-1 bigger logo")
    assert last_line(said) == "Revision round 1 of 2."


@pytest.mark.parametrize("note", ["", "   "])
async def test_changes_from_a_button_without_a_note_ask_what_should_change(
    studio: Studio, note: str
) -> None:
    await studio.say("paula", 'milestone add "Layouts" due 2026-12-22')
    await studio.say("dan", "submit M-1")
    clicked = DecideMilestone(number=1, kind=DecisionKind.CHANGES, note=note)
    result = await studio.run("paula", clicked)
    assert not result.ok
    assert result.field_errors == {"note": "Say what needs to change."}
    assert studio.tables.decisions == []
    approved = await studio.run("paula", DecideMilestone(number=1, kind=DecisionKind.APPROVE))
    assert approved.ok  # an approval needs no note


async def test_a_milestone_cancelled_without_a_reason_says_who_cancelled_it(
    studio: Studio,
) -> None:
    await studio.say("paula", 'milestone add "Layouts" due 2026-12-22')
    assert last_line(await studio.text("paula", "milestone cancel M-1")) == (
        "Paula cancelled M-1 “Layouts”."
    )


async def test_the_issue_form_asks_for_a_title_and_offers_severities_and_milestones(
    studio: Studio,
) -> None:
    await studio.say("paula", 'milestone add "Concepts" due 2026-12-20')
    [reply] = (await studio.say("cleo", "issue")).replies
    assert reply.message.text == "Describe the issue: issue TITLE [low|medium|high|critical]"
    assert reply.message.form == Form(
        kind="issue",
        title="Raise an issue",
        submit_label="Raise issue",
        inputs=(
            FormInput(name="title", label="Title", required=True),
            FormInput(name="description", label="Description", kind=InputKind.LONG_TEXT),
            FormInput(
                name="severity",
                label="Severity",
                kind=InputKind.CHOICE,
                initial="medium",
                choices=(
                    ("critical", "critical"),
                    ("high", "high"),
                    ("medium", "medium"),
                    ("low", "low"),
                ),
            ),
            FormInput(
                name="milestone",
                label="Milestone",
                kind=InputKind.CHOICE,
                choices=(("1", "M-1 Concepts"),),
            ),
        ),
    )


async def test_the_issue_form_speaks_the_projects_language() -> None:
    studio = await make_studio(locale="zh-CN")
    [reply] = (await studio.say("cleo", "issue")).replies
    form = reply.message.form
    assert form is not None
    assert (form.title, form.submit_label) == ("提交问题", "提交问题")
    assert [i.label for i in form.inputs] == ["标题", "描述", "严重程度", "里程碑"]


async def test_under_the_all_rule_the_nudges_owe_only_the_approvers_still_to_decide() -> None:
    studio = await all_rule_studio()
    [project] = studio.tables.projects.values()
    await studio.say("paula", "approve M-1")
    await studio.say("ava", "approve M-1")

    async with studio.database() as uow:
        snap = await load_snapshot(uow, project.id)
    assert snap is not None
    [milestone] = snap.milestones
    # Every stage's decisions are read: whoever decided the studio's stage is owed nothing.
    assert [d.person.display_name for d in snap.decisions[milestone.id]] == ["Paula", "Ava"]
    assert [m.person.display_name for m in snap.owing(milestone)] == ["Bob"]
