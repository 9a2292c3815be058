"""What one Slack turn costs the database, counted on the real engine's units of work: a slash
command is one unit of work (who and where, the command, its replies), a button click at most
two (the decision, and reading where its card was posted to update it)."""

from __future__ import annotations

from dataclasses import replace

from slack_harness import CLIENT, PM, Harness, serving
from test_slack_approval import button, submitted

from tests.fakes import CountingUnitsOfWork as Counting


async def test_a_slash_command_is_one_unit_of_work(slack: Harness) -> None:
    await slack.seed()
    counting = Counting(slack.runtime.services.uow)
    counted = replace(slack.runtime, services=replace(slack.runtime.services, uow=counting))
    async with serving(counted, slack.fake) as counted_slack:
        for line, user in (("feedback counted once", CLIENT), ("status", PM), ("help", CLIENT)):
            before = counting.opened
            await counted_slack.slash(line, user=user)
            await counted_slack.fake.wait_for(lambda: counted.replies.holding == 0)
            assert counting.opened - before == 1, line


async def test_a_button_click_is_at_most_two_units_of_work(slack: Harness) -> None:
    card = await submitted(slack)
    counting = Counting(slack.runtime.services.uow)
    counted = replace(slack.runtime, services=replace(slack.runtime.services, uow=counting))
    async with serving(counted, slack.fake) as counted_slack:
        await counted_slack.click(button(card, "milestone_approve"), user=PM)
        await counted_slack.fake.wait_call("chat.update")
        await counted_slack.fake.wait_call("chat.postMessage", count=2)  # the announcement
        await counted_slack.fake.wait_for(lambda: counted.replies.holding == 0)
        assert counting.opened <= 2
