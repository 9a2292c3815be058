"""What the studio reads of the surveys: the risk a bad answer opens (its record and audit
whole), and `csat` over time, with each trend and each person's line as shown."""

from __future__ import annotations

from bot.risks import Level
from tests.core.conftest import Studio
from tests.core.test_surveys import audit, signed_off


async def test_the_lowest_score_without_a_comment_opens_its_own_risk_beside_the_studios(
    studio: Studio,
) -> None:
    assert (await studio.say("paula", 'risk add "Fonts arrive late"')).ok
    await signed_off(studio)
    assert (await studio.say("ava", "csat M-1 1")).ok
    [occasion] = studio.tables.survey_occasions
    [answer] = occasion.answers
    key = f"csat:{occasion.id}:{answer.person.id}"
    [_, risk] = studio.tables.risks
    said = "Ava scored M-1 Homepage 1 of 5."
    assert (risk.ref, risk.title, risk.likelihood, risk.impact, risk.key, risk.evidence,
            risk.raised_by, risk.raised_at) == (
        "RK-2", "Low client satisfaction: Ava on M-1 Homepage", Level.HIGH, Level.HIGH, key,
        said, None, studio.clock.now(),
    )  # fmt: skip
    [raised] = [e for e in audit(studio, "risk.raised")]
    assert (raised.subject, raised.detail) == (
        "RK-2",
        {"key": key, "title": "Low client satisfaction: Ava on M-1 Homepage", "evidence": said,
         "likelihood": "high", "impact": "high", "score": 9},
    )  # fmt: skip
    assert (await studio.text("paula", "risk RK-2")).splitlines() == [
        "RK-2 Low client satisfaction: Ava on M-1 Homepage · likelihood high, impact high (9)",
        f"Evidence: {said}",
        "Raised by Signoff at Fri 27 Nov, 10:00\u202fAM",
    ]


async def test_csat_shows_each_trend_the_close_and_a_clients_own_comment_only(
    studio: Studio,
) -> None:
    for name, who, line in [
        ("Logo", "ava", "4 clear"),
        ("Homepage", "ava", "5"),
        ("Menus", "ava", "5 lovely"),
        ("Icons", "ava", "3 slow"),
    ]:
        await signed_off(studio, name)
        number = len(studio.tables.milestones)
        assert (await studio.say(who, f"csat M-{number} {line}")).ok
    assert (await studio.say("paula", "project close")).ok
    assert (await studio.say("cleo", "csat project 3 fine")).ok
    when = "Fri 27 Nov, 10:00\u202fAM"
    assert (await studio.text("cleo", "csat")).splitlines() == [
        "Client satisfaction in acme (1 to 5):",
        f"M-1 Logo · {when} · average 4",
        "  Ava 4",
        f"M-2 Homepage · {when} · average 5 · up",
        "  Ava 5",
        f"M-3 Menus · {when} · average 5 · steady",
        "  Ava 5",
        f"M-4 Icons · {when} · average 3 · down",
        "  Ava 3",
        f"the project's close · {when} · average 3 · steady",
        "  Cleo 3 · fine",
        "Overall: 4 from 5 answers.",
    ]
    studio_sees = (await studio.text("paula", "csat")).splitlines()
    assert [line for line in studio_sees if line.startswith("  ")] == [
        "  Ava 4 · clear",
        "  Ava 5",
        "  Ava 5 · lovely",
        "  Ava 3 · slow",
        "  Cleo 3 · fine",
    ]
