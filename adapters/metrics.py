"""Prometheus metrics, one registry per running Signoff (no process-global registry), and the
one place commands from every platform are counted."""

from __future__ import annotations

from prometheus_client import CONTENT_TYPE_LATEST as CONTENT_TYPE
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from bot.commands import Command, Unparsed
from bot.invocation import Invocation
from bot.service import Result

__all__ = ["CONTENT_TYPE", "Metrics"]

# Acknowledgements must stay well inside Slack's 3 s and Teams' 10-15 s; resolve below that.
ACK_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
LAG_BUCKETS = (0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.commands = Counter(
            "signoff_commands",
            "Commands handled, by platform, verb and outcome (ok, refused, unparsed, failed, "
            "duplicate).",
            ["platform", "verb", "outcome"],
            registry=self.registry,
        )
        self.busy = Counter(
            "signoff_commands_busy",
            "Commands answered busy at once: the process had server.max_in_flight at work.",
            registry=self.registry,
        )
        self.ack_seconds = Histogram(
            "signoff_ack_seconds",
            "Time from an HTTP request's arrival to its response, by route.",
            ["route"],
            buckets=ACK_BUCKETS,
            registry=self.registry,
        )
        # Read from the database when scraped (storage.stats): the whole cluster's figures.
        self.nudges = Gauge(
            "signoff_nudges",
            "Nudge occurrences by outcome (sent, failed, missed, obsolete, skipped, pending).",
            ["outcome"],
            registry=self.registry,
        )
        self.outbox_depth = Gauge(
            "signoff_outbox_depth", "Nudges waiting in the outbox.", registry=self.registry
        )
        self.replies_pending = Gauge(
            "signoff_reply_outbox_depth",
            "Replies committed with their command and not yet delivered.",
            registry=self.registry,
        )
        self.replies_oldest_seconds = Gauge(
            "signoff_reply_outbox_oldest_seconds",
            "Age of the oldest reply not yet delivered (0 when none waits).",
            registry=self.registry,
        )
        self.unhealthy_bindings = Gauge(
            "signoff_unhealthy_bindings",
            "Bound conversations the bot cannot post to.",
            registry=self.registry,
        )
        # The project pages (adapters.page_routes): a link refused is a 404 to whoever opened it.
        self.pages_served = Counter(
            "signoff_pages_served",
            "Project pages served from a valid link.",
            registry=self.registry,
        )
        self.page_links_refused = Counter(
            "signoff_page_links_refused",
            "Project page links refused, by reason (forged, unknown, expired, revoked).",
            ["reason"],
            registry=self.registry,
        )

        # Filled only by the opt-in probe (adapters.lagprobe, SIGNOFF_LOOP_LAG_PROBE=1).
        self.loop_lag_seconds = Histogram(
            "signoff_loop_lag_seconds",
            "How late the event loop ran a 20 ms timer.",
            buckets=LAG_BUCKETS,
            registry=self.registry,
        )
        self.loop_busy_seconds = Histogram(
            "signoff_loop_busy_seconds",
            "CPU time the event loop's thread spent in one 20 ms timer's wait: above 0.02, work "
            "kept the loop from answering (a stall); lag beyond it was a wait for a free core.",
            buckets=LAG_BUCKETS,
            registry=self.registry,
        )
        self.loop_lag_max_seconds = Gauge(
            "signoff_loop_lag_max_seconds",
            "The largest event-loop lag seen since start.",
            registry=self.registry,
        )
        self.loop_busy_max_seconds = Gauge(
            "signoff_loop_busy_max_seconds",
            "The largest event-loop busy time seen since start.",
            registry=self.registry,
        )

    def count(self, command: Command, invocation: Invocation, result: Result) -> None:
        """bot.service.Services.observe: commands by platform, verb and outcome."""
        outcome = (
            "duplicate" if result.duplicate
            else "ok" if result.ok
            else "failed" if result.failed
            else "unparsed" if isinstance(command, Unparsed)
            else "refused"
        )  # fmt: skip
        platform = invocation.identity.platform.value
        self.commands.labels(platform, type(command).__name__, outcome).inc()

    def render(self) -> bytes:
        return generate_latest(self.registry)
