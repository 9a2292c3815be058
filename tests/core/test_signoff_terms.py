"""The contract's sign-off terms as a studio sets them in chat: the stages, each stage's rule,
the revision rounds per project and per milestone, self-approval; one person deciding one stage
of a version; and a project without client approvers, whose approvals are never the client's."""

from __future__ import annotations

import pytest

from bot.model import ApprovalRule, MilestoneState
from bot.queries import export_project
from tests.core.conftest import Studio, make_studio


def last_line(text: str) -> str:
    return text.splitlines()[-1]


def names(people) -> list[str]:
    return [p.display_name for p in people]


def project(studio: Studio):
    [only] = studio.tables.projects.values()
    return only


def milestone(studio: Studio):
    [only] = studio.tables.milestones.values()
    return only


async def submitted(studio: Studio) -> None:
    assert (await studio.say("paula", 'milestone add "Concepts" due 2026-12-20')).ok
    assert (await studio.say("dan", "submit M-1 routes")).ok


async def test_a_pm_who_is_also_an_approver_decides_one_stage_only() -> None:
    studio = await make_studio(approvers=("ava",))
    assert (await studio.say("paula", "member add @paula approver")).ok
    await submitted(studio)
    said = await studio.text("paula", "approve M-1 looks right")
    assert last_line(said) == (
        "Paula approved M-1 v1 for the studio. Over to the client: Ava, please review and decide."
    )
    # The card calls on Ava alone: Paula decided the studio's stage.
    assert "Waiting on: Ava" in said.splitlines()
    decisions = len(studio.tables.decisions)

    refused = await studio.say("paula", "approve M-1")
    assert not refused.ok
    assert refused.replies[0].message.text == (
        "You decided M-1 v1 in the PM review at Fri 27 Nov, 10:00\u202fAM: another of the "
        "client's approvers must sign it off. (A PM can let one person decide both stages with "
        "“project self-approval on”.)"
    )
    assert len(studio.tables.decisions) == decisions  # nothing stored
    assert milestone(studio).state is MilestoneState.IN_REVIEW
    assert not (await studio.say("paula", "changes M-1 on second thought")).ok

    said = await studio.text("ava", "approve M-1")
    assert "M-1 v1 is approved. Signed off by Ava." in said.splitlines()  # then the survey
    assert milestone(studio).signed_by_client


async def test_self_approval_is_allowed_only_when_a_pm_says_so_and_is_audited() -> None:
    studio = await make_studio(approvers=())
    assert (await studio.say("paula", "member add @paula approver")).ok
    assert not (await studio.say("ava", "project self-approval on")).ok  # not a member's call
    said = await studio.text("paula", "project self-approval on")
    assert said.splitlines()[0] == "New sign-off rules, from the next decision on (acme)"
    assert "Self-approval: allowed: one person may decide both stages" in said.splitlines()
    event = studio.tables.audit[-1]
    assert (event.action, event.detail) == (
        "project.terms_changed",
        {"before": {"self_approval": False}, "after": {"self_approval": True}},
    )
    await submitted(studio)
    studio_stage = await studio.text("paula", "approve M-1")
    assert "Waiting on: Paula" in studio_stage.splitlines()  # allowed to decide the client's too
    assert (
        "M-1 v1 is approved. Signed off by Paula."
        in (await studio.text("paula", "approve M-1 for the client")).splitlines()
    )


async def test_the_only_approver_having_decided_for_the_studio_the_channel_is_told_to_add_one() -> (
    None
):
    studio = await make_studio(approvers=())
    assert (await studio.say("paula", "member add @paula approver")).ok
    await submitted(studio)
    said = await studio.text("paula", "approve M-1")
    assert last_line(said) == (
        "Paula approved M-1 v1 for the studio. It now waits on the client, but no approver "
        "other than Paula can sign it off: a PM can add one with “member add @person approver”."
    )
    assert not any(line.startswith("Waiting on:") for line in said.splitlines())


