"""A message's chart at the console: drawn to a PNG file beside the run, its path printed."""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from adapters.report.chart import chart_png
from bot.chart import Chart


def _write(chart: Chart, directory: Path | None) -> Path:
    folder = directory or Path(tempfile.gettempdir())
    with tempfile.NamedTemporaryFile(
        dir=folder, prefix="signoff-chart-", suffix=".png", delete=False
    ) as file:
        file.write(chart_png(chart))
    return Path(file.name)


async def saved_chart(chart: Chart, *, directory: Path | None = None) -> str:
    """The line the console prints for a chart: its title and the PNG file it was drawn to
    (a new file each time, in the system's temporary folder unless `directory` is given)."""
    path = await asyncio.to_thread(_write, chart, directory)
    return f"📈 {chart.title}: {path}"
