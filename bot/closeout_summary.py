"""The close-out summary posted to the channel when a project closes: a few lines and the chart.

The channel is shared with the client, so it counts only the risks shared with them.
"""

from __future__ import annotations

from datetime import date

from bot.closeout import Closeout
from bot.closeout_chart import timeline_chart
from bot.i18n import N_, tr
from bot.messages import Message
from bot.model import Project
from bot.risks import RiskState

HEADING = N_("{name} ({key}) is closed. How it went:")
ON_TIME = N_("On time: {rate} ({on_time} of {counted} milestones)")
ON_TIME_NONE = N_("On time: no milestone was approved or overdue")
ROUNDS = N_("Revision rounds: {used} of {included} used")
CHANGES = N_("Change requests: {accepted} accepted, worth {value}")
ISSUES = N_("Issues answered within their deadline: {in_time} of {answered}")
ISSUES_NONE = N_("Issues answered within their deadline: none had a deadline")
CSAT = N_("Client satisfaction: {average} of 5 ({answers} answers)")
CSAT_NONE = N_("Client satisfaction: no answers")
CSAT_OFF = N_("Client satisfaction: no surveys are kept")
RISKS = N_("Open risks: {count}")
FULL = N_(
    "Full report: the project page (a PM gets its link with “project page”), "
    "or “signoff report {key}”."
)


def percent(rate: float) -> str:
    """A rate as a whole percentage: 0.666… → "67%"."""
    return f"{round(rate * 100)}%"


def summary_lines(
    report: Closeout, project: Project, locale: str, *, shared_only: bool
) -> list[str]:
    """The report's headline numbers, one a line, in the project's language."""
    rate = report.on_time_rate
    lines = [
        tr(locale, ON_TIME, rate=percent(rate), on_time=report.on_time, counted=report.counted)
        if rate is not None
        else tr(locale, ON_TIME_NONE),
        tr(locale, ROUNDS, used=report.rounds_used, included=report.rounds_included),
        tr(locale, CHANGES, accepted=len(report.budget.accepted), value=_value(report, locale)),
        tr(locale, ISSUES, in_time=report.issues_in_time, answered=report.issues_answered)
        if report.issues_answered
        else tr(locale, ISSUES_NONE),
        _csat(report, locale),
        tr(
            locale,
            RISKS,
            count=sum(
                1
                for r in report.risks
                if r.state is RiskState.OPEN and (r.shared or not shared_only)
            ),
        ),
    ]
    return lines


def _value(report: Closeout, locale: str) -> str:
    """The accepted changes' total; "—" while nothing in the project has a currency."""
    total = report.budget.accepted_total
    return total.shown(locale) if total.currency else "—"


def _csat(report: Closeout, locale: str) -> str:
    if report.scores is None:
        return tr(locale, CSAT_OFF)
    average = report.csat_average
    if average is None:
        return tr(locale, CSAT_NONE)
    return tr(locale, CSAT, average=f"{average:.1f}", answers=len(report.scores))


def summary_message(report: Closeout, project: Project, locale: str, *, today: date) -> Message:
    """The summary for the channel, with the chart."""
    lines = [tr(locale, HEADING, name=project.name, key=project.key)]
    lines += [f"• {line}" for line in summary_lines(report, project, locale, shared_only=True)]
    lines.append(tr(locale, FULL, key=project.key))
    return Message(text="\n".join(lines), chart=timeline_chart(report, locale, today=today))