async def test_without_client_approvers_an_approval_is_the_studios_never_the_clients() -> None:
    studio = await make_studio(approvers=())
    assert (await studio.say("paula", 'milestone add "Concepts" due 2026-12-20')).ok
    submit = await studio.say("dan", "submit M-1 routes")
    warning = submit.replies[-1]
    assert warning.message.text == (
        "Nobody can sign M-1 off for the client: this project has no client approvers. The "
        "studio's approval will be recorded as approved by the studio, without the client's "
        "sign-off. A PM can add one with “member add @person approver”."
    )
    assert warning.audience.value == "caller"  # the submitter is told, not the client's channel

    said = await studio.text("paula", "approve M-1")
    assert last_line(said) == (
        "M-1 v1 is approved by the studio (Paula), without the client's sign-off: this project "
        "has no client approvers."
    )
    assert "Signed off" not in said
    assert "Status: approved by the studio, no client sign-off" in said.splitlines()
    status = await studio.text("cleo", "status")
    assert "M-1 Concepts · approved by the studio, no client sign-off v1 · due Sun 20 Dec" in (
        status.splitlines()
    )
    record = await export_project("acme", studio.services)
    [exported] = record["milestones"]
    assert (exported["status"], exported["signed_off_by_client"]) == ("approved", False)


async def test_a_pm_submitting_without_client_approvers_is_told_to_add_one() -> None:
    studio = await make_studio(approvers=())
    await studio.say("paula", "project stages client")
    assert (await studio.say("paula", 'milestone add "Concepts" due 2026-12-20')).ok
    said = await studio.say("paula", "submit M-1")
    assert said.replies[-1].message.text == (
        "Nobody can sign M-1 off yet: this project has no client approvers. Add one with "
        "“member add @person approver”."
    )
    assert not (await studio.say("paula", "approve M-1")).ok  # the client's stage alone


async def test_a_client_only_project_sends_each_version_straight_to_the_approvers() -> None:
    studio = await make_studio(approvers=("ava",))
    said = await studio.text("paula", "project stages client")
    assert "Signed off by: the client's approvers alone" in said.splitlines()
    assert (await studio.say("paula", 'milestone add "Concepts" due 2026-12-20')).ok
    card = await studio.say("dan", "submit M-1 routes")
    assert names(card.replies[0].message.mentions) == ["Ava"]
    assert "Status: in review · client sign-off" in card.replies[0].message.text.splitlines()
    assert "Waiting on: Ava" in card.replies[0].message.text.splitlines()
    refused = await studio.say("paula", "approve M-1")
    assert not refused.ok
    assert refused.replies[0].message.text.startswith("M-1 is waiting on the client's approvers")
    assert "M-1 v1 is approved. Signed off by Ava." in (  # then the survey
        (await studio.text("ava", "approve M-1")).splitlines()
    )
    assert milestone(studio).signed_by_client


async def test_under_the_all_rule_three_approvers_are_tracked_and_one_change_ends_the_stage() -> (
    None
):
    studio = await make_studio(approvers=("ava", "bob", "cy"))
    assert (await studio.say("paula", "project rule client all")).ok
    assert project(studio).client_rule is ApprovalRule.ALL
    await submitted(studio)
    said = await studio.text("paula", "approve M-1")
    assert "Waiting on: Ava, Bob, Cy" in said.splitlines()
    said = await studio.text("bob", "approve M-1")
    assert "Waiting on: Ava, Cy" in said.splitlines()
    assert last_line(said) == "Bob approved M-1 v1. Still waiting on: Ava, Cy."
    said = await studio.text("cy", "changes M-1 the blue is off")
    assert "Status: changes requested" in said.splitlines()
    assert last_line(said) == "Revision round 1 of 2."
    assert not (await studio.say("ava", "approve M-1")).ok  # the stage ended with Cy's request


