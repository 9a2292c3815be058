"""The risk register: the studio adds, updates, shares and closes RK-n, worst first; a client
sees only what is shared with them and cannot tell an unshared risk from none."""

from __future__ import annotations

import pytest

from bot.risks import Level, RiskState
from tests.core.conftest import Studio, make_studio


def risks(studio: Studio):
    return sorted(studio.tables.risks, key=lambda r: r.number)


async def test_the_register_lists_the_worst_first_and_keeps_the_client_out(
    studio: Studio,
) -> None:
    assert (await studio.say("paula", 'risk add "Fonts licence" impact high')).ok
    added = await studio.text(
        "dan",
        'risk add "Client feedback arrives late" likelihood high impact high owner @paula '
        "mitigation a weekly call",
    )
    assert added == (
        "RK-2 Client feedback arrives late · likelihood high, impact high (9) · owner Paula added."
    )
    assert (await studio.text("paula", "risks")).splitlines() == [
        "RK-2 Client feedback arrives late · likelihood high, impact high (9) · owner Paula",
        "RK-1 Fonts licence · likelihood medium, impact high (6)",
    ]
    none_shared = await studio.text("cleo", "risks")
    assert "RK-" not in none_shared
    assert await studio.text("cleo", "risk RK-2") == "There is no risk RK-2 in this project."
    assert await studio.text("cleo", "risk RK-9") == "There is no risk RK-9 in this project."

    assert (await studio.say("paula", "risk share RK-2")).ok
    assert (await studio.text("cleo", "risks")).splitlines() == [
        "RK-2 Client feedback arrives late · likelihood high, impact high (9) · owner Paula · "
        "shared with the client"
    ]
    shown = await studio.text("cleo", "risk RK-2")
    assert "Mitigation: a weekly call" in shown and "Raised by Dan at " in shown


async def test_a_risk_is_updated_closed_and_reopened_with_every_step_audited(
    studio: Studio,
) -> None:
    await studio.say("paula", 'risk add "Fonts licence" impact high')
    assert (await studio.say("dan", "risk update RK-1 likelihood low owner @dan")).ok
    [risk] = risks(studio)
    assert (risk.likelihood, risk.impact, risk.owner and risk.owner.display_name) == (
        Level.LOW,
        Level.HIGH,
        "Dan",
    )
    assert (await studio.say("paula", "risk close RK-1 the licence is bought")).ok
    assert "RK-1" not in await studio.text("paula", "risks")
    assert "Closed by Paula at " in await studio.text("paula", "risk RK-1")
    again = await studio.say("paula", "risk close RK-1")
    assert again.replies[0].message.text == "RK-1 is already closed."
    assert (await studio.say("paula", "risk reopen RK-1")).ok
    assert risks(studio)[0].state is RiskState.OPEN
    actions = [e.action for e in studio.tables.audit if e.action.startswith("risk.")]
    assert actions == ["risk.added", "risk.updated", "risk.close", "risk.reopen"]
    updated = next(e.detail for e in studio.tables.audit if e.action == "risk.updated")
    assert updated["before"]["likelihood"] == "medium" and updated["after"]["likelihood"] == "low"


@pytest.mark.parametrize(
    ("who", "line", "said"),
    [
        ("cleo", 'risk add "The client is slow"', "Only the studio (PM or designer) keeps the "
         "risk register."),
        ("paula", 'risk add "Late" owner @cleo', "cleo is not on the studio side of acme; a PM "
         "can add them with “member add”."),
        ("paula", 'risk add "Late" likelihood huge', "After “likelihood”, say low, medium or "
         "high."),
        ("paula", "risk update RK-1", "Say what changes: likelihood, impact, owner or "
         "mitigation."),
    ],
)  # fmt: skip
async def test_a_wrong_line_says_why_and_stores_nothing(
    studio: Studio, who: str, line: str, said: str
) -> None:
    refused = await studio.say(who, line)
    assert not refused.ok
    assert refused.replies[0].message.text.splitlines()[0] == said
    assert risks(studio) == []


async def test_a_change_that_lost_a_race_says_so(studio: Studio) -> None:
    await studio.say("paula", 'risk add "Fonts licence"')
    studio.tables.racing.add("risks")
    lost = await studio.say("paula", "risk close RK-1")
    assert lost.replies[0].message.text == "RK-1 changed a moment ago; please look again."
    assert risks(studio)[0].state is RiskState.OPEN


async def test_a_chinese_studio_keeps_its_register_in_chinese() -> None:
    studio = await make_studio(locale="zh-CN")
    said = await studio.text("paula", "风险 添加 「字体授权」 可能性 高 影响 低 应对 尽快购买")
    assert said == "已添加：RK-1 字体授权｜可能性高，影响低（3）。"
    assert (await studio.say("paula", "风险 共享 RK-1")).ok
    assert "已与客户共享" in await studio.text("cleo", "风险列表")
