"""The brief: the PM drafts it in chat, sends it, the client's approvers confirm it or ask for
changes on its card; a sent version is never changed, and a confirmed one makes the milestones."""

from __future__ import annotations

from datetime import date

import pytest

from bot.actions import decode, typed
from bot.brief import BriefState
from bot.brief_commands import DecideBrief
from bot.messages import Reply
from bot.model import MilestoneState
from bot.service import Result
from tests.core.conftest import Studio, make_studio

DRAFT = [
    "brief set goal A brand the team can use",
    'brief add deliverable "Logo" due 2030-01-15 criteria: three routes; one colour',
    'brief add deliverable "Guidelines" due 2030-02-15 criteria: twelve pages',
    'brief add deliverable "Icons" due 2030-03-01',
    "brief budget 12000 EUR",
    "brief rounds 3",
    "brief add out-of-scope Printing",
]


async def drafted(studio: Studio, lines: list[str] = DRAFT) -> None:
    for line in lines:
        result = await studio.say("paula", line)
        assert result.ok, (line, result.replies)


def briefs(studio: Studio):
    return sorted(studio.tables.briefs, key=lambda b: b.version)


def card(result: Result) -> Reply:
    [found] = [r for r in result.replies if r.message.card is not None]
    return found


def click(result: Result, label: str, note: str = "") -> DecideBrief:
    [action] = [a for a in card(result).message.card.actions if a.label == label]
    command = decode(action.command, note=note)
    assert isinstance(command, DecideBrief)
    return command


async def test_a_brief_drafted_sent_changed_and_confirmed_makes_the_milestones(
    studio: Studio,
) -> None:
    await drafted(studio)
    sent = await studio.say("paula", "brief send")
    assert sent.ok
    posted = card(sent)
    assert posted.audience == "channel" and posted.card_key.endswith(":v1")
    assert "Budget: €12,000.00" in posted.message.text
    assert "1. Logo · due Tue 15 Jan 2030 · criteria: three routes; one colour" in (
        posted.message.text
    )
    assert [a.label for a in posted.message.card.actions] == ["Confirm", "Ask for changes"]
    assert sent.replies[-1].message.text == "Brief v1 is ready for Ava to confirm."

    changes = click(sent, "Ask for changes", note="Add a favicon")
    asked = await studio.run("ava", changes)
    assert asked.ok
    assert card(asked).replaces == posted.card_key and not card(asked).message.card.actions
    assert asked.replies[-1].message.text == (
        "Ava asked for changes to brief v1: Add a favicon. The PM's next edit drafts v2."
    )

    await drafted(studio, ['brief add deliverable "Favicon" due 2030-03-05'])
    assert [(b.version, b.state) for b in briefs(studio)] == [
        (1, BriefState.CHANGES),
        (2, BriefState.DRAFT),
    ]
    assert len(briefs(studio)[0].deliverables) == 3  # what was sent stays as it was sent
    resent = await studio.say("paula", "brief send")
    confirmed = await studio.run("ava", click(resent, "Confirm"))
    assert confirmed.ok
    assert confirmed.replies[-1].message.text.splitlines() == [
        "Brief v2 is confirmed by Ava.",
        "M-1 Logo, due Tue 15 Jan 2030",
        "M-2 Guidelines, due Fri 15 Feb 2030",
        "M-3 Icons, due Fri 1 Mar 2030",
        "M-4 Favicon, due Tue 5 Mar 2030",
    ]
    milestones = sorted(studio.tables.milestones.values(), key=lambda m: m.number)
    assert [(m.name, m.due_date, m.criteria, m.rounds_included) for m in milestones[:2]] == [
        ("Logo", date(2030, 1, 15), ("three routes", "one colour"), 3),
        ("Guidelines", date(2030, 2, 15), ("twelve pages",), 3),
    ]
    actions = [e.action for e in studio.tables.audit if e.action.startswith("brief.")]
    assert actions.count("brief.sent") == 2
    assert actions[-1] == "brief.confirmed"
    assert "brief.changes_requested" in actions

    late = await studio.say("ava", "brief changes one more thing")
    assert not late.ok
    assert late.replies[0].message.text.startswith(
        "Brief v2 is already confirmed: Ava confirmed it at "
    )


