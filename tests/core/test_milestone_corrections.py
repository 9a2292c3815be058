"""Putting milestones right: rename, re-date, new criteria, cancel, reopen, withdraw, and the
view of one milestone with its versions; every change audited with what it was before."""

from __future__ import annotations

from bot.actions import decode
from bot.commands import DecideMilestone, SetMilestoneCriteria
from bot.messages import Reply
from bot.model import DecisionKind, MilestoneState
from tests.core.conftest import Studio


async def plan(
    studio: Studio, line: str = '"Concepts" due 2026-12-15 criteria: three routes'
) -> None:
    result = await studio.say("paula", f"milestone add {line}")
    assert result.ok, result.replies


def milestone(studio: Studio, number: int = 1):
    return next(m for m in studio.tables.milestones.values() if m.number == number)


def audit(studio: Studio, action: str) -> list[dict]:
    return [e.detail for e in studio.tables.audit if e.action == action]


def card_of(result) -> Reply:
    [card] = [r for r in result.replies if r.replaces]
    return card


async def test_a_pm_renames_a_milestone_and_the_old_name_is_kept_in_the_audit(
    studio: Studio,
) -> None:
    await plan(studio)

    result = await studio.say("paula", 'milestone rename M-1 "Concept routes"')

    assert result.ok
    assert result.replies[0].message.text == "M-1 renamed from “Concepts” to “Concept routes”."
    assert milestone(studio).name == "Concept routes"
    assert audit(studio, "milestone.renamed") == [{"before": "Concepts", "after": "Concept routes"}]


async def test_only_a_pm_corrects_a_milestone(studio: Studio) -> None:
    await plan(studio)

    for line in (
        'milestone rename M-1 "Other"',
        "milestone due M-1 2026-12-20",
        "milestone criteria M-1 one route",
        "milestone cancel M-1",
    ):
        refused = await studio.say("dan", line)
        assert not refused.ok
        assert refused.replies[0].message.text == "Only the project's PM can correct milestones."
    assert (
        milestone(studio).name == "Concepts" and milestone(studio).state is MilestoneState.PLANNED
    )
    assert [e.action for e in studio.tables.audit if e.subject == "M-1"] == ["milestone.added"]


async def test_a_duplicate_name_is_refused_on_add_and_rename_naming_the_milestone_there(
    studio: Studio,
) -> None:
    await plan(studio)
    await plan(studio, '"Final files" due 2026-12-20')

    added = await studio.say("paula", 'milestone add "  concepts " due 2026-12-18')
    spaced = await studio.say("paula", 'milestone add "final  FILES" due 2026-12-18')
    renamed = await studio.say("paula", 'milestone rename M-2 "CONCEPTS"')
    own_case = await studio.say("paula", 'milestone rename M-2 "Final Files"')

    said = "There is already a milestone “{}” in this project: {}."
    assert added.replies[0].message.text == said.format("Concepts", "M-1")
    assert spaced.replies[0].message.text == said.format("Final files", "M-2")
    assert renamed.replies[0].message.text == said.format("Concepts", "M-1")
    assert not (added.ok or spaced.ok or renamed.ok)
    assert own_case.ok and milestone(studio, 2).name == "Final Files"  # its own name, recased
    assert len(studio.tables.milestones) == 2


async def test_a_new_due_date_is_read_like_add_and_a_past_one_is_refused(studio: Studio) -> None:
    await plan(studio)

    past = await studio.say("paula", "milestone due M-1 2026-11-01")
    nonsense = await studio.say("paula", "milestone due M-1 whenever")
    moved = await studio.say("paula", "milestone due M-1 2027-01-08")

    assert not past.ok and "is in the past" in past.replies[0].message.text
    assert (
        not nonsense.ok and "I can't read “whenever” as a date" in nonsense.replies[0].message.text
    )
    assert moved.ok
    shown = moved.replies[0].message.text
    assert shown == "M-1 “Concepts” is now due Fri 8 Jan 2027 (was Tue 15 Dec)."
    assert milestone(studio).due_date.isoformat() == "2027-01-08"
    assert audit(studio, "milestone.redated") == [{"before": "2026-12-15", "after": "2027-01-08"}]


