"""Any line typed to @Signoff in a Teams channel, by anyone, gets a 200 and exactly its answer.

Generated lines (tests/chat_lines.py) go to /api/messages as channel messages that mention the
bot, from a PM, a designer, a client, an approver and a stranger. Each gets HTTP 200/201, then
one activity at the fake Bot Connector for each reply the core gave (one answer, and a
decision's card), and nothing is logged at ERROR.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from aiohttp.test_utils import TestClient, TestServer
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from adapters.composition import build_runtime
from adapters.platforms import build_teams
from adapters.server import make_app
from bot.commands import AddMilestone, LogFeedback, RaiseIssue, SubmitMilestone
from tests.answers import Answers, assert_one_answer, watched
from tests.chat_lines import lines
from tests.teams.conftest import Teams, teams_settings
from tests.teams.fake_connector import FakeConnector

# The four members of tests/teams/conftest.py, and "" for the captured sender, who holds no role.
WHO = ["paula", "dan", "cleo", "ava", ""]


@dataclass(repr=False)  # hypothesis shows the arguments of a failing example
class Project:
    teams: Teams
    answers: Answers


@pytest.fixture
async def project(
    database_url: str, engine: object, connector: FakeConnector
) -> AsyncIterator[Project]:
    """acme bound to the channel with its four members; M-1 in review, FB-1 and IS-1."""
    async with await build_runtime(teams_settings(database_url)) as runtime:
        runtime, answers = watched(runtime)
        platform = build_teams(runtime)
        app = make_app(runtime, [lambda app, _runtime: platform.install(app)])
        async with TestClient(TestServer(app)) as client:
            teams = Teams(
                client=client, connector=connector, runtime=runtime, platform=platform, delays=[]
            )
            await teams.project()
            milestone = AddMilestone(name="Concepts", due="2030-01-15", criteria=("routes",))
            await teams.run(milestone, "acme")
            await teams.run(SubmitMilestone(number=1, note="first routes"), "acme")
            await teams.run(LogFeedback(text="the blue feels cold", milestone=1), "acme")
            await teams.run(RaiseIssue(title="the logo file will not open"), "acme")
            yield Project(teams=teams, answers=answers)
            await platform.aclose()


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(line=lines(), who=st.sampled_from(WHO))
# The successes that say more than their answer (tests.answers.FOLLOW_UPS), in every run: the
# studio's approval, the client's (final, so the client is asked for a rating), the close-out.
@example(line="approve M-1", who="paula")
@example(line="approve M-1", who="ava")
@example(line="project close", who="paula")
async def test_every_message_to_the_bot_gets_a_200_and_exactly_its_answer(
    project: Project, caplog: pytest.LogCaptureFixture, line: str, who: str
) -> None:
    teams, results = project.teams, project.answers.results
    caplog.set_level(logging.ERROR)
    caplog.clear()
    answered, seen = len(results), len(teams.connector.calls)

    response = await teams.post(teams.channel_message(line, who=who))

    assert response.status in (200, 201), (line, response.status, await response.text())
    # Delivered once the core has answered and no work is left behind the HTTP answer.
    await teams.connector.wait_for(
        lambda: (
            len(results) > answered
            and teams.platform.work.pending == 0
            and teams.platform.replies.holding == 0
        )
    )
    [result] = results[answered:]
    event("ok" if result.ok else "refused")
    assert_one_answer(result, line)
    sent = teams.connector.calls[seen:]
    assert len(sent) == len(result.replies), (line, [c.text for c in sent])
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == [], line


async def test_unparsed_messages_are_answered_and_counted_in_metrics(project: Project) -> None:
    teams = project.teams
    for line in ("help foo", "member"):
        await teams.say(line, who="cleo")
    await teams.connector.wait_for(lambda: len(teams.connector.posts()) >= 2)
    told = sorted(c.text for c in teams.connector.posts())

    assert told[0].startswith("After “member”, use one of:")
    assert told[1].startswith("I have no help on “foo”.") and "• nudges [show]" in told[1]
    scraped = await (await teams.client.get("/metrics")).text()
    counted = 'signoff_commands_total{outcome="unparsed",platform="teams",verb="Unparsed"} 2.0'
    assert counted in scraped
