"""A chart as data: what the close-out report's picture shows, for an adapter to draw.

The core never draws (no matplotlib below adapters/): a reply carries this, the outbox keeps it
as JSON, and each platform's adapter turns it into a PNG when it delivers the reply.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True, kw_only=True)
class ChartRow:
    """One milestone: when it was due, when it was approved (None: still open), and how many
    days it waited on each side."""

    label: str  # "M-1 Concepts"
    planned: date
    actual: date | None
    client_days: float = 0.0
    studio_days: float = 0.0


@dataclass(frozen=True, kw_only=True)
class Chart:
    """Planned vs actual dates per milestone, and waiting time by side; every word already in
    the project's language."""

    title: str
    alt: str  # what the picture shows, for screen readers and the text fallback
    today: date  # where an open milestone's bar ends
    rows: tuple[ChartRow, ...]
    planned_label: str
    actual_label: str
    open_label: str
    waiting_title: str
    client_label: str
    studio_label: str
    days_label: str


def chart_data(chart: Chart) -> dict[str, Any]:
    """The chart as plain JSON data, so a reply carrying it can wait in the outbox."""
    data: dict[str, Any] = {name: getattr(chart, name) for name in _WORDS}
    data["today"] = chart.today.isoformat()
    data["rows"] = [
        [row.label, row.planned.isoformat(), row.actual.isoformat() if row.actual else None,
         row.client_days, row.studio_days]
        for row in chart.rows
    ]  # fmt: skip
    return data


def chart_of(data: dict[str, Any]) -> Chart:
    """The chart `chart_data` wrote."""
    return Chart(
        today=date.fromisoformat(data["today"]),
        rows=tuple(
            ChartRow(label=label, planned=date.fromisoformat(planned),
                     actual=date.fromisoformat(actual) if actual else None,
                     client_days=float(client), studio_days=float(studio))
            for label, planned, actual, client, studio in data["rows"]
        ),
        **{name: str(data[name]) for name in _WORDS},
    )  # fmt: skip


_WORDS = (
    "title",
    "alt",
    "planned_label",
    "actual_label",
    "open_label",
    "waiting_title",
    "client_label",
    "studio_label",
    "days_label",
)
