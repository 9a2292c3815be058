"""Any line typed after /signoff, by anyone in the channel, gets a 200 and exactly its answer.

Generated lines (tests/chat_lines.py) go to /slack/events as signed slash commands from a PM,
a designer, a client, an approver and a stranger. Each gets HTTP 200, then one message at the
fake Slack for each reply the core gave (one answer, and a decision's card), and nothing is
logged at ERROR.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from fake_slack import FakeSlack
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from slack_harness import APPROVER, CLIENT, PM, TEAM, Harness, serving, slack_settings

from adapters.composition import build_runtime
from bot import service
from bot.commands import AddMember, LogFeedback, RaiseIssue, ShowStatus, SubmitMilestone
from bot.model import Identity, Platform, Role
from tests.answers import Answers, assert_one_answer, watched
from tests.chat_lines import lines

DESIGNER, STRANGER = "W444", "W999"
WHO = [PM, DESIGNER, CLIENT, APPROVER, STRANGER]
# What Slack shows people: an answer through response_url, a post, an ephemeral message, a
# card updated in place, or a form opened.
SHOWN = ("chat.postMessage", "chat.postEphemeral", "chat.update", "views.open")


@dataclass(repr=False)  # hypothesis shows the arguments of a failing example
class Project:
    slack: Harness
    answers: Answers

    def shown(self) -> int:
        fake = self.slack.fake
        return len(fake.hooks) + sum(len(fake.called(method)) for method in SHOWN)


@pytest.fixture
async def project(migrated_url: str, fake: FakeSlack) -> AsyncIterator[Project]:
    """acme bound to C111 with a PM, a designer, a client and an approver; M-1 in review,
    FB-1 and IS-1 logged."""
    async with await build_runtime(slack_settings(migrated_url, fake)) as runtime:
        runtime, answers = watched(runtime)
        async with serving(runtime, fake) as slack:
            await slack.seed()
            designer = Identity(platform=Platform.SLACK, tenant=TEAM, user_id=DESIGNER)
            await slack.core(AddMember(role=Role.DESIGNER, identity=designer, display_name="Dan"))
            await slack.core(SubmitMilestone(number=1, note="first routes"))
            await slack.core(LogFeedback(text="the blue feels cold", milestone=1))
            await slack.core(RaiseIssue(title="the logo file will not open"))
            yield Project(slack=slack, answers=answers)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(line=lines(), user=st.sampled_from(WHO))
# The successes that say more than their answer (tests.answers.FOLLOW_UPS), in every run: the
# studio's approval, the client's (final, so the client is asked for a rating), the close-out.
@example(line="approve M-1", user=PM)
@example(line="approve M-1", user=APPROVER)
@example(line="project close", user=PM)
async def test_every_slash_command_gets_a_200_and_exactly_its_answer(
    project: Project, caplog: pytest.LogCaptureFixture, line: str, user: str
) -> None:
    slack, results = project.slack, project.answers.results
    caplog.set_level(logging.ERROR)
    caplog.clear()
    answered, seen = len(results), project.shown()

    response = await slack.slash(line, user=user)

    assert response.status == 200, (line, response.status, await response.text())
    # Delivered once the core has answered and the runner has given its place back.
    await slack.fake.wait_for(
        lambda: (
            len(results) > answered
            and slack.runtime.admission.active == 0
            and slack.runtime.replies.holding == 0
            and slack.adapter.runner.pending == 0
        )
    )
    [result] = results[answered:]
    event("ok" if result.ok else "refused")
    assert_one_answer(result, line)
    assert project.shown() - seen == len(result.replies), line
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == [], line


async def test_unparsed_commands_are_answered_and_counted_in_metrics(project: Project) -> None:
    slack = project.slack
    for line in ("help foo", "member"):
        await slack.slash(line, user=CLIENT)
    told = sorted(hook.args["text"] for hook in await slack.fake.wait_hook(2))

    assert told[0].startswith("After “member”, use one of:")
    assert told[1].startswith("I have no help on “foo”.") and "• nudges [show]" in told[1]
    scraped = await (await slack.client.get("/metrics")).text()
    counted = 'signoff_commands_total{outcome="unparsed",platform="slack",verb="Unparsed"} 2.0'
    assert counted in scraped


async def test_a_bug_behind_a_slash_command_is_answered_and_counted_as_failed(
    project: Project, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(command: ShowStatus, ctx: object) -> list:
        raise ZeroDivisionError

    monkeypatch.setitem(service.HANDLERS, ShowStatus, broken)
    slack = project.slack

    response = await slack.slash("status", user=CLIENT)

    assert response.status == 200
    [hook] = await slack.fake.wait_hook()
    assert hook.args["text"].startswith("Sorry, something went wrong on my side")
    scraped = await (await slack.client.get("/metrics")).text()
    assert 'outcome="failed",platform="slack",verb="ShowStatus"} 1.0' in scraped
    assert "ShowStatus failed" in caplog.text  # a bug is still seen by whoever runs Signoff