async def test_a_version_in_review_keeps_the_criteria_it_was_submitted_with(
    studio: Studio,
) -> None:
    await plan(studio)
    await studio.say("dan", "submit M-1 first routes")

    changed = await studio.say("paula", "milestone criteria M-1 one route; mono logo")
    decided = await studio.say("paula", "approve M-1")
    shown = await studio.text("paula", "milestone M-1")

    assert changed.ok
    assert (
        "v1 stays in review with the criteria it was submitted with"
        in changed.replies[0].message.text
    )
    assert card_of(decided).message.card.items == ("three routes",)  # the card of v1
    assert "v1 submitted by Dan" in shown and "criteria: three routes" in shown
    assert "Acceptance criteria: one route; mono logo" in shown
    assert audit(studio, "milestone.criteria_changed") == [
        {"before": ["three routes"], "after": ["one route", "mono logo"]}
    ]
    await studio.say("ava", "changes M-1 warmer")
    resubmitted = await studio.say("dan", "submit M-1")
    assert resubmitted.replies[0].message.card.items == ("one route", "mono logo")


async def test_cancelling_a_milestone_in_review_updates_its_card_and_stops_everything_on_it(
    studio: Studio,
) -> None:
    await plan(studio)
    submitted = await studio.say("dan", "submit M-1")
    key = submitted.replies[0].card_key

    cancelled = await studio.say("paula", "milestone cancel M-1 client paused the rebrand")

    assert cancelled.ok
    card = card_of(cancelled)
    assert card.replaces == key and card.message.card.actions == ()
    assert "Status: cancelled" in card.message.text
    assert "client paused the rebrand" in card.message.text
    assert cancelled.replies[-1].message.text == (
        "Paula cancelled M-1 “Concepts”: client paused the rebrand"
    )
    reopen_hint = "M-1 is cancelled. A PM can take it up again with “milestone reopen M-1”."
    for who, line in (
        ("paula", "approve M-1"),
        ("dan", "submit M-1"),
        ("cleo", "feedback M-1 hi"),
        ("cleo", "issue M-1 the cover is wrong"),
    ):
        refused = await studio.say(who, line)
        assert not refused.ok and refused.replies[0].message.text == reopen_hint
    assert (
        studio.tables.decisions == [] and studio.tables.feedback == {} and not studio.tables.issues
    )
    assert "M-1 Concepts · cancelled v1 · due Tue 15 Dec" in await studio.text("cleo", "milestones")
    assert "M-1 Concepts · cancelled v1" in await studio.text("paula", "status")
    assert audit(studio, "milestone.cancelled") == [
        {"reason": "client paused the rebrand", "before": "in_review", "version": 1}
    ]


async def test_reopening_returns_the_milestone_to_where_it_was_with_live_buttons(
    studio: Studio,
) -> None:
    await plan(studio)
    await studio.say("dan", "submit M-1")
    await studio.say("paula", "milestone cancel M-1")

    reopened = await studio.say("paula", "milestone reopen M-1")

    assert reopened.ok
    assert milestone(studio).state is MilestoneState.IN_REVIEW
    assert [decode(a.command) for a in card_of(reopened).message.card.actions] == [
        DecideMilestone(number=1, kind=DecisionKind.APPROVE, version=1),
        DecideMilestone(number=1, kind=DecisionKind.CHANGES, version=1),
    ]
    assert reopened.replies[-1].message.text == (
        "Paula reopened M-1 “Concepts”; its status is back to “in review”."
    )
    assert (await studio.say("paula", "approve M-1")).ok
    assert audit(studio, "milestone.reopened") == [{"after": "in_review", "cancel_reason": ""}]