async def test_a_deliverable_named_like_a_milestone_is_matched_not_doubled(
    studio: Studio,
) -> None:
    assert (await studio.say("paula", 'milestone add "logo" due 2030-01-01')).ok
    await drafted(studio)
    await studio.say("paula", "brief send")
    assert (await studio.say("ava", "brief confirm")).ok
    names = sorted((m.number, m.name) for m in studio.tables.milestones.values())
    assert names == [(1, "logo"), (2, "Guidelines"), (3, "Icons")]
    logo = next(m for m in studio.tables.milestones.values() if m.number == 1)
    assert (logo.due_date, logo.criteria) == (date(2030, 1, 15), ("three routes", "one colour"))
    [matched] = [e for e in studio.tables.audit if e.action == "milestone.from_brief"]
    assert matched.detail["before"] == {"due": "2030-01-01", "criteria": []}


@pytest.mark.parametrize(
    ("lines", "said"),
    [
        (DRAFT[1:], "Say what the project is for first: brief set goal …"),
        (DRAFT[:1], 'List a deliverable first: brief add deliverable "NAME" due DATE'),
        (
            [*DRAFT, 'brief add deliverable "Site"'],
            "Deliverable 4 has no due date: brief due 4 DATE",
        ),
    ],
)
async def test_an_incomplete_brief_is_not_sent(studio: Studio, lines: list[str], said: str) -> None:
    await drafted(studio, lines)
    refused = await studio.say("paula", "brief send")
    assert not refused.ok
    assert refused.replies[0].message.text.splitlines()[0] == said
    assert [b.state for b in briefs(studio)] == [BriefState.DRAFT]


async def test_a_brief_nobody_can_confirm_is_not_sent() -> None:
    studio = await make_studio(approvers=())
    await drafted(studio)
    refused = await studio.say("paula", "brief send")
    assert refused.replies[0].message.text.startswith("Nobody can confirm the brief")
    assert [b.state for b in briefs(studio)] == [BriefState.DRAFT]


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ("brief budget 12000.555 EUR", "EUR has 2 decimal places: “12000.555” has more."),
        ("brief budget 12000 XYZ", "“XYZ” is not a currency code: use one like EUR, USD or CNY."),
        (
            "brief remove deliverable 9",
            "The brief has no deliverable 9; “brief” shows them numbered.",
        ),
        ("brief due 1 2020-01-01", "Wed 1 Jan 2020 is in the past."),
        (
            'brief add deliverable "LOGO" due 2030-04-01',
            "The brief already has a deliverable “LOGO”.",
        ),
    ],
)
async def test_a_wrong_edit_says_why_and_changes_nothing(
    studio: Studio, line: str, said: str
) -> None:
    await drafted(studio)
    before = briefs(studio)
    refused = await studio.say("paula", line)
    assert not refused.ok
    assert refused.replies[0].message.text.splitlines()[0] == said
    assert briefs(studio) == before


async def test_sending_a_new_version_replaces_the_one_still_waiting(studio: Studio) -> None:
    await drafted(studio)
    first = await studio.say("paula", "brief send")
    await studio.say("paula", "brief budget 12500")  # the currency stays the brief's
    second = await studio.say("paula", "brief send")
    assert second.ok
    redrawn = [r for r in second.replies if r.replaces]
    assert [r.replaces for r in redrawn] == [card(first).card_key]
    assert "Status: replaced by a later version" in redrawn[0].message.text
    assert [b.state for b in briefs(studio)] == [BriefState.SUPERSEDED, BriefState.SENT]
    assert briefs(studio)[1].budget is not None and briefs(studio)[1].budget.minor == 1_250_000

    stale = await studio.run("ava", click(first, "Confirm"))
    assert stale.replies[0].message.text == (
        "Brief v1 was replaced by a later version; “brief” shows the newest."
    )
    assert (await studio.say("ava", "brief confirm")).ok  # the version waiting: v2
    assert [b.state for b in briefs(studio)] == [BriefState.SUPERSEDED, BriefState.CONFIRMED]


