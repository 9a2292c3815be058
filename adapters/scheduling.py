"""Wiring the scheduler: the messenger it posts through, its engine, and its APScheduler service."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from aiohttp import web

from adapters.composition import Runtime
from adapters.console_messenger import ClassifyingMessenger, ConsoleMessenger
from adapters.platforms import RoutingMessenger
from bot.model import Platform
from bot.ports import Clock, Messenger
from scheduler.engine import NudgeEngine
from scheduler.service import SchedulerService


class _PacedPlatform(Protocol):
    platform: Platform

    @property
    def paced_messenger(self) -> Messenger: ...


def nudge_messenger(
    platforms: Sequence[_PacedPlatform], *, write: Callable[[str], None]
) -> Messenger:
    """Every enabled platform's messenger, plus the console's (which writes what it would post),
    with platform failures classified for retries and binding problems."""
    messengers: dict[Platform, Messenger] = {Platform.CONSOLE: ConsoleMessenger(write=write)}
    messengers.update({p.platform: p.paced_messenger for p in platforms})
    return ClassifyingMessenger(inner=RoutingMessenger(messengers))


def build_engine(runtime: Runtime, messenger: Messenger, *, clock: Clock | None = None):
    """A NudgeEngine on the runtime's database, policy and scheduler settings."""
    return NudgeEngine(
        uow=runtime.services.uow,
        clock=clock or runtime.services.clock,
        messenger=messenger,
        policy=runtime.services.policy,
        settings=runtime.settings.scheduler.engine_settings(),
    )


def scheduler_installer(
    platforms: Sequence[_PacedPlatform], *, write: Callable[[str], None]
) -> Callable[[web.Application, Runtime], None]:
    """A route installer for `signoff run`: the scheduler starts with the app (after the
    platforms' own start-up) and stops at shutdown, before the platforms close their clients."""

    def install(app: web.Application, runtime: Runtime) -> None:
        messenger = nudge_messenger(platforms, write=write)
        service = SchedulerService(engine=build_engine(runtime, messenger))

        async def start(_app: web.Application) -> None:
            service.start()

        async def stop(_app: web.Application) -> None:
            await service.stop()

        app.on_startup.append(start)
        app.on_shutdown.append(stop)

    return install
