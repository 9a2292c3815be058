"""The HTTP server: an aiohttp app factory with /healthz, and a place for the platforms' routes."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import re
import signal
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence

from aiohttp import web

from adapters.composition import Runtime, StartupError, require_current_schema
from adapters.logs import request_id
from adapters.metrics import CONTENT_TYPE
from adapters.readiness import SURFACES
from bot.errors import StorageUnavailable
from bot.nudges.model import OutboxStatus
from bot.outbox import Backlog
from storage.database import ping
from storage.stats import operational_counts

logger = logging.getLogger(__name__)

MAX_BODY = 1024 * 1024
_SANE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
RUNTIME = web.AppKey("runtime", Runtime)
# Adds one platform's routes (and its startup/cleanup hooks) to the app, e.g. Slack's or Teams'.
RouteInstaller = Callable[[web.Application, Runtime], None]


def make_app(runtime: Runtime, installers: Sequence[RouteInstaller] = ()) -> web.Application:
    """The application: /healthz, /readyz and /metrics always, then whatever each installer
    adds. Bodies over 1 MiB are refused with 413 before anything parses them."""
    app = web.Application(client_max_size=MAX_BODY, middlewares=[observed])
    app[RUNTIME] = runtime
    app[SURFACES] = {}
    # Before the installers: at cleanup the deliveries finish while the platforms' clients
    # are still open (cleanup hooks run in the order they were added).
    app.cleanup_ctx.append(delivering_replies)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    app.router.add_get("/metrics", metrics)
    for install in installers:
        install(app, runtime)
    return app


@web.middleware
async def observed(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Give each request an id for the logs (the caller's X-Request-Id if sane) and time its
    answer: for the platforms' endpoints that is the acknowledgement they wait for."""
    given = request.headers.get("X-Request-Id", "")
    token = request_id.set(given if _SANE_ID.fullmatch(given) else uuid.uuid4().hex[:16])
    started = time.perf_counter()
    try:
        if (request.content_length or 0) > MAX_BODY:
            # Refused on the declared size, before any handler reads or parses a byte (routes
            # that never read a body, like /healthz, would otherwise ignore the limit).
            raise web.HTTPRequestEntityTooLarge(MAX_BODY, request.content_length or 0)
        response = await handler(request)
    finally:
        route = request.match_info.route.resource
        name = route.canonical if route is not None else "unmatched"
        request.app[RUNTIME].metrics.ack_seconds.labels(name).observe(time.perf_counter() - started)
        request_id.reset(token)
    return response


async def delivering_replies(app: web.Application) -> AsyncIterator[None]:
    """Deliver the reply outbox while the app runs; at shutdown, after the last request has
    its answer, finish what is in hand within the grace period and hand the rest back."""
    runtime = app[RUNTIME]
    loop = asyncio.create_task(runtime.replies.run())
    yield
    loop.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await loop
    await runtime.replies.drain(runtime.settings.server.shutdown_grace)


async def healthz(request: web.Request) -> web.Response:
    """200 when the database answers, 503 when it does not (for load balancers and probes)."""
    runtime = request.app[RUNTIME]
    if await ping(runtime.engine, timeout=2.0):
        return web.json_response({"status": "ok"})
    return web.json_response({"status": "unavailable"}, status=503)


async def readyz(request: web.Request) -> web.Response:
    """200 when the database answers, its schema is the one this code needs and no reply has
    waited for delivery longer than `server.reply_backlog`. A surface still connecting (Slack's
    Socket Mode, say) is reported beside the status without making the instance unready: its
    HTTP routes, health and nudges work meanwhile."""
    runtime = request.app[RUNTIME]
    surfaces = {name: status() for name, status in request.app[SURFACES].items()}
    if not await ping(runtime.engine, timeout=2.0):
        return web.json_response({"status": "unavailable", **surfaces}, status=503)
    try:
        await require_current_schema(runtime.engine)
    except StartupError as exc:
        body: dict[str, object] = {"status": "schema", "detail": str(exc), **surfaces}
        return web.json_response(body, status=503)
    except Exception:  # the database went away between the two checks
        return web.json_response({"status": "unavailable", **surfaces}, status=503)
    try:
        backlog = await reply_backlog(runtime)
    except StorageUnavailable:
        return web.json_response({"status": "unavailable", **surfaces}, status=503)
    if backlog.oldest_seconds > runtime.settings.server.reply_backlog:
        # Replies pile up faster than the platforms take them: send new work elsewhere.
        body = {"status": "backlog", "replies_pending": backlog.pending,
                "oldest_seconds": round(backlog.oldest_seconds, 1), **surfaces}  # fmt: skip
        return web.json_response(body, status=503)
    return web.json_response({"status": "ready", **surfaces})


async def reply_backlog(runtime: Runtime) -> Backlog:
    """The reply outbox across every instance: how many wait, and for how long the oldest."""
    async with runtime.services.uow() as uow:
        return await uow.replies.backlog(runtime.services.clock.now())


async def metrics(request: web.Request) -> web.Response:
    runtime = request.app[RUNTIME]
    try:
        by_status, unhealthy = await operational_counts(runtime.engine)
    except StorageUnavailable:
        pass  # the database's figures stay as last read; /healthz tells that it is down
    else:
        for outcome in OutboxStatus:
            runtime.metrics.nudges.labels(outcome.value).set(by_status.get(outcome.value, 0))
        runtime.metrics.outbox_depth.set(by_status.get(OutboxStatus.PENDING.value, 0))
        runtime.metrics.unhealthy_bindings.set(unhealthy)
    try:
        backlog = await reply_backlog(runtime)
    except StorageUnavailable:
        pass
    else:
        runtime.metrics.replies_pending.set(backlog.pending)
        runtime.metrics.replies_oldest_seconds.set(backlog.oldest_seconds)
    body = runtime.metrics.render()
    return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE})


async def serve(
    runtime: Runtime,
    *,
    host: str,
    port: int,
    installers: Sequence[RouteInstaller] = (),
    stop: asyncio.Event | None = None,
) -> None:
    """Serve until SIGINT/SIGTERM (or `stop` is set), then finish in-flight requests and close."""
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    handled = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, stop.set)
            handled.append(sig)
        except (NotImplementedError, RuntimeError, ValueError):  # not the main thread or Unix
            logger.debug("cannot install a handler for %s", sig.name)
    # Requests still running at shutdown get the grace period to finish (each is bounded by
    # its platform's own deadline well before).
    grace = runtime.settings.server.shutdown_grace
    runner = web.AppRunner(make_app(runtime, installers), shutdown_timeout=grace)
    await runner.setup()
    # What start-up built (modules, classes, the app) lives as long as the process: keep it out
    # of the collector's full passes, which otherwise walk all of it and stall the loop for
    # 100-200 ms at a time under load. Collecting the young less often lets a request's
    # short-lived cycles die young instead of being promoted while it is still in flight.
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)
    try:
        site = web.TCPSite(runner, host, port)
        await site.start()
        for address in runner.addresses:
            logger.info("Signoff listening on http://%s:%s", *address[:2])
        await stop.wait()
        logger.info("shutting down")
    finally:
        await runner.cleanup()
        for sig in handled:
            loop.remove_signal_handler(sig)
