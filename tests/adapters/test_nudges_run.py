"""`signoff run` runs the scheduler with the app (console posts printed), unless told not to."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from aiohttp.test_utils import TestServer

from adapters.cli import build_parser
from adapters.composition import build_runtime
from adapters.config import settings_from_mapping
from adapters.scheduling import scheduler_installer
from adapters.server import make_app
from bot.commands import BindConversation, CreateProject
from bot.invocation import Invocation
from bot.model import Conversation, Identity, Platform
from bot.service import handle
from tests.fakes import FakeClock

OPERATOR = Invocation(
    identity=Identity(platform=Platform.CONSOLE, tenant="local", user_id="root"), operator=True
)


async def test_the_app_starts_the_scheduler_and_a_console_channel_prints_its_nudges(tmp_path):
    clock = FakeClock(datetime(2026, 11, 27, 12, tzinfo=UTC))  # a Friday
    settings = settings_from_mapping({"database": {"url": f"sqlite:///{tmp_path / 'x.db'}"}})
    async with await build_runtime(settings, clock=clock) as runtime:
        services = runtime.services
        create = CreateProject(key="acme", name="Acme rebrand", client="Acme Co.")
        assert (await handle(create, OPERATOR, services)).ok
        console = Conversation(platform=Platform.CONSOLE, tenant="local", channel="acme")
        bind = BindConversation(key="acme", conversation=console)
        assert (await handle(bind, OPERATOR, services)).ok
        clock.current = datetime(2026, 11, 30, 10, tzinfo=UTC)  # Monday, after 09:30
        printed: list[str] = []

        app = make_app(runtime, [scheduler_installer([], write=printed.append)])
        async with TestServer(app):
            async with asyncio.timeout(10):
                while not printed:  # noqa: ASYNC110 - the scheduler posts on its own
                    await asyncio.sleep(0.01)

    assert printed[0].startswith("[console acme] Acme rebrand: weekly progress")


def test_run_accepts_no_scheduler() -> None:
    assert build_parser().parse_args(["run", "--no-scheduler"]).no_scheduler is True
    assert build_parser().parse_args(["run"]).no_scheduler is False
