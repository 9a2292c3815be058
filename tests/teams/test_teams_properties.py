"""Any line typed to @Signoff in a Teams channel, by anyone, gets a 200 and exactly its answer.

Generated lines (tests/chat_lines.py) go to /api/messages as channel messages that mention the
bot, from a PM, a designer, a client, an approver and a stranger. Each gets HTTP 200/201, then
exactly the replies its command gives at the fake Bot Connector (one, or a decision's card
and announcement), and nothing is logged at ERROR.
"""

from __future__ import annotations

import logging

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from adapters.metrics import Metrics
from bot.commands import AddMilestone, LogFeedback, RaiseIssue, SubmitMilestone
from tests.chat_lines import lines
from tests.teams.conftest import Teams

# The four members of tests/teams/conftest.py, and "" for the captured sender, who holds no role.
WHO = ["paula", "dan", "cleo", "ava", ""]


def commands_counted(metrics: Metrics) -> dict[tuple[str, str, str], float]:
    """signoff_commands_total by (platform, verb, outcome), as /metrics shows it."""
    [family] = metrics.commands.collect()
    return {
        (s.labels["platform"], s.labels["verb"], s.labels["outcome"]): s.value
        for s in family.samples
        if s.name.endswith("_total")
    }


@pytest.fixture
async def project(teams: Teams) -> Teams:
    """acme bound to the channel with its four members; M-1 in review, FB-1 and IS-1."""
    await teams.project()
    await teams.run(AddMilestone(name="Concepts", due="2030-01-15", criteria=("routes",)), "acme")
    await teams.run(SubmitMilestone(number=1, note="first routes"), "acme")
    await teams.run(LogFeedback(text="the blue feels cold", milestone=1), "acme")
    await teams.run(RaiseIssue(title="the logo file will not open"), "acme")
    return teams


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(line=lines(), who=st.sampled_from(WHO))
async def test_every_message_to_the_bot_gets_a_200_and_exactly_its_answer(
    project: Teams, caplog: pytest.LogCaptureFixture, line: str, who: str
) -> None:
    teams, metrics = project, project.runtime.metrics
    caplog.set_level(logging.ERROR)
    caplog.clear()
    counted, seen = commands_counted(metrics), len(teams.connector.calls)

    response = await teams.post(teams.channel_message(line, who=who))

    assert response.status in (200, 201), (line, response.status, await response.text())

    def finished() -> dict[tuple[str, str, str], float] | None:
        now = commands_counted(metrics)
        done = sum(now.values()) > sum(counted.values()) and teams.platform.work.pending == 0
        return now if done and teams.runtime.admission.active == 0 else None

    now = await teams.connector.wait_for(finished)
    [(platform, verb, outcome)] = [k for k, value in now.items() if value > counted.get(k, 0)]
    assert platform == "teams"
    event(f"{verb} {outcome}")
    expected = 2 if (verb, outcome) == ("DecideMilestone", "ok") else 1
    sent = teams.connector.calls[seen:]
    assert len(sent) == expected, (line, verb, outcome, [c.text for c in sent])
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == [], line


async def test_unparsed_messages_are_answered_and_counted_in_metrics(project: Teams) -> None:
    teams = project
    for line in ("help foo", "milestone"):
        await teams.say(line, who="cleo")
    await teams.connector.wait_for(lambda: len(teams.connector.posts()) >= 2)
    told = sorted(c.text for c in teams.connector.posts())

    assert told[0].startswith("After “milestone”, use one of:")
    assert told[1].startswith("I have no help on “foo”.") and "• nudges [show]" in told[1]
    scraped = await (await teams.client.get("/metrics")).text()
    counted = 'signoff_commands_total{outcome="unparsed",platform="teams",verb="Unparsed"} 2.0'
    assert counted in scraped
