"""The brief and the change requests waiting on the client are reminded like a milestone in
review: after 2 working days, 3 times, never on a day off or in quiet hours, then escalated to
the PM once; nothing once decided, nor while `review_waiting` is off. The digest says where the
brief stands and what change requests wait on the client, with their exact total."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.nudges.calendar import NudgeCalendar
from bot.nudges.due import calendar_for, occurrences
from bot.nudges.model import NudgeConfig, NudgeKind, Occurrence, OutboxStatus
from bot.nudges.plan import plan, prepare
from bot.nudges.snapshot import ProjectSnapshot
from tests.core.conftest import Studio, make_studio
from tests.core.test_brief import drafted
from tests.core.test_nudges_compose import snapshot, text, written

BASE = NudgeCalendar(timezone="UTC")  # the studio's: weekdays, quiet from 20:00 to 08:00
CONFIG = NudgeConfig()


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@dataclass(frozen=True)
class Sent:
    to: str
    due: datetime
    text: str


async def passes(studio: Studio, until: datetime, *, every: timedelta = timedelta(hours=3)):
    """The core's nudge pass as a running instance makes it, every 3 hours of fake time up to
    `until`: plan what fell due, then prepare each item and mark it done. What went out."""
    sent = []
    while studio.clock.now() < until:
        studio.clock.current = min(studio.clock.now() + every, until)
        now = studio.clock.now()
        await plan(studio.database, CONFIG, BASE, now)
        async with studio.database() as work:
            lease = timedelta(minutes=5)
            for item in await work.nudges.claim(owner="me", now=now, lease=lease, limit=100):
                status, message = await prepare(work, item, CONFIG, BASE, now)
                outcome = status or OutboxStatus.SENT
                await work.nudges.finish(item.id, owner="me", status=outcome, at=now)
                if message is not None:
                    o = item.occurrence
                    sent.append(Sent(to=o.target.channel, due=o.due_at, text=message.text))
            await work.commit()
    return sent


def about(sent: list[Sent], start: str) -> list[tuple[str, datetime]]:
    return [(s.to, s.due) for s in sent if s.text.startswith(start)]


def texts(sent: list[Sent], start: str) -> list[str]:
    return [s.text for s in sent if s.text.startswith(start)]


def waiting(snap: ProjectSnapshot, since: datetime, until: datetime) -> list[Occurrence]:
    cal = calendar_for(snap.project, snap.settings, BASE)
    found = occurrences(snap, CONFIG, cal, since, until)
    return [o for o in found if o.kind is NudgeKind.REVIEW_WAITING]


async def sent_brief(locale: str = "en") -> Studio:
    """Brief v1 sent to Ava on Friday 27 November 2026 at 10:00 UTC."""
    studio = await make_studio(locale=locale)
    await drafted(studio)
    assert (await studio.say("paula", "brief send")).ok
    return studio


async def sent_change(studio: Studio, title: str, price: str) -> None:
    assert (await studio.say("paula", f'change request "{title}" price {price}')).ok
    [change] = [c for c in studio.tables.changes if c.title == title]
    assert (await studio.say("paula", f"change send {change.ref}")).ok


# Friday's sending, then 2 working days apart (the weekend skipped): Tue 1, Thu 3, Mon 7 Dec
# in the channel; the escalation to the PM directly on Wed 9 Dec.
REMINDED = [("C-acme", utc(2026, 12, d, 9, 30)) for d in (1, 3, 7)]
ESCALATED = [("@paula", utc(2026, 12, 9, 9, 30))]


async def test_a_sent_brief_is_reminded_three_times_then_escalated_to_the_pm_once() -> None:
    studio = await sent_brief()
    sent = await passes(studio, utc(2026, 12, 18, 12))
    assert about(sent, "Reminder: brief v1") == REMINDED
    assert about(sent, "Escalation: brief v1") == ESCALATED
    assert texts(sent, "Reminder: brief v1")[0] == (
        "Reminder: brief v1 has waited 4 days for confirmation from @Ava. "
        "Reply “brief confirm” or “brief changes …”."
    )
    # The client's silence was raised first (tests/core/test_risk_silence.py); the studio's
    # weekly digests (tests/core/test_studio_digest.py) are left aside here.
    told = [s.text for s in sent if s.to == "@paula" and "weekly risks" not in s.text]
    [silence, escalation, risk] = told
    assert silence.startswith("New risk in acme, RK-1: The client is silent while brief v1")
    assert risk.startswith("New risk in acme, RK-2: Brief v1 waits on the client past every")
    assert escalation == (
        "Escalation: brief v1 has waited 2 weeks for the client's confirmation after every "
        "reminder; still owed by @Ava."
    )
    # Nothing before two working days, on the weekend, or in quiet hours.
    assert all(BASE.allows(s.due) for s in sent)


async def test_brief_reminders_retimed_into_quiet_hours_wait_for_the_morning() -> None:
    studio = await sent_brief()
    assert (await studio.say("paula", "nudges time review_waiting 21:30")).ok
    snap = await snapshot(studio)
    found = waiting(snap, studio.clock.now(), utc(2026, 12, 31))
    # 21:30 is inside 20:00-08:00: each waits for the next working day's morning.
    assert [(o.subject["round"], o.due_at) for o in found] == [
        (1, utc(2026, 12, 2, 8)),
        (2, utc(2026, 12, 4, 8)),
        (3, utc(2026, 12, 8, 8)),
        (4, utc(2026, 12, 10, 8)),
    ]
    assert found[0].subject == {"brief": snap.briefs[0].id, "version": 1, "round": 1}


async def test_a_confirmed_brief_is_reminded_no_more_even_when_already_queued() -> None:
    studio = await sent_brief()
    sent = await passes(studio, utc(2026, 12, 1, 12))
    assert about(sent, "Reminder: brief v1") == REMINDED[:1]
    # Thursday's reminder is queued ahead, then Ava confirms before it goes out.
    await plan(studio.database, CONFIG, BASE, studio.clock.now(), horizon=timedelta(days=3))
    assert (await studio.say("ava", "brief confirm")).ok
    sent = await passes(studio, utc(2026, 12, 18, 12))
    assert [s for s in sent if "brief" in s.text] == []
    outcomes = {
        (i.occurrence.subject["round"], i.status)
        for i in studio.tables.outbox.values()
        if "brief" in i.occurrence.subject
    }
    assert outcomes == {(1, OutboxStatus.SENT), (2, OutboxStatus.OBSOLETE)}


async def test_a_brief_sent_back_or_replaced_is_reminded_only_as_the_version_waiting() -> None:
    studio = await sent_brief()
    assert (await studio.say("paula", "brief set goal A brand for the whole group")).ok
    snap = await snapshot(studio)  # v2 drafted: v1 still waits on the client
    found = waiting(snap, studio.clock.now(), utc(2027, 1, 1))
    assert {o.subject["version"] for o in found} == {1}
    studio.clock.current = utc(2026, 11, 30, 10)  # Monday: v2 replaces v1
    assert (await studio.say("paula", "brief send")).ok
    snap = await snapshot(studio)
    found = waiting(snap, studio.clock.now(), utc(2027, 1, 1))
    assert {o.subject["version"] for o in found} == {2}
    assert found[0].due_at == utc(2026, 12, 2, 9, 30)  # counted from Monday's sending
    v1 = {"brief": snap.briefs[0].id, "version": 1, "round": 1}
    assert written(snap, NudgeKind.REVIEW_WAITING, v1, studio.clock.now()) is None
    assert (await studio.say("ava", "brief changes the budget is too high")).ok
    assert waiting(await snapshot(studio), studio.clock.now(), utc(2027, 1, 1)) == []


async def test_a_change_request_waiting_on_the_client_is_reminded_then_escalated() -> None:
    studio = await make_studio()
    await sent_change(studio, "Extra banner", "300 EUR")
    sent = await passes(studio, utc(2026, 12, 18, 12))
    assert about(sent, "Reminder: CR-1") == REMINDED
    assert about(sent, "Escalation: CR-1") == ESCALATED
    assert all(BASE.allows(s.due) for s in sent)
    assert texts(sent, "Reminder: CR-1")[0] == (
        "Reminder: CR-1 “Extra banner” (€300.00) has waited 4 days for a decision from @Ava. "
        "Reply “change accept CR-1” or “change decline CR-1 …”."
    )
    [escalation] = texts(sent, "Escalation: CR-1")
    assert escalation.startswith(
        "Escalation: CR-1 “Extra banner” (€300.00) has waited 2 weeks for the client's decision"
    )


async def test_a_change_request_decided_or_withdrawn_is_reminded_no_more() -> None:
    studio = await make_studio()
    await sent_change(studio, "Extra banner", "300 EUR")
    await sent_change(studio, "Icons", "120 EUR")
    await sent_change(studio, "Poster", "80 EUR")
    sent = await passes(studio, utc(2026, 12, 1, 12))
    assert len(about(sent, "Reminder: CR-")) == 3
    assert (await studio.say("ava", "change accept CR-1")).ok
    assert (await studio.say("ava", "change decline CR-2 not now")).ok
    sent = await passes(studio, utc(2026, 12, 4, 12))
    assert [t[:14] for t in texts(sent, "Reminder: CR-")] == ["Reminder: CR-3"]
    assert (await studio.say("paula", "change withdraw CR-3 folded into M-1")).ok
    sent = await passes(studio, utc(2026, 12, 18, 12))
    assert [s for s in sent if "CR-" in s.text] == []


async def test_review_waiting_switched_off_stops_the_brief_and_change_reminders() -> None:
    studio = await sent_brief()
    await sent_change(studio, "Extra banner", "300")  # in the brief's currency
    await plan(studio.database, CONFIG, BASE, studio.clock.now(), horizon=timedelta(days=5))
    assert (await studio.say("paula", "nudges off review_waiting")).ok
    assert waiting(await snapshot(studio), studio.clock.now(), utc(2027, 1, 1)) == []
    sent = await passes(studio, utc(2026, 12, 18, 12))
    assert [s.text for s in sent if s.text.startswith(("Reminder", "Escalation"))] == []
    assert len(about(sent, "Acme rebrand: weekly progress")) == 3  # the digest still goes out
    queued = [i for i in studio.tables.outbox.values() if i.occurrence.subject.get("round")]
    assert queued and {i.status for i in queued} == {OutboxStatus.SKIPPED}

    assert (await studio.say("paula", "nudges on review_waiting")).ok
    again = waiting(await snapshot(studio), utc(2026, 11, 27), utc(2027, 1, 1))
    assert {tuple(sorted(o.subject)) for o in again} == {
        ("brief", "round", "version"),
        ("change", "round"),
    }


async def test_a_milestone_the_brief_and_a_change_waiting_at_once_are_each_planned_once() -> None:
    studio = await sent_brief()
    await sent_change(studio, "Extra banner", "300")
    await studio.say("paula", 'milestone add "Concepts" due 2027-01-29')
    await studio.say("dan", "submit M-1")
    await studio.say("paula", "approve M-1")
    now = studio.clock.now()
    first = await plan(studio.database, CONFIG, BASE, now, horizon=timedelta(days=14))
    again = await plan(studio.database, CONFIG, BASE, now, horizon=timedelta(days=14))
    assert again.enqueued == 0
    queued = [
        i.occurrence for i in studio.tables.outbox.values() if i.occurrence.subject.get("round")
    ]
    assert len({o.key for o in queued}) == len(queued) == 3 * 4  # 3 reminders, 1 escalation each
    assert first.enqueued > len(queued)  # the digests, besides
    assert {tuple(sorted(o.subject)) for o in queued} == {
        ("brief", "round", "version"),
        ("change", "round"),
        ("milestone", "round", "version"),  # as before: its keys did not change
    }


async def test_nobody_is_reminded_of_a_brief_no_approver_is_left_to_confirm() -> None:
    studio = await sent_brief()
    assert (await studio.say("paula", "member remove @ava")).ok
    snap = await snapshot(studio)
    assert waiting(snap, studio.clock.now(), utc(2027, 1, 1)) == []
    subject = {"brief": snap.briefs[0].id, "version": 1, "round": 1}
    assert written(snap, NudgeKind.REVIEW_WAITING, subject, studio.clock.now()) is None


def digest(snap: ProjectSnapshot, now: datetime) -> list[str]:
    return text(written(snap, NudgeKind.DIGEST, {"week": "w"}, now)).splitlines()


async def test_a_project_without_a_brief_or_change_requests_has_the_digest_it_had() -> None:
    studio = await make_studio()
    lines = digest(await snapshot(studio), studio.clock.now())
    assert [line.split(":")[0] for line in lines[1:]] == [
        "Overdue",
        "Approved since the last digest",
        "In review",
        "Due in the next two weeks",
        "Open issues",
        "Open feedback",
    ]


async def test_the_digest_says_where_the_brief_stands_and_what_changes_wait() -> None:
    studio = await make_studio()
    await drafted(studio)
    now = studio.clock.now
    lines = digest(await snapshot(studio), now())
    assert lines[4:6] == ["Brief: v1 draft", "Change requests waiting on the client: none"]

    assert (await studio.say("paula", "brief send")).ok  # Fri 27 Nov
    studio.clock.advance(days=3)
    assert "Brief: v1 waiting on the client since Fri 27 Nov" in digest(await snapshot(studio),
                                                                        now())  # fmt: skip
    assert (await studio.say("ava", "brief confirm")).ok  # Mon 30 Nov
    assert "Brief: v1 confirmed on Mon 30 Nov" in digest(await snapshot(studio), now())

    studio.clock.advance(days=1)
    assert (await studio.say("paula", "brief set goal A brand for the whole group")).ok
    assert "Brief: v1 confirmed on Mon 30 Nov; v2 draft" in digest(await snapshot(studio), now())
    assert (await studio.say("paula", "brief send")).ok
    await sent_change(studio, "Extra banner", "100.10")
    await sent_change(studio, "Icons", "200.20")
    await sent_change(studio, "Poster", "80")
    assert (await studio.say("ava", "change accept CR-3")).ok  # decided: no longer waiting
    lines = digest(await snapshot(studio), now())
    assert lines[4:6] == [
        "Brief: v1 confirmed on Mon 30 Nov; v2 waiting on the client since Tue 1 Dec",
        "Change requests waiting on the client: CR-1 “Extra banner” (€100.10), "
        "CR-2 “Icons” (€200.20); total €300.30",  # exact: no float ever adds them
    ]


async def test_the_digest_in_chinese_says_where_the_brief_stands() -> None:
    studio = await make_studio(locale="zh-CN")
    await drafted(studio)
    now = studio.clock.now
    lines = digest(await snapshot(studio), now())
    assert lines[4:6] == ["需求确认单：v1 草稿", "待客户确认的变更申请：无"]
    assert (await studio.say("paula", "brief send")).ok
    await sent_change(studio, "横幅", "100.10")
    await sent_change(studio, "图标", "200.20")
    lines = digest(await snapshot(studio), now())
    assert lines[4:6] == [
        "需求确认单：v1 自 11月27日（周五）起待客户确认",
        "待客户确认的变更申请：CR-1“横幅”（€100.10）、CR-2“图标”（€200.20）；合计€300.30",
    ]
    assert (await studio.say("ava", "brief confirm")).ok
    assert "需求确认单：v1 已于 11月27日（周五）确认" in digest(await snapshot(studio), now())


async def test_the_reminders_in_chinese() -> None:
    studio = await sent_brief(locale="zh-CN")
    await sent_change(studio, "横幅", "300")
    sent = await passes(studio, utc(2026, 12, 9, 12))
    texts = [s.text for s in sent if s.due == utc(2026, 12, 1, 9, 30)]
    assert texts == [
        "提醒：需求确认单 v1 已等待 4 天，请 @Ava 确认。"
        "确认请回复“需求 确认”，需修改请回复“需求 修改 修改意见”。",
        "提醒：CR-1“横幅”（€300.00）已等待 4 天，请 @Ava 决定是否接受。"
        "接受请回复“变更 接受 CR-1”，不接受请回复“变更 拒绝 CR-1 原因”。",
    ]
    escalations = [s.text for s in sent if s.to == "@paula" and s.text.startswith("升级提醒")]
    assert escalations == [
        "升级提醒：需求确认单 v1 已多次提醒，客户仍未确认（已等待 2 周）。尚未确认：@Ava。",
        "升级提醒：CR-1“横幅”（€300.00）已多次提醒，客户仍未决定是否接受（已等待 2 周）。"
        "尚未决定：@Ava。",
    ]


async def test_nudges_show_names_the_brief_and_the_change_request_it_will_remind() -> None:
    from tests.core.conftest import make_studio

    studio = await make_studio()
    for line in (
        "brief set goal A brand",
        'brief add deliverable "Logo" due 2030-01-15',
        "brief send",
        'change request "Extra banner" price 300 EUR',
        "change send CR-1",
    ):
        assert (await studio.say("paula", line)).ok, line
    shown = await studio.text("paula", "nudges")
    assert "review reminder Brief v1" in shown
    assert "review reminder CR-1" in shown