async def test_two_approvers_at_once_one_decision_and_the_other_told_who(studio: Studio) -> None:
    await drafted(studio)
    await studio.say("paula", "brief send")
    studio.tables.racing.add("briefs")  # the other approver's decision lands first
    raced = await studio.say("ava", "brief confirm")
    assert not raced.ok
    assert [b.state for b in briefs(studio)] == [BriefState.SENT]
    assert list(studio.tables.milestones.values()) == []


async def test_the_brief_is_shown_to_everyone_and_an_old_version_by_name(studio: Studio) -> None:
    assert (await studio.text("cleo", "brief")) == (
        "This project has no brief yet. A PM starts one with “brief set goal …”."
    )
    await drafted(studio)
    await studio.say("paula", "brief send")
    await studio.say("ava", "brief confirm")
    await studio.say("paula", "brief set goal A brand and a site")
    shown = await studio.text("cleo", "brief")
    assert shown.startswith("Brief v2\nStatus: draft\nGoal: A brand and a site")
    assert shown.endswith("The confirmed brief is still v1; “brief v1” shows it.")
    assert (await studio.text("cleo", "brief v1")).startswith("Brief v1\nStatus: confirmed by Ava")
    assert (await studio.text("cleo", "brief v7")) == "The brief has no version v7."


async def test_the_card_buttons_are_typed_at_the_console_as_commands(studio: Studio) -> None:
    await drafted(studio)
    sent = await studio.say("paula", "brief send")
    shown = [typed(a.command) for a in card(sent).message.card.actions]
    assert shown == ["brief confirm v1", "brief changes v1"]


async def test_a_chinese_pm_drafts_and_a_chinese_client_confirms() -> None:
    studio = await make_studio(locale="zh-CN")
    for line in (
        "需求 设置 目标 一套团队能直接使用的品牌视觉",
        "需求 添加 交付物 「标志」 截止 2030-01-15 标准：三个方向；单色",
        "需求 预算 12000 CNY",
        "需求 添加 范围外 印刷",
        "需求 发送",
    ):
        result = await studio.say("paula", line)
        assert result.ok, (line, result.replies)
    said = await studio.text("ava", "需求 确认")
    assert said.splitlines()[-2:] == [
        "Ava 已确认需求确认单 v1。",
        "M-1 标志，截止 2030年1月15日（周二）",
    ]
    [milestone] = studio.tables.milestones.values()
    assert milestone.criteria == ("三个方向", "单色") and milestone.state is MilestoneState.PLANNED
    assert "预算：¥12,000.00" in await studio.text("cleo", "需求")


async def test_status_says_where_the_brief_and_the_money_stand(studio: Studio) -> None:
    assert "Brief:" not in await studio.text("cleo", "status")  # no brief, no line about one
    await drafted(studio)
    await studio.say("paula", "brief send")
    assert "Brief: not confirmed · v1 waits on the client, for" in await studio.text(
        "cleo", "status"
    )
    await studio.say("ava", "brief confirm")
    await studio.say("paula", 'change request "Extra banner" price 800 EUR days 2 M-1')
    await studio.say("paula", "change send CR-1")
    status = await studio.text("cleo", "status")
    assert "Brief: v1 confirmed by Ava at " in status
    assert "Budget: €12,000.00 committed" in status
    assert "CR-1 waits on the client, for " in status