async def test_cancel_and_reopen_refuse_what_does_not_fit(studio: Studio) -> None:
    await plan(studio)
    await plan(studio, '"Final files" due 2026-12-20')
    await studio.say("paula", "submit M-1")
    await studio.say("paula", "approve M-1")
    await studio.say("ava", "approve M-1")

    approved = await studio.say("paula", "milestone cancel M-1")
    not_cancelled = await studio.say("paula", "milestone reopen M-2")
    first = await studio.say("paula", "milestone cancel M-2")
    twice = await studio.say("paula", "milestone cancel M-2")
    back = await studio.say("paula", "milestone reopen M-2")

    assert approved.replies[0].message.text == (
        "M-1 is approved: a signed-off milestone can't be cancelled."
    )
    assert not_cancelled.replies[0].message.text == "M-2 is not cancelled (it is planned)."
    assert first.ok and len(first.replies) == 1  # never submitted: no card to update
    assert twice.replies[0].message.text == "M-2 is already cancelled."
    assert back.ok and milestone(studio, 2).state is MilestoneState.PLANNED
    assert milestone(studio).state is MilestoneState.APPROVED


async def test_the_submitter_withdraws_a_version_and_the_next_submit_is_the_next_version(
    studio: Studio,
) -> None:
    await plan(studio)
    submitted = await studio.say("dan", "submit M-1 wrong file")

    withdrawn = await studio.say("dan", "withdraw M-1")

    assert withdrawn.ok
    card = card_of(withdrawn)
    assert card.replaces == submitted.replies[0].card_key and card.message.card.actions == ()
    assert "Status: withdrawn by Dan at" in card.message.text
    assert withdrawn.replies[-1].message.text == (
        "Dan withdrew M-1 v1 from review. The next submit will be v2."
    )
    assert milestone(studio).state is MilestoneState.PLANNED and milestone(studio).stage is None
    late = await studio.say("paula", "approve M-1@v1")
    assert not late.ok and late.replies[0].message.text.startswith("M-1 v1 was withdrawn by Dan at")
    again = await studio.say("dan", "submit M-1 right file")
    assert again.replies[0].card_key.endswith(":v2")
    assert audit(studio, "milestone.withdrawn") == [{"version": 1, "after": "planned"}]


async def test_only_the_submitter_or_a_pm_withdraws_and_never_after_a_decision(
    studio: Studio,
) -> None:
    await plan(studio)
    await studio.say("dan", "submit M-1")

    client = await studio.say("cleo", "withdraw M-1")
    assert not client.ok
    assert client.replies[0].message.text == (
        "Only whoever submitted M-1 v1 (Dan) or a PM can withdraw it."
    )
    await studio.say("paula", "approve M-1")
    decided = await studio.say("dan", "withdraw M-1")
    assert not decided.ok
    assert decided.replies[0].message.text.startswith(
        "M-1 v1 has a decision, so it can't be withdrawn: Paula approved at"
    )
    assert milestone(studio).state is MilestoneState.IN_REVIEW

    await studio.say("ava", "changes M-1 warmer")
    await studio.say("dan", "submit M-1")
    by_pm = await studio.say("paula", "withdraw M-1")
    assert by_pm.ok
    assert milestone(studio).state is MilestoneState.CHANGES_REQUESTED  # as before v2
    nothing = await studio.say("paula", "withdraw M-1")
    assert nothing.replies[0].message.text.startswith("M-1 v2 was withdrawn by Paula")


