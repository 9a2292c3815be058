"""What /readyz says of the surfaces that connect out (Slack's Socket Mode): each one's status."""

from __future__ import annotations

from collections.abc import Callable

from aiohttp import web

# How each surface that connects out stands ("connecting", "connected"…), by name; the server
# creates it, a platform's installer adds its own, e.g. app[SURFACES]["slack"] = socket.status.
SURFACES = web.AppKey("surfaces", dict[str, Callable[[], str]])
