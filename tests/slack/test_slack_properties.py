"""Any line typed after /signoff, by anyone in the channel, gets a 200 and exactly its answer.

Generated lines (tests/chat_lines.py) go to /slack/events as signed slash commands from a PM,
a designer, a client, an approver and a stranger. Each gets HTTP 200, then exactly the replies
its command gives at the fake Slack (one, or a decision's card and announcement), and nothing
is logged at ERROR.
"""

from __future__ import annotations

import logging

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from slack_harness import APPROVER, CLIENT, PM, TEAM, Harness

from adapters.metrics import Metrics
from bot import service
from bot.commands import AddMember, LogFeedback, RaiseIssue, ShowStatus, SubmitMilestone
from bot.model import Identity, Platform, Role
from tests.chat_lines import lines

DESIGNER, STRANGER = "W444", "W999"
WHO = [PM, DESIGNER, CLIENT, APPROVER, STRANGER]
# What Slack shows the user: an answer through response_url, a post, an ephemeral message, a
# card updated in place, or a form opened.
SHOWN = ("chat.postMessage", "chat.postEphemeral", "chat.update", "views.open")


def commands_counted(metrics: Metrics) -> dict[tuple[str, str, str], float]:
    """signoff_commands_total by (platform, verb, outcome), as /metrics shows it."""
    [family] = metrics.commands.collect()
    return {
        (s.labels["platform"], s.labels["verb"], s.labels["outcome"]): s.value
        for s in family.samples
        if s.name.endswith("_total")
    }


def shown(slack: Harness) -> int:
    return len(slack.fake.hooks) + sum(len(slack.fake.called(m)) for m in SHOWN)


@pytest.fixture
async def project(slack: Harness) -> Harness:
    """acme bound to C111 with a PM, a designer, a client and an approver; M-1 in review,
    FB-1 and IS-1 logged."""
    await slack.seed()
    designer = Identity(platform=Platform.SLACK, tenant=TEAM, user_id=DESIGNER)
    await slack.core(AddMember(role=Role.DESIGNER, identity=designer, display_name="Dan"))
    await slack.core(SubmitMilestone(number=1, note="first routes"))
    await slack.core(LogFeedback(text="the blue feels cold", milestone=1))
    await slack.core(RaiseIssue(title="the logo file will not open"))
    return slack


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(line=lines(), user=st.sampled_from(WHO))
async def test_every_slash_command_gets_a_200_and_exactly_its_answer(
    project: Harness, caplog: pytest.LogCaptureFixture, line: str, user: str
) -> None:
    slack, metrics = project, project.runtime.metrics
    caplog.set_level(logging.ERROR)
    caplog.clear()
    counted, seen = commands_counted(metrics), shown(slack)

    response = await slack.slash(line, user=user)

    assert response.status == 200, (line, response.status, await response.text())

    def finished() -> dict[tuple[str, str, str], float] | None:
        now = commands_counted(metrics)
        done = sum(now.values()) > sum(counted.values()) and slack.runtime.admission.active == 0
        return now if done else None

    now = await slack.fake.wait_for(finished)
    [(platform, verb, outcome)] = [k for k, value in now.items() if value > counted.get(k, 0)]
    assert platform == "slack"
    event(f"{verb} {outcome}")
    expected = 2 if (verb, outcome) == ("DecideMilestone", "ok") else 1
    assert shown(slack) - seen == expected, (line, verb, outcome)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == [], line


async def test_unparsed_commands_are_answered_and_counted_in_metrics(project: Harness) -> None:
    slack = project
    for line in ("help foo", "milestone"):
        await slack.slash(line, user=CLIENT)
    told = sorted(hook.args["text"] for hook in await slack.fake.wait_hook(2))

    assert told[0].startswith("After “milestone”, use one of:")
    assert told[1].startswith("I have no help on “foo”.") and "• nudges [show]" in told[1]
    scraped = await (await slack.client.get("/metrics")).text()
    counted = 'signoff_commands_total{outcome="unparsed",platform="slack",verb="Unparsed"} 2.0'
    assert counted in scraped


async def test_a_bug_behind_a_slash_command_is_answered_and_counted_as_failed(
    project: Harness, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(command: ShowStatus, ctx: object) -> list:
        raise ZeroDivisionError

    monkeypatch.setitem(service.HANDLERS, ShowStatus, broken)
    slack = project

    response = await slack.slash("status", user=CLIENT)

    assert response.status == 200
    [hook] = await slack.fake.wait_hook()
    assert hook.args["text"].startswith("Sorry, something went wrong on my side")
    scraped = await (await slack.client.get("/metrics")).text()
    assert 'outcome="failed",platform="slack",verb="ShowStatus"} 1.0' in scraped
    assert "ShowStatus failed" in caplog.text  # a bug is still seen by whoever runs Signoff
