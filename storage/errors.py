"""How database failures reach the core: as bot.errors.StorageUnavailable, never as SQLAlchemy's."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from typing import Any, Concatenate, ParamSpec, Protocol, TypeVar

import asyncpg
from sqlalchemy import exc as sa_exc
from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import StorageUnavailable

logger = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")

# Failures of the database or the way to it: the caller can only say "not saved" and retry later.
# OSError covers refused or reset connections and TimeoutError; DBAPIError covers what the
# drivers report (OperationalError, InterfaceError, and integrity errors no repository expected).
_CONNECTIVITY = (
    sa_exc.OperationalError,
    sa_exc.InterfaceError,
    sa_exc.TimeoutError,  # no pooled connection came free in time
    OSError,
    asyncpg.PostgresConnectionError,
    asyncpg.InterfaceError,
)
_UNAVAILABLE = (
    *_CONNECTIVITY,
    sa_exc.DBAPIError,
    sa_exc.PendingRollbackError,  # an earlier statement of this transaction already failed
    asyncpg.PostgresError,
)


# Set in a session's info when a statement failed: committing it would confirm lost work.
FAILED = "signoff.failed"


@contextmanager
def unavailable_on_failure(action: str, session: AsyncSession | None = None) -> Iterator[None]:
    """Re-raise database failures inside the block as StorageUnavailable (chained).

    With a session, the failure is also remembered on it, so that a later commit refuses.
    """
    try:
        yield
    except _UNAVAILABLE as exc:
        if session is not None:
            session.info[FAILED] = True
        if isinstance(exc, _CONNECTIVITY) or _session_ended(exc):
            logger.warning("database unavailable during %s: %s", action, exc)
        else:  # not a lost connection: likely a bug or a schema mismatch, so keep the traceback
            logger.error("database error during %s", action, exc_info=True)
        raise StorageUnavailable(f"{action} failed: {type(exc).__name__}") from exc
    except sa_exc.StatementError as exc:
        # A value could not be bound (a naive datetime, a bad enum): the caller's bug, raised as
        # the ValueError or TypeError it is; the database never saw the statement.
        if isinstance(exc.orig, ValueError | TypeError):
            raise exc.orig from exc
        raise


def _session_ended(exc: BaseException) -> bool:
    """An error that only says our session or link is gone, though not reported as a lost
    connection: SQLSTATE class 57 (operator intervention: a terminated backend, a server
    shutting down) or 08 (connection exception), or asyncpg's protocol left mid-operation by a
    connection the server closed ("cannot switch to state …"; a unit of work never shares its
    connection, so nothing else of ours makes it)."""
    for error in (exc, getattr(exc, "orig", None), exc.__cause__):
        state = getattr(error, "sqlstate", None)
        if isinstance(state, str) and state[:2] in ("57", "08"):
            return True
        if isinstance(getattr(error, "__cause__", None), asyncpg.InternalClientError):
            return True
    return isinstance(exc.__cause__, asyncpg.InternalClientError)


class _Repository(Protocol):
    _session: AsyncSession


R = TypeVar("R", bound=_Repository)


def guarded(
    method: Callable[Concatenate[R, P], Coroutine[Any, Any, T]],
) -> Callable[Concatenate[R, P], Coroutine[Any, Any, T]]:
    """Decorate a repository method so its database failures become StorageUnavailable."""

    @functools.wraps(method)
    async def wrapper(self: R, /, *args: P.args, **kwargs: P.kwargs) -> T:
        with unavailable_on_failure(method.__qualname__, self._session):
            return await method(self, *args, **kwargs)

    return wrapper