async def test_rounds_are_set_per_project_and_per_milestone() -> None:
    studio = await make_studio()
    said = await studio.text("paula", "project rounds 3")
    assert "Revision rounds: 3 per milestone" in said.splitlines()
    await submitted(studio)
    await studio.say("paula", "approve M-1")
    assert last_line(await studio.text("ava", "changes M-1 bigger")) == "Revision round 1 of 3."

    said = await studio.text("paula", "milestone rounds M-1 1")
    assert said.splitlines()[0] == "Revision rounds for M-1: 1 included, 1 used."
    assert not milestone(studio).over_allowance  # the one round used is the one included
    await studio.say("dan", "submit M-1 bigger")
    await studio.say("paula", "approve M-1")
    said = await studio.text("ava", "changes M-1 smaller")
    assert "This is revision round 2, beyond the 1 in the contract" in said
    assert milestone(studio).over_allowance
    # An amended contract judges the rounds spent again.
    said = await studio.text("paula", "milestone rounds M-1 5")
    assert said.splitlines()[0] == "Revision rounds for M-1: 5 included, 2 used."
    assert not milestone(studio).over_allowance
    said = await studio.text("paula", "milestone rounds M-1 default")
    assert said.splitlines()[0] == "Revision rounds for M-1: 3 included, 2 used."
    assert milestone(studio).rounds_included is None
    audit = (await export_project("acme", studio.services))["audit"]
    changed = [(e["ref"], e["detail"]) for e in audit if e["summary"] == "milestone.rounds_changed"]
    assert changed == [
        ("M-1", {"before": 3, "after": 1, "own": True}),
        ("M-1", {"before": 1, "after": 5, "own": True}),
        ("M-1", {"before": 5, "after": 3, "own": False}),
    ]
    await studio.say("dan", "submit M-1 smaller")
    await studio.say("paula", "approve M-1")
    await studio.say("ava", "approve M-1")
    refused = await studio.say("paula", "milestone rounds M-1 4")
    assert refused.replies[0].message.text == (
        "M-1 is approved: its revision rounds can no longer change."
    )


async def test_status_and_project_rules_show_the_terms_and_nothing_changes_twice() -> None:
    studio = await make_studio()
    status = await studio.text("cleo", "status")
    assert (
        "Sign-off rules: any one PM at the studio, then any one approver at the client · "
        "2 revision rounds per milestone"
    ) in status.splitlines()
    assert (await studio.text("cleo", "project rules")).splitlines() == [
        "Sign-off rules (acme)",
        "Signed off by: the studio's PM, then the client's approvers",
        "Approvals needed: studio: any one PM · client: any one approver",
        "Revision rounds: 2 per milestone",
        "Self-approval: not allowed: one person decides one stage of a version",
    ]
    audited = len(studio.tables.audit)
    said = await studio.text("paula", "project rule studio any")
    assert said.splitlines()[0] == "Nothing changed; the sign-off rules are already these (acme)"
    assert len(studio.tables.audit) == audited


async def test_each_term_is_set_as_typed_and_read_back_on_one_line() -> None:
    studio = await make_studio()
    for line in ("project rule studio all", "project rule client all", "project rounds 20"):
        assert (await studio.say("paula", line)).ok, line
    terms = project(studio)
    assert (terms.pm_rule, terms.client_rule, terms.revision_rounds) == (
        ApprovalRule.ALL, ApprovalRule.ALL, 20,
    )  # fmt: skip
    summary = next(line for line in (await studio.text("cleo", "status")).splitlines()
                   if line.startswith("Sign-off rules: "))  # fmt: skip
    assert summary == (
        "Sign-off rules: every PM at the studio, then every approver at the client · "
        "20 revision rounds per milestone"
    )
    for line in ("project stages client", "project self-approval on"):
        assert (await studio.say("paula", line)).ok, line
    summary = next(line for line in (await studio.text("cleo", "status")).splitlines()
                   if line.startswith("Sign-off rules: "))  # fmt: skip
    assert summary == (
        "Sign-off rules: every approver at the client only · 20 revision rounds per milestone · "
        "self-approval allowed"
    )
    assert (await studio.say("paula", "project stages studio client")).ok
    assert project(studio).studio_stage


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ("project rounds three", "Give the revision rounds as a whole number from 0 to 20, like "
         "“project rounds 3”."),
        ("project rounds 21", "Give the revision rounds as a whole number from 0 to 20, like "
         "“project rounds 3”."),
        ("project rounds -1", "Give the revision rounds as a whole number from 0 to 20, like "
         "“project rounds 3”."),
        ("project rule client most", "After “project rule”, use one of: studio|client any|all."),
        ("project rule all", "After “project rule”, use one of: studio|client any|all."),
        ("project stages studio", "After “project stages”, use one of: studio client | client."),
        ("project stages", "After “project stages”, use one of: studio client | client."),
        ("project self-approval maybe", "After “project self-approval”, use one of: on | off."),
        ("milestone rounds M-1 lots", "Give the revision rounds as a whole number from 0 to 20, "
         "like “milestone rounds M-1 5”."),
    ],
)  # fmt: skip
async def test_a_term_mistyped_is_refused_and_nothing_changes(line: str, said: str) -> None:
    studio = await make_studio()
    await studio.say("paula", 'milestone add "Concepts" due 2026-12-20')
    before, audited = project(studio), len(studio.tables.audit)
    result = await studio.say("paula", line)
    assert not result.ok
    assert result.replies[0].message.text.splitlines()[0] == said
    assert project(studio) == before and len(studio.tables.audit) == audited