async def test_a_version_submitted_before_versions_were_recorded_is_withdrawn_where_it_was(
    studio: Studio,
) -> None:
    # Milestones submitted before version rows existed have none; withdrawing such a version
    # records it and returns the milestone to the state its rounds say it came from.
    await plan(studio)
    await plan(studio, '"Layouts" due 2026-12-20')
    await studio.say("dan", "submit M-1")
    await studio.say("paula", "changes M-1 warmer")
    for number in (1, 2):
        await studio.say("dan", f"submit M-{number} from before")
    studio.tables.versions.clear()

    for number, before in ((1, MilestoneState.CHANGES_REQUESTED), (2, MilestoneState.PLANNED)):
        withdrawn = await studio.say("paula", f"withdraw M-{number}")

        assert withdrawn.ok, withdrawn.replies
        assert milestone(studio, number).state is before
        again = await studio.say("paula", f"withdraw M-{number}")
        assert again.replies[0].message.text.startswith(f"M-{number} v")
        assert " was withdrawn by Paula at" in again.replies[0].message.text
    assert audit(studio, "milestone.withdrawn") == [
        {"version": 2, "after": "changes_requested"},
        {"version": 1, "after": "planned"},
    ]
    # The version is recorded from what the milestone knew of it: when, the note, the criteria
    # (who submitted it was not kept).
    shown = (await studio.text("cleo", "milestone M-1")).splitlines()
    assert shown[-1] == (
        "v2 submitted by — at Fri 27 Nov, 10:00\u202fAM: from before · criteria: three routes"
        " · withdrawn by Paula at Fri 27 Nov, 10:00\u202fAM"
    )


async def test_a_milestone_is_shown_with_its_versions_decisions_and_rounds(studio: Studio) -> None:
    await plan(studio)
    await studio.say("dan", "submit M-1 first routes")
    await studio.say("paula", "approve M-1")
    await studio.say("ava", "changes M-1 bolder")
    await studio.say("dan", "submit M-1 bolder routes")
    await studio.say("dan", "withdraw M-1")

    bare = await studio.say("cleo", "M-1")
    shown = await studio.text("cleo", "milestone M-1")

    assert bare.ok and bare.replies[0].message.text == shown
    lines = shown.splitlines()
    assert lines[0] == "M-1 Concepts"
    assert "Status: changes requested" in lines
    assert "Due: Tue 15 Dec" in lines and "Revision rounds: 1 of 2 used" in lines
    first = lines[lines.index("Versions:") + 1]
    assert first.startswith("v1 submitted by Dan at Fri 27 Nov, 10:00")
    assert first.endswith(": first routes · criteria: three routes")
    assert "Paula approved (PM review) at" in lines[lines.index("Versions:") + 2]
    assert "Ava requested changes (client sign-off) at" in lines[lines.index("Versions:") + 3]
    assert lines[-1].startswith("v2 submitted by Dan") and "withdrawn by Dan at" in lines[-1]
    missing = await studio.say("cleo", "M-9")
    assert missing.replies[0].message.text == "There is no milestone M-9 in this project."


async def test_a_version_submitted_without_a_note_says_who_and_when(studio: Studio) -> None:
    await plan(studio)
    await studio.say("dan", "submit M-1")
    lines = (await studio.text("cleo", "milestone M-1")).splitlines()
    assert lines[lines.index("Versions:") + 1] == (
        "v1 submitted by Dan at Fri 27 Nov, 10:00\u202fAM · criteria: three routes"
    )


async def test_a_bare_milestone_word_lists_them(studio: Studio) -> None:
    await plan(studio)
    await studio.say("paula", "milestone cancel M-1 not needed")

    listed = await studio.text("cleo", "milestone")

    assert listed == await studio.text("cleo", "milestones")
    assert "M-1 Concepts · cancelled · due Tue 15 Dec" in listed


async def test_corrections_read_in_chinese() -> None:
    from tests.core.conftest import make_studio

    studio = await make_studio(locale="zh-CN")
    await plan(studio)
    await studio.say("dan", "submit M-1")

    cancelled = await studio.text("paula", "milestone cancel M-1 客户暂停")
    refused = await studio.text("paula", "approve M-1")

    assert "Paula 已取消 M-1“Concepts”，原因：客户暂停" in cancelled
    assert refused == "M-1 已取消。项目经理可以用“milestone reopen M-1”重新启用。"


