"""The risk register word for word: what `risk …` answers (a reopen of an open risk, an update,
one risk shown open and closed, with and without a note), what each step audits, how a wrong
line is refused with the register's usage, `risks all`; a project's thresholds set to their
limits and shown in `status`; and the risks Signoff raises by itself when the first thing it
looks at raises nothing (a milestone settled, a review not yet due, a risk raised before), with
their evidence word for word and the operator's log line."""

from __future__ import annotations

import logging
from dataclasses import replace

import pytest

from bot.model import Platform
from bot.nudges.raised import raise_risks
from bot.nudges.snapshot import ProjectSnapshot
from bot.risk_thresholds import ProjectRiskThresholds
from bot.risks import Risk, RiskState
from tests.core.conftest import Studio, make_studio
from tests.core.test_brief import drafted
from tests.core.test_nudges_compose import snapshot
from tests.core.test_nudges_scope import sent_brief, sent_change
from tests.core.test_platform_ids import project as slack_project
from tests.core.test_risk_signals import due, keys, utc

AT = "Fri 27 Nov, 10:00\u202fAM"
USAGE = 'Usage: risk add "TITLE" [likelihood low|medium|high]'


def audited(studio: Studio, action: str) -> list[dict[str, object]]:
    return [e.detail for e in studio.tables.audit if e.action == action]


# --- The register in chat ------------------------------------------------------------------


async def test_reopening_an_open_risk_says_it_is_open(studio: Studio) -> None:
    await studio.say("paula", 'risk add "Fonts licence"')
    assert await studio.text("paula", "risk reopen RK-1") == "RK-1 is open."


async def test_a_risk_shown_closed_says_who_closed_it_when_and_how_it_ended(
    studio: Studio,
) -> None:
    await studio.say("paula", 'risk add "Fonts licence" impact high mitigation buy it')
    assert (await studio.say("dan", "risk close RK-1 the licence is bought")).ok
    assert (await studio.text("paula", "risk RK-1")).splitlines() == [
        "RK-1 Fonts licence · likelihood medium, impact high (6) · closed",
        "Mitigation: buy it",
        f"Raised by Paula at {AT}",
        f"Closed by Dan at {AT}: the licence is bought",
    ]
    assert audited(studio, "risk.close") == [{"note": "the licence is bought"}]
    assert await studio.text("paula", "risk reopen RK-1") == (
        "RK-1 Fonts licence · likelihood medium, impact high (6)"
    )
    [stored] = studio.tables.risks
    assert (stored.closed_by, stored.closed_at, stored.close_note) == (None, None, "")
    assert (await studio.say("paula", "risk close RK-1")).ok  # without a word of how
    assert (await studio.text("paula", "risk RK-1")).splitlines()[-1] == f"Closed by Paula at {AT}"
    assert audited(studio, "risk.close")[-1] == {"note": ""}


async def test_sharing_audits_no_note(studio: Studio) -> None:
    await studio.say("paula", 'risk add "Fonts licence"')
    assert (await studio.say("paula", "risk share RK-1")).ok
    assert audited(studio, "risk.share") == [{"note": ""}]


async def test_an_added_risk_is_audited_with_its_title_and_score(studio: Studio) -> None:
    await studio.say("paula", 'risk add "Fonts licence" likelihood high impact medium')
    assert audited(studio, "risk.added") == [{"title": "Fonts licence", "score": 6}]


