"""The close-out report, lived through chat: a project's milestones approved on time, late and
not at all, rounds spent, a change accepted, issues answered in time and late, risks and
lessons; closing it posts the summary with the chart's data."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.closeout import closeout, issue_lines
from bot.messages import Audience
from bot.model import Identity, Issue, IssueStatus, Person, Platform, ProjectStatus, Severity
from bot.reply_codec import decode_reply, encode_reply
from bot.usecases.closeout import read_record
from tests.core.conftest import Studio, make_studio


async def plan(studio: Studio) -> None:
    for line in [
        'milestone add "Concepts" due 2026-12-01',
        'milestone add "Layouts" due 2026-12-04',
        'milestone add "Guidelines" due 2026-12-03',
        'milestone add "Final files" due 2026-12-20',
    ]:
        assert (await studio.say("paula", line)).ok, line


async def lived(studio: Studio) -> Studio:
    """Acme's project from Fri 27 Nov 2026 to Sun 6 Dec: M-1 approved on time, M-2 late after a
    round of changes, M-3 overdue and never submitted, M-4 not due yet."""
    # M-1: a day with the client, approved Sat 28 Nov, due Tue 1 Dec.
    assert (await studio.say("dan", "submit M-1")).ok
    assert (await studio.say("paula", "approve M-1")).ok
    studio.clock.advance(days=1)
    assert (await studio.say("ava", "approve M-1")).ok
    # M-2: two days with the client, a round of changes, a day of rework, five more days.
    assert (await studio.say("dan", "submit M-2")).ok
    assert (await studio.say("paula", "approve M-2")).ok
    studio.clock.advance(days=2)
    assert (await studio.say("ava", "changes M-2 warmer colours")).ok
    studio.clock.advance(days=1)
    assert (await studio.say("dan", "submit M-2")).ok
    assert (await studio.say("paula", "approve M-2")).ok
    studio.clock.advance(days=5)
    assert (await studio.say("ava", "approve M-2")).ok  # Sun 6 Dec: two days late
    return studio


async def answered(studio: Studio) -> Studio:
    assert (await studio.say("ava", "csat M-1 4")).ok
    assert (await studio.say("ava", "csat M-2 5 worth the wait")).ok
    return studio


async def issues_and_money(studio: Studio) -> None:
    assert (await studio.say("cleo", "issue The logo file will not open high")).ok
    assert (await studio.say("dan", "issue ack IS-1 looking now")).ok  # at once: in time
    assert (await studio.say("cleo", "issue The site is down critical")).ok
    assert (await studio.say("paula", 'change request "Extra icon set" price 800 EUR M-2')).ok
    assert (await studio.say("paula", "change send CR-1")).ok
    assert (await studio.say("ava", "change accept CR-1")).ok
    assert (await studio.say("paula", 'risk add "Fonts licence" impact high')).ok
    assert (await studio.say("dan", 'risk add "Client feedback arrives late"')).ok
    assert (await studio.say("dan", "risk share RK-2")).ok


@pytest.fixture
async def acme() -> Studio:
    studio = await make_studio()
    await plan(studio)
    await issues_and_money(studio)
    # IS-2 was never answered: its deadline passed days ago.
    return await answered(await lived(studio))


async def report_of(studio: Studio):
    project = next(iter(studio.tables.projects.values()))
    record = await read_record(studio.database, project.id, now=studio.clock.now())
    assert record is not None
    return closeout(record)


async def test_the_report_judges_the_timeline_rounds_money_issues_and_waiting(
    acme: Studio,
) -> None:
    report = await report_of(acme)
    timeline = [(m.number, m.planned, m.actual, m.late_days, m.on_time) for m in report.milestones]
    assert timeline == [
        (1, date(2026, 12, 1), date(2026, 11, 28), 0, True),
        (2, date(2026, 12, 4), date(2026, 12, 6), 2, False),
        (3, date(2026, 12, 3), None, 3, False),  # overdue, never submitted: it counts
        (4, date(2026, 12, 20), None, 0, None),  # not due yet: it does not
    ]
    assert (report.on_time, report.counted) == (1, 3)
    assert report.on_time_rate == pytest.approx(1 / 3)
    assert [(m.rounds_used, m.rounds_included) for m in report.milestones][:2] == [(0, 2), (1, 2)]
    assert (report.rounds_used, report.rounds_included) == (1, 8)
    assert report.budget.accepted_total.shown("en") == "€800.00"
    by_severity = {line.severity: (line.raised, line.in_time, line.late) for line in report.issues}
    assert by_severity[Severity.HIGH] == (1, 1, 0)
    assert by_severity[Severity.CRITICAL] == (1, 0, 1)
    assert (report.issues_in_time, report.issues_answered) == (1, 2)
    # M-1: a day with the client; M-2: two days, then five; the studio's day of rework.
    assert report.client.days == 8
    assert report.studio.days == 1
    assert [(s.milestone, s.score) for s in report.scores or ()] == [(1, 4), (2, 5)]
    assert report.csat_average == 4.5


async def test_closing_posts_the_summary_with_the_chart_and_asks_the_pm_for_lessons(
    acme: Studio,
) -> None:
    result = await acme.say("paula", "project close")
    assert result.ok
    [summary] = [r for r in result.replies if r.message.chart is not None]
    assert summary.audience is Audience.CHANNEL
    lines = summary.message.text.splitlines()
    assert lines[0] == "Acme rebrand (acme) is closed. How it went:"
    assert "• On time: 33% (1 of 3 milestones)" in lines
    assert "• Revision rounds: 1 of 8 used" in lines
    assert "• Change requests: 1 accepted, worth €800.00" in lines
    assert "• Issues answered within their deadline: 1 of 2" in lines
    assert "• Client satisfaction: 4.5 of 5 (2 answers)" in lines
    # The channel is the client's too: only the risk shared with them is counted.
    assert "• Open risks: 1" in lines
    assert lines[-1].startswith("Full report:") and "signoff report acme" in lines[-1]
    chart = summary.message.chart
    assert chart is not None
    rows = [(row.label, row.planned, row.actual) for row in chart.rows]
    assert rows[:2] == [
        ("M-1 Concepts", date(2026, 12, 1), date(2026, 11, 28)),
        ("M-2 Layouts", date(2026, 12, 4), date(2026, 12, 6)),
    ]
    assert [(row.client_days, row.studio_days) for row in chart.rows][:2] == [
        (1.0, 0.0),
        (7.0, 1.0),
    ]
    asked = [r.message.text for r in result.replies if r.audience is Audience.CALLER]
    assert any("lesson TEXT" in text for text in asked)
    # Queued in the outbox, the chart's data survives as JSON.
    assert decode_reply(encode_reply(summary)) == summary


async def test_the_summary_speaks_the_projects_language() -> None:
    studio = await make_studio(locale="zh-CN")
    await plan(studio)
    await lived(studio)
    result = await studio.say("paula", "项目 关闭")
    [summary] = [r for r in result.replies if r.message.chart is not None]
    assert "按时完成率：33%（3 个里程碑中 1 个）" in summary.message.text
    assert summary.message.chart is not None and summary.message.chart.title == (
        "计划与实际，以及待处理方"
    )


async def test_the_studio_keeps_lessons_any_time_the_client_cannot(studio: Studio) -> None:
    said = await studio.text("dan", "lesson agree the type scale before any layout")
    assert said == (
        "Lesson 1 kept for the close-out report: agree the type scale before any layout"
    )
    refused = await studio.say("cleo", "lesson the studio was slow")
    assert not refused.ok
    assert refused.replies[0].message.text == (
        "Only the studio (PM or designer) keeps lessons learned."
    )
    assert not (await studio.say("cleo", "lessons")).ok
    assert (await studio.say("paula", "project close")).ok
    assert studio.tables.projects[next(iter(studio.tables.projects))].status is (
        ProjectStatus.CLOSED
    )
    # A closed project takes no new records, but the lessons come when the work is done.
    assert (await studio.say("paula", "lesson send the brief before the kick-off")).ok
    listed = (await studio.text("dan", "lessons")).splitlines()
    assert [line.split(" (")[0] for line in listed] == [
        "1. agree the type scale before any layout",
        "2. send the brief before the kick-off",
    ]
    assert [x.author.display_name for x in studio.tables.lessons] == ["Dan", "Paula"]


async def test_a_lesson_too_long_is_refused_and_nothing_is_kept(studio: Studio) -> None:
    refused = await studio.say("dan", "lesson " + "x" * 2001)
    assert not refused.ok
    assert refused.replies[0].message.text.startswith("A lesson can be at most 2000 characters")
    assert studio.tables.lessons == []
    assert [e for e in studio.tables.audit if e.action == "lesson.added"] == []


async def test_lesson_is_a_chinese_word_too() -> None:
    studio = await make_studio(locale="zh-CN")
    said = await studio.text("dan", "经验 先确认字体规范再排版")
    assert said == "已记录第 1 条经验教训，将写入结项报告：先确认字体规范再排版"


def test_an_issue_is_in_time_late_or_still_ahead_of_its_deadline() -> None:
    now = datetime(2026, 12, 7, 12, tzinfo=UTC)
    due = now - timedelta(hours=2)
    who = Person(id=1, identity=Identity(platform=Platform.CONSOLE, tenant="T", user_id="c"),
                 display_name="Cleo")  # fmt: skip

    def issue(**kw: object) -> Issue:
        return Issue(project_id=1, title="x", reporter=who, severity=Severity.HIGH, **kw)  # type: ignore[arg-type]

    lines = issue_lines(
        [
            issue(response_due_at=due, acknowledged_at=due - timedelta(minutes=1)),  # in time
            issue(
                response_due_at=due,
                resolved_at=due + timedelta(minutes=1),
                status=IssueStatus.RESOLVED,
            ),  # answered late
            issue(response_due_at=due),  # unanswered, past it
            issue(response_due_at=now + timedelta(hours=1)),  # its deadline ahead
            issue(response_due_at=due, status=IssueStatus.WITHDRAWN),  # taken back: not counted
            issue(),  # no deadline
        ],
        now,
    )
    [high] = [line for line in lines if line.severity is Severity.HIGH]
    assert (high.raised, high.in_time, high.late, high.pending, high.open) == (5, 1, 2, 1, 4)