async def test_criteria_that_are_only_separators_are_refused(studio: Studio) -> None:
    await studio.say("paula", 'milestone add "Concepts" due 2026-12-15')
    typed = await studio.say("paula", "milestone criteria M-1 ; ;")
    # The same rule in the core, for a command no grammar read (a form, a button).
    built = await studio.run("paula", SetMilestoneCriteria(number=1, criteria=(" ", "")))
    for refused in (typed, built):
        assert not refused.ok
        assert refused.replies[0].message.text.splitlines()[:2] == [
            "List the criteria, separated by semicolons: a; b; c.",
            'Usage: milestone add "NAME" due DATE [criteria: a; b; c] — plan a milestone',
        ]


async def test_new_criteria_wait_for_the_next_version_and_never_touch_an_approved_one(
    studio: Studio,
) -> None:
    await studio.say("paula", 'milestone add "Concepts" due 2026-12-15')
    await studio.say("dan", "submit M-1")
    assert (await studio.text("paula", "milestone criteria M-1 grid; type scale")) == (
        "New acceptance criteria for M-1: grid; type scale\n"
        "M-1 v1 stays in review with the criteria it was submitted with; the new ones apply "
        "from the next version."
    )
    await studio.say("paula", "approve M-1")
    await studio.say("ava", "approve M-1")
    refused = await studio.say("paula", "milestone criteria M-1 something else")
    assert (refused.ok, refused.replies[0].message.text) == (
        False,
        "M-1 is approved: it keeps the criteria it was signed off on.",
    )
    again = await studio.say("dan", "submit M-1")
    assert (again.ok, again.replies[0].message.text) == (False, "M-1 is already approved.")


async def test_a_milestone_in_review_shows_whose_review_it_is(studio: Studio) -> None:
    await studio.say("paula", 'milestone add "Layouts" due 2026-12-22')
    await studio.say("dan", "submit M-1")
    assert "Status: in review v1 · PM review" in (await studio.text("cleo", "M-1")).splitlines()
    await studio.say("paula", "approve M-1")
    shown = (await studio.text("cleo", "M-1")).splitlines()
    assert "Status: in review v1 · client sign-off" in shown


async def test_a_due_date_is_checked_and_a_public_holiday_noted(studio: Studio) -> None:
    await studio.say("paula", "nudges country DE")
    assert await studio.text("paula", 'milestone add "Xmas" due 2026-12-25') == (
        "M-1 added: “Xmas”, due Fri 25 Dec. Note: Fri 25 Dec is a public holiday (Christmas Day)."
    )
    assert await studio.text("paula", 'milestone add "Today" due 2026-11-27') == (
        "M-2 added: “Today”, due Fri 27 Nov."
    )
    past = await studio.say("paula", 'milestone add "Past" due 2020-01-01')
    assert past.replies[0].message.text.splitlines()[0] == "Wed 1 Jan 2020 is in the past."
    junk = await studio.say("paula", 'milestone add "Junk" due ' + "x" * 100)
    assert junk.replies[0].message.text.splitlines()[0] == (
        f"I can't read “{'x' * 80}” as a date. Try 2026-12-15, “next friday” or “12月15日”."
    )


async def test_criteria_and_names_are_held_to_their_limits(studio: Studio) -> None:
    most = "; ".join(f"c{n}" for n in range(20))
    assert (await studio.say("paula", f'milestone add "Twenty" due 2026-12-15 criteria: {most}')).ok
    for criteria in ("; ".join(f"c{n}" for n in range(21)), "y" * 201):
        refused = await studio.say(
            "paula", f'milestone add "More" due 2026-12-15 criteria: {criteria}'
        )
        assert refused.replies[0].message.text.splitlines()[:2] == [
            "At most 20 criteria of 200 characters each.",
            'Usage: milestone add "NAME" due DATE [criteria: a; b; c] — plan a milestone',
        ]
    assert (
        await studio.say("paula", f'milestone add "Long" due 2026-12-15 criteria: {"y" * 200}')
    ).ok
    named = await studio.say("paula", f'milestone add "{"n" * 201}" due 2026-12-15')
    assert named.replies[0].message.text.splitlines()[1] == (
        'Usage: milestone add "NAME" due DATE [criteria: a; b; c] — plan a milestone'
    )