async def test_an_update_answers_the_new_line_and_audits_owner_and_mitigation(
    studio: Studio,
) -> None:
    await studio.say("paula", 'risk add "Fonts licence" owner @dan mitigation buy it')
    said = await studio.text("paula", "risk update RK-1 owner @paula mitigation ask legal")
    assert (
        said == "RK-1 Fonts licence · likelihood medium, impact medium (4) · owner Paula updated."
    )
    assert "Mitigation: ask legal" in (await studio.text("paula", "risk RK-1")).splitlines()
    terms = {"likelihood": "medium", "impact": "medium"}
    assert audited(studio, "risk.updated") == [
        {
            "before": {**terms, "owner": "Dan", "mitigation": "buy it"},
            "after": {**terms, "owner": "Paula", "mitigation": "ask legal"},
        }
    ]
    # An update that names no mitigation keeps the one there.
    assert (await studio.say("paula", "risk update RK-1 impact high")).ok
    assert "Mitigation: ask legal" in (await studio.text("paula", "risk RK-1")).splitlines()


async def test_an_update_of_a_risk_nobody_owns_audits_no_owner(studio: Studio) -> None:
    await studio.say("paula", 'risk add "Fonts licence"')
    assert (await studio.say("paula", "risk update RK-1 likelihood low")).ok
    [detail] = audited(studio, "risk.updated")
    assert detail["before"] == {
        "likelihood": "medium", "impact": "medium", "owner": None, "mitigation": ""
    }  # fmt: skip


async def test_an_update_that_lost_a_race_says_so(studio: Studio) -> None:
    await studio.say("paula", 'risk add "Fonts licence"')
    studio.tables.racing.add("risks")
    lost = await studio.text("paula", "risk update RK-1 impact high")
    assert lost == "RK-1 changed a moment ago; please look again."


@pytest.mark.parametrize("typed", ["risks all", "risks ALL"])
async def test_risks_all_lists_the_closed_ones_too(studio: Studio, typed: str) -> None:
    await studio.say("paula", 'risk add "Fonts licence"')
    await studio.say("paula", "risk close RK-1")
    assert await studio.text("paula", typed) == (
        "RK-1 Fonts licence · likelihood medium, impact medium (4) · closed"
    )


TOO_LONG = "y" * 4001


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ('risk add "Fonts" colour red', "I did not understand “colour red” at the end."),
        ("risk frob RK-1", "After “risk”, use one of: add|update|close|reopen|share|unshare."),
        ("risk share RK-1 now please", "I did not understand “now please” at the end."),
        ("risk reopen RK-1 at once", "I did not understand “at once” at the end."),
        (f'risk add "{"x" * 201}"', "A risk's title can be at most 200 characters."),
        (f'risk add "Fonts" mitigation {TOO_LONG}', "A note can be at most 4000 characters."),
        (f"risk update RK-1 mitigation {TOO_LONG}", "A note can be at most 4000 characters."),
        (f"risk close RK-1 {TOO_LONG}", "A note can be at most 4000 characters."),
    ],
    ids=["extra", "sub-verb", "share-extra", "reopen-extra", "title", "mitigation", "update",
         "close-note"],
)  # fmt: skip
async def test_a_wrong_risk_line_says_why_with_the_register_s_usage(
    studio: Studio, line: str, said: str
) -> None:
    await studio.say("paula", 'risk add "Fonts licence"')
    refused = await studio.say("paula", line)
    assert not refused.ok
    lines = refused.replies[0].message.text.splitlines()
    assert lines[0] == said
    assert lines[1].startswith(USAGE)
    [risk] = studio.tables.risks
    assert (risk.title, risk.mitigation, risk.state, risk.shared) == (
        "Fonts licence", "", RiskState.OPEN, False
    )  # fmt: skip


@pytest.mark.parametrize("line", ['risk add "Fonts" owner @alice', "risk update RK-1 owner alice"])
async def test_on_slack_an_owner_who_is_no_slack_user_is_refused_with_the_usage(line: str) -> None:
    chat = await slack_project(Platform.SLACK)
    assert (await chat.say('risk add "Fonts licence"'))[0]
    ok, said = await chat.say(line)
    assert not ok
    lines = said.splitlines()
    assert lines[0].endswith("is not a Slack user: @-mention them, so Slack says who they are.")
    assert lines[1].startswith(USAGE)


# --- A project's own thresholds -----------------------------------------------------------


