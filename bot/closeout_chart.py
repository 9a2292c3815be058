"""The close-out chart's data (bot.chart.Chart) from the report, in the project's language."""

from __future__ import annotations

from datetime import date, timedelta

from bot.chart import Chart, ChartRow
from bot.closeout import Closeout
from bot.i18n import N_, tr

DAY = timedelta(days=1)
TITLE = N_("Planned vs actual, and who the work waited on")
ALT = N_(
    "Chart: for each milestone, its due date and the day it was approved (or today while it "
    "is open), and the days it waited on the client and on the studio."
)


def timeline_chart(report: Closeout, locale: str, *, today: date) -> Chart:
    """Planned vs actual date per milestone, and the days each waited on each side."""
    return Chart(
        title=tr(locale, TITLE),
        alt=tr(locale, ALT),
        today=today,
        rows=tuple(
            ChartRow(
                label=f"M-{line.number} {line.name}",
                planned=line.planned,
                actual=line.actual,
                client_days=round(line.client / DAY, 1),
                studio_days=round(line.studio / DAY, 1),
            )
            for line in report.milestones
        ),
        planned_label=tr(locale, N_("due")),
        actual_label=tr(locale, N_("approved")),
        open_label=tr(locale, N_("still open (today)")),
        waiting_title=tr(locale, N_("Waiting on")),
        client_label=tr(locale, N_("the client")),
        studio_label=tr(locale, N_("the studio")),
        days_label=tr(locale, N_("days")),
    )
