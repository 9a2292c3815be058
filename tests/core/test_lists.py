"""Lists people guess: `feedback`, `feedback list …`, `issues …`, a screen at a time with `more`."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.core.conftest import Studio, make_studio


async def test_feedback_alone_lists_the_open_feedback(studio: Studio) -> None:
    await studio.say("cleo", "feedback the logo is too small")
    await studio.say("cleo", "feedback make the blue warmer")
    await studio.say("dan", "feedback resolve FB-1")

    listed = await studio.text("ava", "feedback")

    assert listed == "FB-2 · open · Cleo: “make the blue warmer”"
    assert len(studio.tables.feedback) == 2


async def test_feedback_list_filters_by_status_and_milestone(studio: Studio) -> None:
    await studio.say("paula", 'milestone add "Concepts" due 2027-01-15')
    await studio.say("dan", "submit M-1")
    await studio.say("cleo", "feedback the logo is too small")
    await studio.say("cleo", "feedback M-1 the blue is too cold")
    await studio.say("dan", "feedback resolve FB-1")

    assert (await studio.text("cleo", "feedback list resolved")).startswith("FB-1 · resolved")
    everything = await studio.text("cleo", "feedback list all")
    assert [line[:4] for line in everything.splitlines()] == ["FB-1", "FB-2"]
    on_m1 = await studio.text("cleo", "feedback list all M-1")
    assert on_m1 == "FB-1 · resolved · Cleo: “the logo is too small” · M-1 v1\n" + (
        "FB-2 · open · Cleo: “the blue is too cold” · M-1 v1"
    )
    assert await studio.text("cleo", "feedback list M-2") == "No open feedback."
    assert await studio.text("cleo", "feedback list resolved M-2") == "No resolved feedback."


async def test_issues_filter_by_status_and_mine(studio: Studio) -> None:
    await studio.say("cleo", "issue Login page is blank low")
    await studio.say("ava", "issue Fonts missing critical")
    await studio.say("ava", "issue Typo on the about page")
    await studio.say("dan", "issue resolve IS-3")
    await studio.say("paula", "issue assign IS-2 @dan")

    open_issues = (await studio.text("paula", "issues")).splitlines()
    assert [line[:4] for line in open_issues] == ["IS-2", "IS-1"]  # by severity
    assert (await studio.text("paula", "issues closed")).startswith("IS-3 [medium] Typo")
    assert len((await studio.text("paula", "issues all")).splitlines()) == 3
    assert (await studio.text("cleo", "issues mine")).startswith("IS-1 ")
    assert (await studio.text("dan", "issues mine")).startswith("IS-2 ")  # assigned to him
    assert len((await studio.text("ava", "issues all mine")).splitlines()) == 2
    assert await studio.text("paula", "issues mine") == "No open issues."
    assert await studio.text("paula", "issue list closed") == await studio.text(
        "paula", "issues closed"
    )


async def test_a_long_list_is_paged_and_more_shows_the_rest(studio: Studio) -> None:
    for n in range(1, 36):
        await studio.say("cleo", f"feedback point number {n}")

    first = (await studio.text("cleo", "feedback")).splitlines()
    second = (await studio.text("cleo", "more")).splitlines()
    third = (await studio.text("cleo", "more")).splitlines()

    assert len(first) == 16 and first[0].startswith("FB-1 ") and first[14].startswith("FB-15 ")
    assert first[-1] == "20 more: type “more”"
    assert second[0].startswith("FB-16 ") and second[-1] == "5 more: type “more”"
    assert [line.split()[0] for line in third] == [f"FB-{n}" for n in range(31, 36)]
    assert await studio.text("cleo", "more") == "Nothing more: that was the end of the list."


async def test_more_follows_each_person_s_own_last_list(studio: Studio) -> None:
    for n in range(1, 18):
        await studio.say("cleo", f"issue Problem number {n}")
        await studio.say("cleo", f"feedback point number {n}")

    await studio.say("cleo", "issues")
    await studio.say("ava", "feedback")

    assert (await studio.text("cleo", "more")).startswith("IS-16 ")
    assert (await studio.text("ava", "more")).startswith("FB-16 ")
    assert await studio.text("dan", "more") == (
        "No list to continue: type “feedback list” or “issues”."
    )


async def test_more_belongs_to_the_conversation_the_list_was_shown_in(studio: Studio) -> None:
    for n in range(1, 18):
        await studio.say("cleo", f"feedback point number {n}")
    await studio.say("cleo", "feedback")

    elsewhere = replace(studio, conversation=replace(studio.conversation, channel="C-other"))
    assert (await elsewhere.say("paula", "project bind acme")).ok

    assert "No list to continue" in await elsewhere.text("cleo", "more")


async def test_edited_records_say_so_in_lists(studio: Studio) -> None:
    await studio.say("cleo", "feedback the logo is too small")
    await studio.say("cleo", "issue Login page is blank")
    await studio.say("cleo", "feedback edit FB-1 the logo is far too small")
    await studio.say("cleo", "issue edit IS-1 Login page is blank on Safari")

    assert (await studio.text("cleo", "feedback")).endswith(" · edited")
    assert (await studio.text("cleo", "issues")).endswith(" · edited")


async def test_lists_read_in_chinese() -> None:
    studio = await make_studio(locale="zh-CN")
    await studio.say("cleo", "issue 页面空白 高")
    for n in range(1, 17):
        await studio.say("cleo", f"feedback 第 {n} 条")

    assert (await studio.text("cleo", "issues")).startswith("IS-1【高】页面空白")
    assert (await studio.text("cleo", "feedback")).endswith("还有 1 条，输入“more”查看")
    assert await studio.text("cleo", "issues closed") == "没有已解决或已关闭的问题。"


async def test_a_feedback_line_cuts_long_text_and_names_an_unsubmitted_milestone_alone(
    studio: Studio,
) -> None:
    await studio.say("paula", 'milestone add "Concepts" due 2026-12-15')
    long = "the blue of the header is far too cold for a bakery and reads as a bank " * 2
    await studio.say("cleo", f"feedback M-1 {long}")
    assert await studio.text("cleo", "feedback") == (
        "FB-1 · open · Cleo: “the blue of the header is far too cold for a bakery and reads as "
        "a bank the blu…” · M-1"
    )


async def test_a_project_without_milestones_says_who_adds_one() -> None:
    studio = await make_studio()
    assert await studio.text("cleo", "milestones") == (
        "No milestones yet. A PM adds one with “milestone add”."
    )


@pytest.mark.parametrize(
    ("locale", "line"),
    [
        ("en", "IS-1 [high] Broken link · open · M-1 · response due Fri 27 Nov, 6:00\u202fPM"),
        ("zh-CN", "IS-1【高】Broken link｜未处理｜M-1｜须在 11月27日（周五）18:00 前回复"),
    ],
)
async def test_an_issue_raised_on_a_milestone_names_it_in_the_list_and_its_view(
    locale: str, line: str
) -> None:
    studio = await make_studio(locale=locale)
    await studio.say("paula", 'milestone add "Concepts" due 2026-12-15')
    await studio.say("cleo", "issue M-1 Broken link high")
    assert await studio.text("paula", "issues") == line
    assert (await studio.text("paula", "IS-1")).splitlines()[0] == line


async def test_feedback_of_exactly_a_lines_length_is_listed_whole() -> None:
    studio = await make_studio()
    text = "w" * 80
    await studio.say("cleo", f"feedback {text}")
    assert await studio.text("cleo", "feedback") == f"FB-1 · open · Cleo: “{text}”"


async def test_feedback_on_a_milestone_never_submitted_names_no_version() -> None:
    studio = await make_studio()
    await studio.say("paula", 'milestone add "Concepts" due 2026-12-15')
    logged = await studio.text("cleo", "feedback M-1 the blue is too cold")
    assert logged == "FB-1 logged on M-1 from Cleo: “the blue is too cold”"
    listed = await studio.text("cleo", "feedback")
    assert listed == "FB-1 · open · Cleo: “the blue is too cold” · M-1"