async def test_a_version_submitted_before_the_brief_is_confirmed_says_so(studio: Studio) -> None:
    assert (await studio.say("paula", 'milestone add "Logo" due 2030-01-10')).ok
    plain = await studio.say("dan", "submit M-1 without any brief")
    assert "Brief:" not in card(plain).message.text  # a project run without a brief
    await studio.say("paula", "approve M-1")
    await studio.say("ava", "changes M-1 warmer")
    await drafted(studio)
    early = await studio.say("dan", "submit M-1 before the brief is confirmed")
    assert "Brief: not confirmed when submitted" in card(early).message.text
    decided = await studio.say("paula", "approve M-1")  # the redrawn card keeps saying so
    assert "Brief: not confirmed when submitted" in card(decided).message.text


async def test_an_import_names_the_field_a_rule_refused_and_stores_nothing(
    studio: Studio,
) -> None:
    from bot.brief_commands import DeliverableDraft, ImportBrief

    too_long = ImportBrief(
        goal="A brand",
        deliverables=(DeliverableDraft(name="Logo"), DeliverableDraft(name="x" * 500)),
    )
    refused = await studio.run("paula", too_long)
    assert list(refused.field_errors) == ["deliverables[2].name"]
    blank = await studio.run("paula", ImportBrief(goal="A brand", out_of_scope=("Print", " ")))
    assert blank.field_errors == {"out_of_scope[2]": "Say what is out of scope."}
    unnamed = await studio.run(
        "paula", ImportBrief(goal="A", deliverables=(DeliverableDraft(name=""),))
    )
    assert unnamed.field_errors == {
        "deliverables[1].name": "A milestone needs a name of 1 to 200 characters."
    }
    assert briefs(studio) == []


async def test_brief_edit_opens_a_form_filled_with_the_draft_and_its_answers_save_it(
    studio: Studio,
) -> None:
    from bot.brief_form import answered

    await drafted(studio)
    opened = await studio.say("paula", "brief edit")
    [reply] = opened.replies
    form = reply.message.form
    assert form is not None and form.kind == "brief"
    initial = {i.name: i.initial for i in form.inputs}
    assert initial == {
        "goal": "A brand the team can use",
        "deliverables": "Logo | 2030-01-15 | three routes; one colour\n"
        "Guidelines | 2030-02-15 | twelve pages\nIcons | 2030-03-01",
        "out_of_scope": "Printing",
        "budget": "12000.00 EUR",
        "rounds": "3",
    }
    initial["deliverables"] += "\nFavicon | 2030-03-05"
    saved = await studio.run("paula", answered(initial))
    assert saved.ok
    [draft] = briefs(studio)
    assert [d.name for d in draft.deliverables][-1] == "Favicon"
    assert draft.budget is not None and draft.budget.minor == 1_200_000
    refused = await studio.say("dan", "brief edit")
    assert refused.replies[0].message.text == "Only the project's PM can draft and send the brief."


@pytest.mark.parametrize(
    ("answers", "field", "said"),
    [
        ({"goal": "A", "deliverables": "Logo | 2030-01-15 | a | b"}, "deliverables",
         "Line 1: write “Name | due date | criteria; criteria”."),
        ({"goal": "A", "deliverables": "Logo\n | 2030-01-15"}, "deliverables",
         "Line 2: write “Name | due date | criteria; criteria”."),
        ({"goal": "A", "rounds": "two"}, "rounds",
         "Give the revision rounds as a whole number, or leave it empty."),
    ],
)  # fmt: skip
def test_a_form_line_that_cannot_be_read_names_its_field(
    answers: dict[str, str], field: str, said: str
) -> None:
    from bot.brief_form import answered
    from bot.errors import InvalidField
    from bot.i18n import tr

    with pytest.raises(InvalidField) as refused:
        answered(answers)
    assert refused.value.field == field
    assert tr("en", refused.value.message, **refused.value.params) == said