async def test_the_largest_threshold_is_taken_and_status_joins_them_on_one_line(
    studio: Studio,
) -> None:
    assert (await studio.say("paula", "project risks overdue 60")).ok
    field = next(
        line for line in (await studio.text("paula", "status")).splitlines()
        if line.startswith("Risk thresholds")
    )  # fmt: skip
    assert field == (
        "Risk thresholds: a milestone is late by more than 60 working days (this project's) · "
        "0 revision rounds or fewer are left once the client spent one (the studio's) · "
        "nothing comes from the client for 3 working days while something waits on them "
        "(the studio's)"
    )


@pytest.mark.parametrize("typed", ["1轮", "1"])
async def test_a_chinese_pm_may_count_rounds_with_轮(typed: str) -> None:
    studio = await make_studio(locale="zh-CN")
    assert (await studio.say("paula", f"项目 风险 轮次 {typed}")).ok
    [project] = studio.tables.projects.values()
    assert studio.tables.risk_thresholds[project.id].rounds_left == 1


def test_a_threshold_of_no_known_name_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="no risk threshold 'quiet_days'"):
        ProjectRiskThresholds(project_id=1).with_setting("quiet_days", 4)


# --- What Signoff raises by itself --------------------------------------------------------

QUIET = {"silence_days": 60}  # the client's silence left out where another signal is read


def raised_already(snap: ProjectSnapshot, *found: Risk) -> ProjectSnapshot:
    return replace(snap, raised=(*snap.raised, *found))


def with_rounds(snap: ProjectSnapshot, **used: int) -> ProjectSnapshot:
    """The snapshot with the client's rounds spent per milestone ("M_2": 2 for M-2)."""
    spent = {ref.replace("_", "-"): n for ref, n in used.items()}
    milestones = tuple(replace(m, rounds_used=spent.get(m.ref, 0)) for m in snap.milestones)
    return replace(snap, milestones=milestones)


async def test_a_late_milestone_is_raised_behind_one_on_time_or_raised_before(
    studio: Studio,
) -> None:
    await studio.say("paula", 'milestone add "Concepts" due 2026-12-20')
    await studio.say("paula", 'milestone add "Logo" due 2026-11-30')
    await studio.say("paula", 'milestone add "Icons" due 2026-11-30')
    snap = await snapshot(studio)
    [logo, icons] = due(snap, utc(2026, 12, 7, 12))
    assert (logo.key, icons.key) == ("overdue:M-2", "overdue:M-3")
    assert keys(raised_already(snap, logo), utc(2026, 12, 7, 12)) == ["overdue:M-3"]


async def test_rounds_used_up_are_raised_behind_a_milestone_with_rounds_to_spare(
    studio: Studio,
) -> None:
    for name in ["Concepts", "Logo", "Icons"]:
        await studio.say("paula", f'milestone add "{name}" due 2026-12-20')
    snap = with_rounds(await snapshot(studio), M_2=1, M_3=2)  # M-1 none spent, M-2 one of two
    assert keys(snap, utc(2026, 11, 30, 12)) == ["rounds:M-3"]


async def change_then_brief() -> Studio:
    """CR-1 sent to Ava on Friday 27 November, brief v1 on Wednesday 2 December (10:00 UTC)."""
    studio = await make_studio()
    await sent_change(studio, "Extra icons", "800 EUR")
    studio.clock.current = utc(2026, 12, 2, 10)
    await drafted(studio)
    assert (await studio.say("paula", "brief send")).ok
    return studio


async def test_a_change_past_its_reminders_is_raised_while_a_later_brief_is_not_yet() -> None:
    studio = await change_then_brief()
    snap = await snapshot(studio)
    assert keys(snap, utc(2026, 12, 9, 9, 30), **QUIET) == ["review:CR-1"]
    # Three whole working days of silence on CR-1 by Thursday; the brief reached them Wednesday.
    assert keys(snap, utc(2026, 12, 3, 12)) == ["silence:CR-1"]