async def test_chinese_pms_set_the_terms_in_their_words() -> None:
    studio = await make_studio(locale="zh-CN", approvers=("ava", "bob"))
    assert (await studio.say("paula", "项目 规则 客户 全部")).ok
    assert (await studio.say("paula", "项目 修改轮次 3轮")).ok
    assert (await studio.say("paula", "项目 自审 开")).ok
    assert (await studio.say("paula", "项目 阶段 客户")).ok
    assert not project(studio).studio_stage
    assert (await studio.say("paula", "项目 阶段 工作室、客户")).ok
    assert project(studio).studio_stage
    said = await studio.text("paula", "项目 阶段 客户")
    terms = project(studio)
    assert (terms.client_rule, terms.revision_rounds, terms.self_approval) == (
        ApprovalRule.ALL,
        3,
        True,
    )
    assert not terms.studio_stage
    assert said.splitlines()[1:] == [
        "确认方：仅由客户审批人确认",
        "通过条件：全部审批人通过",
        "修改轮次：每个里程碑 3 轮",
        "同一人确认两环节：允许：同一人可确认同一版本的两个环节",
    ]
    assert (await studio.say("paula", "项目 自审 关闭")).ok
    assert not project(studio).self_approval
    assert said.splitlines()[0] == "确认规则已更新，从下一次确认起生效（acme）"
    refused = await studio.say("ava", "项目 修改轮次 5")
    assert not refused.ok
    assert refused.replies[0].message.text == "只有本项目的项目经理可以修改确认规则。"
    assert project(studio).revision_rounds == 3


async def test_the_milestone_list_flags_a_late_milestone_first_then_its_rounds() -> None:
    studio = await make_studio()
    await studio.say("paula", "project rounds 0")
    await studio.say("paula", 'milestone add "Concepts" due 2026-12-01')
    await studio.say("dan", "submit M-1 routes")
    await studio.say("paula", "approve M-1")
    await studio.say("ava", "changes M-1 bigger")  # beyond the contract's none
    studio.clock.advance(days=5)  # Wednesday 2 December: a day late
    assert (await studio.text("cleo", "milestones")).splitlines() == [
        "M-1 Concepts · changes requested v1 · due Tue 1 Dec ⚠ overdue by 1 day ⚠ over allowance"
    ]


async def test_the_export_says_which_stage_holds_a_version_and_since_when_with_the_client() -> None:
    studio = await make_studio()
    await submitted(studio)

    async def exported() -> dict:
        [record] = (await export_project("acme", studio.services))["milestones"]
        return record

    at_the_studio = await exported()
    assert (at_the_studio["stage"], at_the_studio["with_client_since"]) == ("pm", None)
    await studio.say("paula", "changes M-1 tighter kerning")  # an internal round
    changed = await exported()
    assert (changed["status"], changed["stage"]) == ("changes_requested", None)
    await studio.say("dan", "submit M-1 tighter")
    await studio.say("paula", "approve M-1")
    with_the_client = await exported()
    assert with_the_client["stage"] == "client"
    assert with_the_client["with_client_since"] == "2026-11-27T10:00:00+00:00"
