"""A project's own thresholds for the risks Signoff raises by itself: a PM sets one (or all back
to the studio's), the studio sees them with `project risks` and in `status`, the planning pass
uses them in place of the studio's, every change is audited, and a client or a bad number gets a
short answer and changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.nudges.calendar import NudgeCalendar
from bot.nudges.due import calendar_for
from bot.nudges.model import NudgeConfig
from bot.nudges.risk_signals import risks_due
from bot.risk_thresholds import ProjectRiskThresholds
from tests.core.conftest import Studio, make_studio
from tests.core.test_nudges_compose import snapshot

SHOWN_DEFAULT = [
    "Risk thresholds (acme): Signoff raises a risk when",
    "a milestone is late by more than 3 working days (the studio's)",
    "0 revision rounds or fewer are left once the client spent one (the studio's)",
    "nothing comes from the client for 3 working days while something waits on them (the studio's)",
]


def own(studio: Studio) -> ProjectRiskThresholds | None:
    [project] = studio.tables.projects.values()
    return studio.tables.risk_thresholds.get(project.id)


async def test_a_pm_sets_the_project_s_own_thresholds_and_the_studio_sees_them(
    studio: Studio,
) -> None:
    assert (await studio.text("dan", "project risks")).splitlines() == SHOWN_DEFAULT
    said = await studio.say("paula", "project risks overdue 5")
    assert said.ok
    assert said.replies[0].message.text.splitlines()[:2] == [
        "New risk thresholds, from the next check on (acme): Signoff raises a risk when",
        "a milestone is late by more than 5 working days (this project's)",
    ]
    assert (await studio.say("paula", "project risks silence 1")).ok
    assert (await studio.say("paula", "project risks rounds 1")).ok
    assert (await studio.text("dan", "project risks")).splitlines()[1:] == [
        "a milestone is late by more than 5 working days (this project's)",
        "1 revision rounds or fewer are left once the client spent one (this project's)",
        "nothing comes from the client for 1 working day while something waits on them "
        "(this project's)",
    ]
    status = await studio.text("paula", "status")
    assert "Risk thresholds: a milestone is late by more than 5 working days (this " in status
    assert "Risk thresholds" not in await studio.text("cleo", "status")  # the studio's business

    assert (await studio.say("paula", "project risks overdue default")).ok
    assert own(studio) == ProjectRiskThresholds(
        project_id=own(studio).project_id, rounds_left=1, silence_days=1
    )
    assert (await studio.say("paula", "project risks default")).ok
    assert (await studio.text("dan", "project risks")).splitlines() == SHOWN_DEFAULT
    assert "Risk thresholds" not in await studio.text("paula", "status")  # nothing of its own

    changes = [e for e in studio.tables.audit if e.action == "project.risk_thresholds_changed"]
    assert [(e.detail["before"]["overdue_days"], e.detail["after"]["overdue_days"])
            for e in changes] == [(None, 5), (5, 5), (5, 5), (5, None), (None, None)]  # fmt: skip
    assert changes[-1].detail["before"] == {
        "overdue_days": None, "rounds_left": 1, "silence_days": 1
    }  # fmt: skip


async def test_setting_what_is_already_set_changes_and_audits_nothing(studio: Studio) -> None:
    await studio.say("paula", "project risks silence 4")
    again = await studio.text("paula", "project risks silence 4")
    assert again.startswith("Nothing changed; the risk thresholds are already these (acme)")
    changes = [e for e in studio.tables.audit if e.action == "project.risk_thresholds_changed"]
    assert len(changes) == 1


async def test_the_planning_pass_uses_the_project_s_threshold_in_place_of_the_studio_s(
    studio: Studio,
) -> None:
    await studio.say("paula", 'milestone add "Concepts" due 2026-11-30')
    now = datetime(2026, 12, 2, 12, tzinfo=UTC)  # Wednesday: two working days late
    studio_wide = NudgeConfig()  # more than 3 working days late
    cal = calendar_for((await snapshot(studio)).project, (await snapshot(studio)).settings,
                       NudgeCalendar(timezone="UTC"))  # fmt: skip
    assert risks_due(await snapshot(studio), studio_wide, cal, now) == []
    await studio.say("paula", "project risks overdue 1")
    [late] = risks_due(await snapshot(studio), studio_wide, cal, now)
    assert late.key == "overdue:M-1"
    assert late.evidence.endswith("is 2 working days late (planned).")
    # Another project of the studio keeps the studio's threshold.
    other = await make_studio()
    await other.say("paula", 'milestone add "Concepts" due 2026-11-30')
    assert risks_due(await snapshot(other), studio_wide, cal, now) == []


@pytest.mark.parametrize(
    ("who", "line", "said"),
    [
        ("cleo", "project risks", "Only the studio (PM or designer) sees the project's risk "
         "thresholds."),
        ("cleo", "project risks overdue 5", "Only the studio (PM or designer) sees the "
         "project's risk thresholds."),
        ("dan", "project risks overdue 5", "Only the project's PM can change its risk "
         "thresholds."),
        ("paula", "project risks overdue five", "After “project risks overdue”, give a whole "
         "number from 0 to 60, like “project risks overdue 5”, or “default” for the studio's."),
        ("paula", "project risks silence 0", "After “project risks silence”, give a whole "
         "number from 1 to 60, like “project risks silence 4”, or “default” for the studio's."),
        ("paula", "project risks rounds 21", "After “project risks rounds”, give a whole "
         "number from 0 to 20, like “project risks rounds 1”, or “default” for the studio's."),
        ("paula", "project risks overdue -1", "After “project risks overdue”, give a whole "
         "number from 0 to 60, like “project risks overdue 5”, or “default” for the studio's."),
        ("paula", "project risks silence", "After “project risks silence”, give a whole "
         "number from 1 to 60, like “project risks silence 4”, or “default” for the studio's."),
        ("paula", "project risks quiet 4", "After “project risks”, use one of: "
         "overdue|rounds|silence N|default | default."),
    ],
)  # fmt: skip
async def test_a_client_or_a_bad_number_gets_a_clear_answer_and_nothing_changes(
    studio: Studio, who: str, line: str, said: str
) -> None:
    result = await studio.say(who, line)
    assert not result.ok
    assert said in result.replies[0].message.text
    assert own(studio) is None
    assert not [e for e in studio.tables.audit if e.action == "project.risk_thresholds_changed"]


async def test_a_chinese_pm_sets_them_in_chinese() -> None:
    studio = await make_studio(locale="zh-CN")
    assert (await studio.say("paula", "项目 风险 沉默 4天")).ok
    assert (await studio.say("paula", "项目 风险 逾期 5")).ok
    shown = await studio.text("paula", "项目 风险")
    assert shown.splitlines() == [
        "风险阈值（acme）：出现以下情况时，Signoff 会自动登记风险",
        "里程碑逾期超过 5 个工作日（本项目设置）",
        "客户已用过修改轮次，且剩余不超过 0 轮（工作室默认）",
        "有内容待客户处理，而客户 4 个工作日没有任何回应（本项目设置）",
    ]
    assert (await studio.say("paula", "项目 风险 默认")).ok
    assert own(studio) == ProjectRiskThresholds(project_id=own(studio).project_id)
