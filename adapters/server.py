"""The HTTP server: an aiohttp app factory with /healthz, and a place for the platforms' routes."""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Callable, Sequence

from aiohttp import web

from adapters.composition import Runtime
from storage.database import ping

logger = logging.getLogger(__name__)

SHUTDOWN_SECONDS = 10.0
RUNTIME = web.AppKey("runtime", Runtime)
# Adds one platform's routes (and its startup/cleanup hooks) to the app, e.g. Slack's or Teams'.
RouteInstaller = Callable[[web.Application, Runtime], None]


def make_app(runtime: Runtime, installers: Sequence[RouteInstaller] = ()) -> web.Application:
    """The application: /healthz always, then whatever each installer adds."""
    app = web.Application()
    app[RUNTIME] = runtime
    app.router.add_get("/healthz", healthz)
    for install in installers:
        install(app, runtime)
    return app


async def healthz(request: web.Request) -> web.Response:
    """200 when the database answers, 503 when it does not (for load balancers and probes)."""
    runtime = request.app[RUNTIME]
    if await ping(runtime.engine, timeout=2.0):
        return web.json_response({"status": "ok"})
    return web.json_response({"status": "unavailable"}, status=503)


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
    runner = web.AppRunner(make_app(runtime, installers))
    await runner.setup()
    try:
        # Requests still running at shutdown get this long to finish.
        site = web.TCPSite(runner, host, port, shutdown_timeout=SHUTDOWN_SECONDS)
        await site.start()
        for address in runner.addresses:
            logger.info("Signoff listening on http://%s:%s", *address[:2])
        await stop.wait()
        logger.info("shutting down")
    finally:
        await runner.cleanup()
        for sig in handled:
            loop.remove_signal_handler(sig)
