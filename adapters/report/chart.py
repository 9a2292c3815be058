"""The core's neutral chart (bot.chart.Chart) drawn as a PNG with matplotlib, off-screen."""

from __future__ import annotations

import functools
import io
from datetime import date, timedelta
from typing import TYPE_CHECKING

from bot.chart import Chart

if TYPE_CHECKING:
    from matplotlib.axes import Axes

# Chinese labels need a CJK font; matplotlib takes the first of these it has and falls back to
# its own (boxes for CJK) when the machine has none.
_FONTS = ["Noto Sans CJK SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "DejaVu Sans"]
_PLANNED, _ACTUAL, _OPEN = "#9aa5b1", "#2f7d4f", "#d9822b"
_CLIENT, _STUDIO = "#3f6fb5", "#b5a33f"


@functools.cache
def _matplotlib() -> None:
    """Load matplotlib the first time a chart is drawn: it takes a while, and most runs of
    `signoff` draw none. Its settings are the process's, set once here rather than in an
    rc_context, which would swap them under a chart drawn in another thread."""
    import matplotlib

    matplotlib.use("Agg")  # no display on a server
    matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["font.sans-serif"] = [*_FONTS, *matplotlib.rcParams["font.sans-serif"]]


def chart_png(chart: Chart, *, narrow: bool = False) -> bytes:
    """The chart as PNG bytes: planned vs actual dates per milestone (left) and the days each
    milestone waited on the client and on the studio (right); `narrow`, one above the other,
    for the project page, which is read on phones as often as on a desk."""
    _matplotlib()
    from matplotlib.figure import Figure

    rows = max(len(chart.rows), 1)
    if narrow:
        # Each part as tall as its milestones need; 6 inches wide reads on a phone's width.
        part = 1.0 + 0.4 * rows
        figure = Figure(figsize=(6, min(2 * part + 1.6, 16.0)), dpi=130)
        shape, ratios = (2, 1), {"height_ratios": [3, 2]}
    else:
        # Taller with each milestone, up to 1000 px: Teams shows inline images of at most 1024.
        figure = Figure(figsize=(10, min(2.0 + 0.45 * rows, 10.0)), dpi=100)
        shape, ratios = (1, 2), {"width_ratios": [3, 2]}
    figure.set_layout_engine("constrained")
    dates_axis, waits_axis = figure.subplots(*shape, gridspec_kw=ratios)
    figure.suptitle(chart.title)
    _timeline(dates_axis, chart)
    _waiting(waits_axis, chart, labelled=narrow)
    # One legend for both, under them: inside an axis it would cover a milestone's bar.
    handles = [
        *dates_axis.get_legend_handles_labels()[0],
        *waits_axis.get_legend_handles_labels()[0],
    ]
    columns = 3 if narrow else len(handles)
    figure.legend(handles=handles, loc="outside lower center", ncols=columns, fontsize="small")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _timeline(axis: Axes, chart: Chart) -> None:
    import matplotlib.dates as mdates

    labels = [row.label for row in chart.rows]
    positions = list(range(len(labels)))
    for y, row in zip(positions, chart.rows, strict=True):
        planned, end = _day(row.planned), _day(row.actual or chart.today)
        colour = _ACTUAL if row.actual else _OPEN
        axis.plot([planned], [y], marker="o", color=_PLANNED, markersize=9, linestyle="")
        axis.plot([planned, end], [y, y], color=colour, linewidth=2)
        axis.plot([end], [y], marker="D" if row.actual else ">", color=colour, linestyle="")
    axis.plot([], [], marker="o", color=_PLANNED, linestyle="", label=chart.planned_label)
    axis.plot([], [], marker="D", color=_ACTUAL, linestyle="", label=chart.actual_label)
    axis.plot([], [], marker=">", color=_OPEN, linestyle="", label=chart.open_label)
    axis.set_yticks(positions, labels)
    axis.set_ylim(len(chart.rows) - 0.4, -0.6)  # the first milestone on top, a margin around
    days = [row.planned for row in chart.rows] + [row.actual or chart.today for row in chart.rows]
    first, last = (min(days), max(days)) if days else (chart.today, chart.today)
    axis.set_xlim(_day(first - timedelta(days=2)), _day(last + timedelta(days=2)))
    axis.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m-%d"))
    axis.tick_params(axis="x", labelrotation=30)
    axis.axvline(_day(chart.today), color="#cccccc", linestyle=":")
    axis.grid(axis="x", alpha=0.3)


def _waiting(axis: Axes, chart: Chart, *, labelled: bool) -> None:
    """The days waited, a bar per milestone; `labelled` names the milestones (beside the
    timeline, its own labels name them)."""
    positions = list(range(len(chart.rows)))
    client = [row.client_days for row in chart.rows]
    studio = [row.studio_days for row in chart.rows]
    axis.barh(positions, client, color=_CLIENT, label=chart.client_label)
    axis.barh(positions, studio, left=client, color=_STUDIO, label=chart.studio_label)
    longest = max((c + s for c, s in zip(client, studio, strict=True)), default=0.0)
    axis.set_xlim(0, max(longest * 1.1, 1.0))  # an axis from 0, even when nobody waited
    axis.set_yticks(positions, [row.label if labelled else "" for row in chart.rows])
    axis.set_ylim(len(chart.rows) - 0.4, -0.6)  # the first milestone on top, a margin around
    axis.set_title(chart.waiting_title, fontsize="medium")
    axis.set_xlabel(chart.days_label)
    axis.grid(axis="x", alpha=0.3)


def _day(value: date) -> float:
    import matplotlib.dates as mdates

    return float(mdates.date2num(value))