async def test_the_brief_raised_before_leaves_the_change_request_to_be_raised() -> None:
    studio = await sent_brief()
    await sent_change(studio, "Extra icons", "800 EUR")
    snap = await snapshot(studio)
    now = utc(2026, 12, 9, 9, 30)
    found = {r.key: r for r in due(snap, now)}
    assert list(found) == ["review:brief@v1", "review:CR-1", "silence:brief@v1", "silence:CR-1"]
    assert found["review:brief@v1"].evidence == (
        "Brief v1 has waited for the client's confirmation since Fri 27 Nov (2 weeks), past "
        "every reminder; still owed by Ava."
    )
    change = found["review:CR-1"]
    assert change.title == "CR-1 “Extra icons” waits on the client past every reminder"
    assert change.evidence == (
        "CR-1 “Extra icons” has waited for the client's decision since Fri 27 Nov (2 weeks), "
        "past every reminder; still owed by Ava."
    )
    brief_raised = raised_already(snap, found["review:brief@v1"], found["silence:brief@v1"])
    assert keys(brief_raised, now) == ["review:CR-1", "silence:CR-1"]


async def test_one_working_day_of_silence_is_said_in_the_singular(studio: Studio) -> None:
    for who, line in [("paula", 'milestone add "Concepts" due 2026-12-20'),
                      ("dan", "submit M-1 routes"), ("paula", "approve M-1")]:  # fmt: skip
        assert (await studio.say(who, line)).ok, line
    [silent] = due(await snapshot(studio), utc(2026, 12, 1, 12), silence_days=1)
    assert silent.evidence == (
        "Nothing from the client for 1 working day (since Fri 27 Nov) while M-1 v1 “Concepts” "
        "waits on them."
    )


async def test_late_issues_are_dated_by_the_project_s_own_new_year() -> None:
    """In Auckland it is already 1 January 2027 at noon UTC on 31 December: the deadlines
    that fell that morning there are this year's, said without the year."""
    studio = await make_studio(timezone="Pacific/Auckland")
    for title in ["checkout broken critical", "fonts missing high"]:
        assert (await studio.say("cleo", f"issue {title}")).ok
    snap = await snapshot(studio)
    deadlines = [utc(2026, 12, 31, 11), utc(2026, 12, 31, 11, 30)]  # 00:00, 00:30 on 1 Jan
    issues = tuple(
        replace(i, response_due_at=d) for i, d in zip(snap.issues, deadlines, strict=True)
    )
    [risk] = due(replace(snap, issues=issues), utc(2026, 12, 31, 12))
    assert risk.evidence == (
        "Not acknowledged by their response deadline: IS-1 “checkout broken” (critical, due "
        "Fri 1 Jan, 12:00\u202fAM); IS-2 “fonts missing” (high, due Fri 1 Jan, 12:30\u202fAM)."
    )


async def test_a_risk_taken_by_another_instance_does_not_stop_the_next_and_each_is_logged(
    studio: Studio, caplog: pytest.LogCaptureFixture
) -> None:
    await studio.say("paula", 'milestone add "Concepts" due 2026-11-30')
    await studio.say("paula", 'milestone add "Logo" due 2026-11-30')
    now = utc(2026, 12, 7, 12)
    snap = await snapshot(studio)
    found = due(snap, now)
    caplog.set_level(logging.INFO, logger="bot.nudges.raised")
    await raise_risks(studio.database, snap, found[:1], now)  # another instance's pass
    [logo] = await raise_risks(studio.database, snap, found, now)
    assert (logo.ref, logo.key) == ("RK-2", "overdue:M-2")
    assert [r.getMessage() for r in caplog.records if r.name == "bot.nudges.raised"] == [
        "raised RK-1 (overdue:M-1) in project acme",
        "raised RK-2 (overdue:M-2) in project acme",
    ]
