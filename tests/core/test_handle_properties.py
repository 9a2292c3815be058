"""Properties of running any line: whoever types it, on real storage, it gets its answer.

Generated lines (tests/chat_lines.py) run through `handle_text` against SQLite and PostgreSQL,
as a PM, a designer, a client, an approver and a stranger, in an English and a Chinese
project that each have a milestone in review, feedback and an issue. Nothing raises, every
line gets exactly the replies its command gives, and a line that was refused left every table
as it was.
"""

from __future__ import annotations

import logging
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot import service
from bot.commands import LogFeedback
from bot.grammar import parse
from bot.invocation import Invocation
from bot.model import Conversation, Identity, Platform
from bot.policy import Policy
from bot.service import Result, Services, handle_text
from bot.usecases import feedback
from storage.schema import metadata
from tests import answers
from tests.chat_lines import lines
from tests.fakes import FakeClock

CHANNELS = {
    "acme": Conversation(platform=Platform.SLACK, tenant="T1", channel="C-acme"),
    "mingo": Conversation(platform=Platform.SLACK, tenant="T1", channel="C-mingo"),
}
PEOPLE = {"paula": "pm", "dan": "designer", "cleo": "client", "ava": "approver"}
WHO = [*PEOPLE, "zed"]  # zed holds no role anywhere
# What the issue found crashing, kept as fixed examples beside the generated ones.
ESCAPED = [
    "help foo", "milestone", "project", "member", "member remove @zoe", "nudges foo",
    "nudges off foo", "nudges pause tomorrow", "milestone M-1",
]  # fmt: skip


def invocation(who: str, key: str) -> Invocation:
    identity = Identity(platform=Platform.CONSOLE, tenant="T1", user_id=who)
    return Invocation(identity=identity, display_name=who.title(), conversation=CHANNELS[key])


async def seed(services: Services) -> None:
    """Two bound projects (en, zh-CN), each with M-1 in review, FB-1 and IS-1."""
    for key, locale in (("acme", "en"), ("mingo", "zh-CN")):
        steps = [
            ("paula", f'project create {key} "Acme {key}" client "Acme Co." locale {locale}'),
            *(("paula", f"member add @{who} {role}") for who, role in PEOPLE.items()),
            ("paula", 'milestone add "Concepts" due 2030-01-15 criteria: three routes'),
            ("paula", 'milestone add "Final files" due 2030-03-01'),
            ("dan", "submit M-1 first routes"),
            ("cleo", "feedback M-1 the blue feels cold"),
            ("cleo", "issue the logo file will not open high"),
        ]
        for who, line in steps:
            result = await handle_text(line, invocation(who, key), services)
            assert result.ok, (line, [r.message.text for r in result.replies])


async def rows(engine: AsyncEngine) -> dict[str, list[str]]:
    """Every row of every table, as text: what a refused command must leave untouched."""
    found: dict[str, list[str]] = {}
    async with engine.connect() as connection:
        for table in metadata.sorted_tables:
            result = await connection.execute(select(table))
            found[table.name] = sorted(repr(tuple(row)) for row in result)
    return found


def assert_one_answer(line: str, result: Result, before: Any, after: Any) -> None:
    answers.assert_one_answer(result, line)
    if not result.ok:
        changed = {name for name in after if after[name] != before[name]}
        assert not changed, (line, [r.message.text for r in result.replies], changed)


@pytest.fixture
async def services(uow_factory: Any) -> Services:
    services = Services(uow=uow_factory, clock=FakeClock(), policy=Policy())
    await seed(services)
    return services


# The storage is set up once per test, not per example: examples run one after another on
# the same projects, as a day of chat would, so later lines meet what earlier ones stored.
@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(line=lines(surrogates=True), who=st.sampled_from(WHO), key=st.sampled_from(sorted(CHANNELS)))
async def test_every_line_from_anyone_gets_its_answer_and_a_refusal_stores_nothing(
    engine: AsyncEngine,
    services: Services,
    caplog: pytest.LogCaptureFixture,
    line: str,
    who: str,
    key: str,
) -> None:
    caplog.set_level(logging.ERROR)
    caplog.clear()
    before = await rows(engine)
    result = await handle_text(line, invocation(who, key), services)
    event(f"{type(parse(line)).__name__} {'ok' if result.ok else 'refused'}")
    assert_one_answer(line, result, before, await rows(engine))
    # A bug is answered "something went wrong" and logged: neither may happen for any line.
    assert not result.failed, (line, caplog.text)


async def test_the_lines_that_once_crashed_get_one_refusal_from_everyone(
    engine: AsyncEngine, services: Services
) -> None:
    for line in ESCAPED:
        for who in WHO:
            before = await rows(engine)
            result = await handle_text(line, invocation(who, "acme"), services)
            assert_one_answer(line, result, before, await rows(engine))
            assert not result.failed, line


async def test_a_bug_in_a_use_case_is_answered_logged_and_stores_nothing(
    engine: AsyncEngine,
    services: Services,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def log_then_fail(command: LogFeedback, ctx: Any) -> Any:
        await feedback.log_feedback(command, ctx)  # writes the record, then the bug strikes
        raise KeyError("a bug")

    monkeypatch.setitem(service.HANDLERS, LogFeedback, log_then_fail)
    caplog.set_level(logging.ERROR)
    before = await rows(engine)

    result = await handle_text("feedback 标志太小了", invocation("cleo", "mingo"), services)

    assert (result.ok, result.failed) == (False, True)
    [reply] = result.replies
    assert reply.message.text.startswith("抱歉，系统出错，未记录任何内容。")
    assert await rows(engine) == before
    assert "LogFeedback failed" in caplog.text and "KeyError: 'a bug'" in caplog.text
