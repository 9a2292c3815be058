"""A process with all its places taken says "busy" at once and stores nothing of that command;
the place comes back when a command finishes."""

from __future__ import annotations

import asyncio

from fake_slack import FakeSlack
from slack_harness import CLIENT, SECRET, Harness, serving, stuck

from adapters.admission import Admission
from adapters.composition import build_runtime
from adapters.config import settings_from_mapping
from adapters.slack.runner import ANSWER_DEADLINE


async def test_a_full_process_answers_busy_and_stores_nothing_of_it(
    migrated_url: str, fake: FakeSlack
) -> None:
    settings = settings_from_mapping(
        {
            "database": {"url": migrated_url},
            "server": {"max_in_flight": 1},
            "slack": {"bot_token": "xoxb-test", "signing_secret": SECRET, "api_url": fake.api_url},
        }
    )
    gate = asyncio.Event()
    async with await build_runtime(settings) as runtime:
        async with serving(runtime, fake) as setup:
            await setup.seed()
        async with serving(stuck(runtime, gate), fake, answer_deadline=ANSWER_DEADLINE) as slack:
            # The first waits on the database before its answer, holding the only place.
            first = asyncio.create_task(slack.slash("feedback the first one", user=CLIENT))
            await slack.fake.wait_for(lambda: runtime.admission.active == 1)
            await slack.slash("feedback the second one", user=CLIENT)

            told = (await slack.fake.wait_hook())[0].args  # while the first is still stuck
            assert not gate.is_set()
            assert told["response_type"] == "ephemeral"
            assert told["text"].startswith("Sorry, I am too busy to take that right now.")

            gate.set()
            await first
            await slack.fake.wait_call("chat.postMessage")
            await slack.slash("feedback the third one", user=CLIENT)  # the place came back
            await slack.fake.wait_call("chat.postMessage", count=2)

            scraped = await (await slack.client.get("/metrics")).text()
            assert "signoff_commands_busy_total 1.0" in scraped

        async with runtime.services.uow() as uow:
            project = await uow.projects.get_by_key("acme")
            stored = [f.text for f in await uow.feedback.list(project.id)]
        assert stored == ["the first one", "the third one"]


async def test_busy_speaks_the_language_of_the_channels_project(slack: Harness) -> None:
    """Said without the database, yet in the project's language as last seen in the channel."""
    await slack.seed(locale="zh-CN")
    await slack.slash("status", user=CLIENT)
    await slack.fake.wait_hook()
    # The answer is out before the command gives its place back; swap once it has.
    await slack.fake.wait_for(lambda: slack.adapter.runner.admission.active == 0)
    slack.adapter.runner.admission = Admission(limit=0)  # every place taken

    await slack.slash("feedback 还有一条", user=CLIENT)

    told = (await slack.fake.wait_hook(count=2))[1].args
    assert told["text"] == "系统繁忙，本次操作未保存，请稍后重试。"
