"""A project lived from its first submit to its close, with the scheduler running, on real
storage: a low score opens a risk and the PM hears of it, an overdue milestone raises another
once, the studio's weekly digest lists both and the client's digest neither; closing posts the
summary with its chart, and `signoff report` writes the PDF with the on-time rate in it."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from scheduler_helpers import FakeSlack, make_engine, make_studio, travel
from test_scheduler_time_travel import at, local

from adapters.cli import main
from bot.messages import Audience
from bot.service import handle_text
from tests.fakes import FakeClock

BERLIN = "Europe/Berlin"
TOLD = "New risk in acme, "
STUDIO_DIGEST = "Acme rebrand: the studio's weekly risks"
LOW_SCORE = "Low client satisfaction: Ava on M-2"
LATE = "M-3 “Website” is running late"


async def test_a_project_from_submit_to_close(
    uow_factory, database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    # Monday 30 November 2026, 10:00 in Berlin, after that morning's digests.
    clock = FakeClock(at(BERLIN, 2026, 11, 30, 10))
    studio = await make_studio(uow_factory, clock, timezone=BERLIN)
    slack = FakeSlack(clock=clock)
    engine = make_engine(uow_factory, clock, slack)
    for who, line in [
        ("paula", 'milestone add "Concepts" due 2026-12-01'),
        ("paula", 'milestone add "Logo" due 2026-12-03'),
        ("paula", 'milestone add "Website" due 2026-12-02'),
        ("dan", "submit M-1 three routes"),
        ("paula", "approve M-1"),
        ("ava", "approve M-1"),  # on time, and the client is asked how it went
        ("ava", "csat M-1 4"),
    ]:
        await studio.say(who, line)

    await travel(engine, clock, at(BERLIN, 2026, 12, 3, 10), step=timedelta(hours=1))
    for who, line in [
        ("dan", "submit M-2 the logo, final"),
        ("paula", "approve M-2"),
        ("ava", "approve M-2"),  # on its due date: on time
    ]:
        await studio.say(who, line)
    answered = await studio.say("ava", "csat M-2 2 the colours are still off")
    assert "RK-" not in answered  # the client is not told the studio's risk

    # Two weeks on: M-3, due Wednesday 2nd, never came.
    await travel(engine, clock, at(BERLIN, 2026, 12, 14, 12), step=timedelta(hours=1))
    async with uow_factory() as uow:
        register = await uow.risks.list(await studio.project_id())
    assert [(r.ref, r.title.startswith(LOW_SCORE)) for r in register][:1] == [("RK-1", True)]
    assert [r.ref for r in register if r.key == "overdue:M-3"] == ["RK-2"]  # raised once
    assert len(register) == 2

    told = [t for t in slack.texts("paula") if t.startswith(TOLD)]
    assert [t[: len(TOLD) + 4] for t in told] == [TOLD + "RK-1", TOLD + "RK-2"]  # once each
    assert LOW_SCORE in told[0] and "“the colours are still off”" in told[0]
    assert LATE in told[1]

    digests = [t for t in slack.texts("paula") if t.startswith(STUDIO_DIGEST)]
    assert local(slack.when(STUDIO_DIGEST), BERLIN) == ["Mon 07 09:00", "Mon 14 09:00"]
    worst_first = [line[:4] for line in digests[-1].splitlines() if line.startswith("RK-")]
    assert worst_first[:2] == ["RK-1", "RK-2"]
    channel = slack.texts("C-acme")
    assert [t for t in channel if "weekly progress" in t]  # the client's digests went out …
    assert not any("RK-" in t or LOW_SCORE in t or LATE in t for t in channel)  # … without them

    # M-3 comes in late, and the project closes.
    for who, line in [
        ("dan", "submit M-3"),
        ("paula", "approve M-3"),
        ("ava", "approve M-3"),
        ("paula", "lesson ask for the website's content at kick-off"),
    ]:
        await studio.say(who, line)
    closed = await handle_text("project close", studio.said_by("paula"), studio.services)
    assert closed.ok
    [summary] = [
        r.message for r in closed.replies if r.audience is Audience.CHANNEL and r.message.chart
    ]
    assert "On time: 67% (2 of 3 milestones)" in summary.text
    assert "Client satisfaction: 3.0 of 5 (2 answers)" in summary.text
    rows = [(r.label, r.actual is not None and r.actual > r.planned) for r in summary.chart.rows]
    assert rows == [("M-1 Concepts", False), ("M-2 Logo", False), ("M-3 Website", True)]

    # The studio's report, as the admin CLI writes it.
    monkeypatch.chdir(tmp_path)  # no app.yaml: the built-in settings
    monkeypatch.delenv("SIGNOFF_CONFIG", raising=False)
    monkeypatch.setenv("DATABASE_URL", database_url)
    pdf = tmp_path / "acme.pdf"
    argv = ["report", "acme", "--format", "pdf", "--output", str(pdf)]
    assert await asyncio.to_thread(main, argv) == 0
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "67%" in text
    assert "ask for the website's content at kick-off" in text
