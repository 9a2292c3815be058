"""The close-out report, lessons and page links at their edges: a milestone approved on its due
day or due today, its own rounds, a day that differs by time zone, half a day of rework on the
chart, issues answered on the deadline's minute; lessons listed and audited whole; page links
for one day and a year, audited, refused once forged with another link's signature or once
pages are turned off; and a survey change that loses its row."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.closeout import issue_lines
from bot.model import Identity, Issue, IssueStatus, Person, Platform, Severity
from bot.pages import PageSite, Refusal
from bot.usecases.closeout import read_record
from bot.usecases.pages import open_page_link
from tests.core.conftest import Studio, make_studio
from tests.core.test_project_page import SITE, opens, token_from, with_pages
from tests.fakes import Surveys


async def closed_summary(studio: Studio) -> list[str]:
    """The lines of the close-out summary posted when the PM closes the project."""
    result = await studio.say("paula", "project close")
    assert result.ok, result.replies
    [summary] = [r for r in result.replies if r.message.chart is not None]
    return summary.message.text.splitlines()


async def signed_off(studio: Studio, number: int) -> None:
    assert (await studio.say("dan", f"submit M-{number}")).ok
    assert (await studio.say("paula", f"approve M-{number}")).ok
    assert (await studio.say("ava", f"approve M-{number}")).ok


# The close-out report


async def test_a_milestone_approved_on_its_due_day_is_on_time(studio: Studio) -> None:
    assert (await studio.say("paula", 'milestone add "Concepts" due 2026-11-27')).ok
    await signed_off(studio, 1)  # Fri 27 Nov, the day it is due
    lines = await closed_summary(studio)
    assert "• On time: 100% (1 of 1 milestones)" in lines


async def test_an_open_milestone_due_today_does_not_count_yet(studio: Studio) -> None:
    assert (await studio.say("paula", 'milestone add "Concepts" due 2026-11-27')).ok
    lines = await closed_summary(studio)
    assert "• On time: no milestone was approved or overdue" in lines


async def test_a_milestones_own_rounds_are_counted_instead_of_the_projects(
    studio: Studio,
) -> None:
    assert (await studio.say("paula", 'milestone add "Concepts" due 2026-12-01')).ok
    assert (await studio.say("paula", "milestone rounds M-1 5")).ok
    lines = await closed_summary(studio)
    assert "• Revision rounds: 0 of 5 used" in lines


async def test_a_project_without_issues_says_none_had_a_deadline(studio: Studio) -> None:
    lines = await closed_summary(studio)
    assert "• Issues answered within their deadline: none had a deadline" in lines


async def test_the_chart_shows_the_projects_approval_day_and_half_a_day_of_rework() -> None:
    studio = await make_studio(timezone="Asia/Shanghai")
    assert (await studio.say("paula", 'milestone add "Concepts" due 2026-12-01')).ok
    assert (await studio.say("dan", "submit M-1")).ok
    assert (await studio.say("paula", "approve M-1")).ok
    assert (await studio.say("ava", "changes M-1 warmer colours")).ok
    studio.clock.advance(hours=12)  # 22:00 UTC: already Sat 28 Nov in Shanghai
    await signed_off(studio, 1)
    result = await studio.say("paula", "project close")
    [summary] = [r for r in result.replies if r.message.chart is not None]
    chart = summary.message.chart
    assert chart is not None
    [row] = chart.rows
    assert (row.label, row.actual) == ("M-1 Concepts", date(2026, 11, 28))
    assert (row.client_days, row.studio_days) == (0.0, 0.5)


def someone() -> Person:
    return Person(
        id=1,
        identity=Identity(platform=Platform.CONSOLE, tenant="T", user_id="c"),
        display_name="Cleo",
    )


NOW = datetime(2026, 12, 7, 12, tzinfo=UTC)


def issue(**kw: object) -> Issue:
    return Issue(project_id=1, title="x", reporter=someone(), severity=Severity.HIGH, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("raised", "in_time", "late", "pending"),
    [
        # Acknowledged on the deadline's very minute: in time.
        (issue(response_due_at=NOW, acknowledged_at=NOW), 1, 0, 0),
        # Unanswered, its deadline this very minute: not late yet.
        (issue(response_due_at=NOW), 0, 0, 1),
        # No deadline: nothing to be in time for, nothing pending.
        (issue(), 0, 0, 0),
        (issue(status=IssueStatus.CLOSED, closed_at=NOW), 0, 0, 0),
    ],
)
def test_an_issue_on_its_deadline_is_in_time_or_pending_and_one_without_is_neither(
    raised: Issue, in_time: int, late: int, pending: int
) -> None:
    [high] = [line for line in issue_lines([raised], NOW) if line.severity is Severity.HIGH]
    assert (high.raised, high.in_time, high.late, high.pending) == (1, in_time, late, pending)


async def test_the_record_the_report_reads_holds_the_feedback_brief_and_lessons(
    studio: Studio,
) -> None:
    assert (await studio.say("cleo", "feedback the logo is too small")).ok
    assert (await studio.say("paula", "brief set goal A brand the team can use")).ok
    assert (await studio.say("dan", "lesson agree the type scale first")).ok
    project_id = next(iter(studio.tables.projects))
    record = await read_record(studio.database, project_id, now=studio.clock.now())
    assert record is not None
    assert [f.text for f in record.feedback] == ["the logo is too small"]
    assert [b.goal for b in record.briefs] == ["A brand the team can use"]
    assert [x.text for x in record.lessons] == ["agree the type scale first"]


# Lessons learned


async def test_lesson_alone_lists_the_lessons_like_lessons(studio: Studio) -> None:
    assert await studio.text("dan", "lesson") == (
        "No lessons yet. The studio adds one with “lesson TEXT”."
    )
    assert (await studio.say("dan", "lesson agree the type scale first")).ok
    assert await studio.text("paula", "lesson") == await studio.text("paula", "lessons")


async def test_each_lesson_is_listed_with_who_kept_it_and_the_day_and_audited_whole(
    studio: Studio,
) -> None:
    assert (await studio.say("dan", "lesson agree the type scale first")).ok
    studio.clock.advance(days=1)
    assert (await studio.say("paula", "lesson send the brief before the kick-off")).ok
    assert await studio.text("dan", "lessons") == (
        "1. agree the type scale first (Dan, Fri 27 Nov)\n"
        "2. send the brief before the kick-off (Paula, Sat 28 Nov)"
    )
    added = [(e.subject, e.detail) for e in studio.tables.audit if e.action == "lesson.added"]
    ids = [x.id for x in studio.tables.lessons]
    assert added == [
        ("acme", {"lesson": ids[0], "text": "agree the type scale first"}),
        ("acme", {"lesson": ids[1], "text": "send the brief before the kick-off"}),
    ]


async def test_a_lessons_day_is_the_projects_day() -> None:
    studio = await make_studio(timezone="Asia/Shanghai")
    studio.clock.advance(hours=12)  # 22:00 UTC on Fri 27 Nov: Sat 28 Nov, 06:00 in Shanghai
    assert (await studio.say("dan", "lesson agree the type scale first")).ok
    studio.clock.advance(days=3)
    assert await studio.text("dan", "lessons") == (
        "1. agree the type scale first (Dan, Sat 28 Nov)"
    )


async def test_a_lesson_too_long_is_answered_with_the_usage_of_lesson(studio: Studio) -> None:
    refused = await studio.say("dan", "lesson " + "x" * 2001)
    assert not refused.ok
    assert refused.replies[0].message.text == (
        "A lesson can be at most 2000 characters.\n"
        "Usage: lesson TEXT — keep a lesson learned for the close-out report (the studio's)"
    )


# Links to the project page


@pytest.fixture
async def paged() -> Studio:
    return with_pages(await make_studio())


@pytest.mark.parametrize(("days", "until"), [(1, "Sat 28 Nov"), (365, "Sat 27 Nov 2027")])
async def test_a_link_works_for_one_day_up_to_a_year(paged: Studio, days: int, until: str) -> None:
    said = await paged.text("paula", f"project page days {days}")
    assert f"It works until {until}" in said
    [link] = paged.tables.page_links
    assert link.expires_at - link.created_at == timedelta(days=days)


async def test_a_link_is_stored_with_who_made_it_and_audited_without_its_token(
    paged: Studio,
) -> None:
    token = await token_from(paged, "project page days 7")
    [link] = paged.tables.page_links
    assert link.created_by is not None and link.created_by.display_name == "Paula"
    [made] = [e for e in paged.tables.audit if e.action == "page.link"]
    assert (made.subject, made.detail) == (
        "acme",
        {"link": link.id, "days": 7, "expires_at": "2026-12-04T10:00:00+00:00"},
    )
    assert token not in str(made.detail)


async def test_revoking_audits_how_many_links_stopped(paged: Studio) -> None:
    await token_from(paged)
    await token_from(paged)
    assert (await paged.say("paula", "project page revoke")).ok
    [revoked] = [e for e in paged.tables.audit if e.action == "page.revoked"]
    assert (revoked.subject, revoked.detail) == ("acme", {"count": 2})


async def test_one_links_signature_does_not_open_another_link(paged: Studio) -> None:
    first, second = await token_from(paged), await token_from(paged)
    assert isinstance(await opens(paged, second), int)
    mixed = f"{second.split('.')[0]}.{first.split('.')[1]}"
    assert await opens(paged, mixed) is Refusal.FORGED


@pytest.mark.parametrize(
    "site", [PageSite(secret=SITE.secret), PageSite(public_url=SITE.public_url)]
)
async def test_once_pages_are_turned_off_no_link_opens(paged: Studio, site: PageSite) -> None:
    token = await token_from(paged)
    opened = await open_page_link(paged.database, site, token, now=paged.clock.now())
    assert opened is Refusal.FORGED


def test_the_address_is_kept_as_given_but_for_its_trailing_slash() -> None:
    site = PageSite(public_url="https://tools.example.com/SIGNOFF-X/", secret="s" * 40)
    assert site.url("abc") == "https://tools.example.com/SIGNOFF-X/p/abc"
    assert replace(site, public_url="https://tools.example.com/X").url("abc") == (
        "https://tools.example.com/X/p/abc"
    )


# Surveys


async def test_a_change_whose_answer_vanished_asks_to_look_again(
    studio: Studio, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert (await studio.say("paula", 'milestone add "Homepage" due 2036-12-15')).ok
    await signed_off(studio, 1)
    assert (await studio.say("ava", "csat M-1 4")).ok

    async def lost(self: Surveys, occasion_id: int, answer: object) -> bool:
        return False  # the row went between reading it and changing it

    monkeypatch.setattr(Surveys, "change", lost)
    refused = await studio.say("ava", "csat M-1 5")
    assert not refused.ok
    assert refused.replies[0].message.text == "M-1 changed a moment ago; please look again."
