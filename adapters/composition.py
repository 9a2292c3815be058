"""The composition root: builds the engine and the core's services from the settings."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType

from sqlalchemy import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.admission import Admission
from adapters.config import Settings, redact
from adapters.metrics import Metrics
from bot.errors import StorageUnavailable
from bot.model import Platform
from bot.outbox import QueuedReply
from bot.ports import Clock, ReplyCourier, SendFailed
from bot.service import Services
from scheduler.engine import instance_name
from scheduler.replies import ReplyDeliverer, ReplySettings
from storage import migrate
from storage.database import make_engine, normalize_url
from storage.uow import sql_uow_factory

logger = logging.getLogger(__name__)


class StartupError(Exception):
    """The runtime cannot start (database unreachable, schema not current); one line."""


class RoutingCourier:
    """bot.ports.ReplyCourier over every enabled platform's, chosen by the reply's platform."""

    def __init__(self, couriers: dict[Platform, ReplyCourier]) -> None:
        self._couriers = couriers

    async def deliver(self, queued: QueuedReply) -> None:
        courier = self._couriers.get(queued.platform)
        if courier is None:
            raise SendFailed(f"{queued.platform} is not enabled here")
        await courier.deliver(queued)


class SystemClock:
    """The wall clock, in UTC."""

    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass(frozen=True, kw_only=True)
class Runtime:
    """Everything a surface (CLI, console, server) needs, built once and closed once."""

    settings: Settings
    engine: AsyncEngine
    services: Services
    metrics: Metrics = field(default_factory=Metrics)
    admission: Admission = field(default_factory=Admission)
    # Each platform adds its courier when built; the deliverer sends the reply outbox through them.
    couriers: dict[Platform, ReplyCourier] = field(default_factory=dict)
    replies: ReplyDeliverer = field(default=None)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        if self.replies is None:
            replies = ReplyDeliverer(
                uow=self.services.uow,
                clock=self.services.clock,
                courier=RoutingCourier(self.couriers),
                instance=instance_name(),
                settings=ReplySettings(lease=timedelta(seconds=self.settings.server.reply_lease)),
            )
            object.__setattr__(self, "replies", replies)

    async def aclose(self) -> None:
        await self.engine.dispose()

    async def __aenter__(self) -> Runtime:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()


def is_sqlite(url: str) -> bool:
    return url.lower().startswith("sqlite")


def check_sqlite_folder(url: str) -> None:
    """Refuse a SQLite file in a folder that does not exist before connecting: aiosqlite's worker
    thread, after a failed connect, may outlive the event loop and print a traceback."""
    if not is_sqlite(url):
        return
    name = make_url(url).database or ""
    if name and name != ":memory:" and not name.startswith("file:"):
        folder = Path(name).expanduser().absolute().parent
        if not folder.is_dir():
            raise StartupError(
                f"cannot use the database {redact(url)}: the folder {folder} does not exist"
            )


async def build_runtime(settings: Settings, *, clock: Clock | None = None) -> Runtime:
    """Connect to the database and check its schema: SQLite is upgraded in place; PostgreSQL
    must already be at head (`signoff db upgrade`), shared as it is by several instances."""
    url = settings.database.url
    if settings.pages.problem:
        raise StartupError(settings.pages.problem)
    check_sqlite_folder(url)
    engine = make_engine(url)
    try:
        if is_sqlite(url):
            await migrate.upgrade(engine)
        else:
            await require_current_schema(engine)
    except StartupError:
        await engine.dispose()
        raise
    except Exception as exc:
        await engine.dispose()
        raise StartupError(describe_database_error(url, exc)) from exc
    # The nudges' timing lives in the scheduler block; the core reads it from the policy.
    policy = replace(
        settings.policy(), nudges=settings.scheduler.nudge_config(), platforms=served(settings)
    )
    policy = replace(policy, pages=settings.pages.site())  # the project pages' links
    metrics = Metrics()  # every command, from any surface, is counted through the core
    services = Services(
        uow=sql_uow_factory(engine),
        clock=clock or SystemClock(),
        policy=policy,
        observe=metrics.count,
    )
    logger.info("database %s ready", redact(normalize_url(url)))
    admission = Admission(settings.server.max_in_flight, on_refusal=metrics.busy.inc)
    return Runtime(
        settings=settings, engine=engine, services=services, metrics=metrics, admission=admission
    )


def served(settings: Settings) -> frozenset[Platform]:
    """The platforms these settings turn on; console channels are always served (by `signoff
    console`)."""
    on = {Platform.CONSOLE}
    on |= {Platform.SLACK} if settings.slack.enabled else set()
    on |= {Platform.TEAMS} if settings.teams.enabled else set()
    return frozenset(on)


async def require_current_schema(engine: AsyncEngine) -> None:
    current, head = await migrate.current_revision(engine), migrate.head_revision()
    if current != head:
        found = current or "empty"
        raise StartupError(
            f"the database schema is {found}, this version needs {head}: run `signoff db upgrade`"
        )


async def upgrade_database(settings: Settings) -> str:
    """Bring the schema to head (SQLite or PostgreSQL) and return the revision reached."""
    url = settings.database.url
    check_sqlite_folder(url)
    engine = make_engine(url)
    try:
        await migrate.upgrade(engine)
        return await migrate.current_revision(engine) or ""
    except Exception as exc:
        raise StartupError(describe_database_error(url, exc)) from exc
    finally:
        await engine.dispose()


def describe_database_error(url: str, exc: BaseException) -> str:
    # StorageUnavailable names only the error's type; the error it chains says what happened.
    if isinstance(exc, StorageUnavailable) and exc.__cause__ is not None:
        exc = exc.__cause__
    # SQLAlchemy wraps the driver's error and appends the SQL and a link; the driver's says it.
    reason = " ".join(str(getattr(exc, "orig", None) or exc).split()) or type(exc).__name__
    if len(reason) > 200:
        reason = reason[:197] + "..."
    return f"cannot use the database {redact(url)}: {reason}"
