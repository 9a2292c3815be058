"""What the project page's template reads: the record, the report, the chart as a data: URL and
the helpers that say dates, money and states in the project's language."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from adapters.report.chart import chart_png
from adapters.report.labels import LABELS
from bot.budget import counted_brief
from bot.closeout import Closeout, ProjectRecord, closeout
from bot.closeout_chart import timeline_chart
from bot.closeout_summary import percent
from bot.i18n import fmt_date, fmt_datetime, fmt_days, fmt_duration, tr
from bot.labels import label, milestone_state, name_of
from bot.model import FeedbackStatus, IssueStatus, ProjectStatus
from bot.money import Money
from bot.risks import Risk


@dataclass(frozen=True, kw_only=True)
class PageView:
    """One rendering of the page: the project's record, its report, and who reads it."""

    record: ProjectRecord
    report: Closeout
    studio: bool  # the studio's own copy (the admin CLI): every risk and the lessons

    @property
    def locale(self) -> str:
        return self.record.project.locale

    @property
    def closed(self) -> bool:
        return self.record.project.status is ProjectStatus.CLOSED

    @property
    def report_shown(self) -> bool:
        """The report is the client's page's final state; the studio reads it any time."""
        return self.closed or self.studio

    @property
    def risks(self) -> tuple[Risk, ...]:
        """The client's page shows only the risks shared with them."""
        return tuple(r for r in self.report.risks if self.studio or r.shared)

    def context(self, *, chart: bool = True) -> dict[str, Any]:
        """The template's variables; without `chart`, the picture is not drawn."""
        record, locale = self.record, self.locale
        today = record.today
        drawn = timeline_chart(self.report, locale, today=today)
        png = base64.b64encode(chart_png(drawn, narrow=True)).decode("ascii") if chart else ""
        brief = counted_brief(record.briefs)
        return {
            "v": self,
            "p": record.project,
            "lang": "zh-CN" if locale == "zh-CN" else "en",
            "r": self.report,
            "brief": brief,
            "chart_src": f"data:image/png;base64,{png}",
            "chart_alt": drawn.alt,
            "feedback": [f for f in record.feedback if f.status in _OPEN_FEEDBACK],
            "issues": [i for i in record.issues if i.status in _OPEN_ISSUES],
            "rate": "" if (rate := self.report.on_time_rate) is None else percent(rate),
            "t": lambda key, **params: tr(locale, LABELS[key], **params),
            "day": lambda value: fmt_date(locale, value, today=today) if value else "—",
            "when": lambda value: _when(locale, value, record.project.timezone, today),
            "days": lambda count: fmt_days(locale, count),
            "duration": lambda value: _duration(locale, value),
            "money": lambda value: _money(locale, value),
            "state": lambda value: label(locale, value),
            "milestone_state": lambda value: milestone_state(locale, value),
            "name": name_of,
            "https": lambda url: isinstance(url, str) and url.startswith("https://"),
            # "FB-1: text", "FB-1：text": Chinese takes the full-width colon, with no space.
            "colon": "：" if locale == "zh-CN" else ": ",
            "paren": lambda *parts: _paren(locale, parts),
        }


def _paren(locale: str, parts: tuple[str, ...]) -> str:
    """ " (high, open)" after a word; "（高，未处理）" in Chinese, full-width and unspaced."""
    shown = [part for part in parts if part]
    if locale == "zh-CN":
        return f"（{'，'.join(shown)}）"
    return f" ({', '.join(shown)})"


_OPEN_FEEDBACK = (FeedbackStatus.OPEN, FeedbackStatus.REOPENED)
_OPEN_ISSUES = (IssueStatus.OPEN, IssueStatus.ACKNOWLEDGED)


def page_view(record: ProjectRecord, *, studio: bool = False) -> PageView:
    return PageView(record=record, report=closeout(record), studio=studio)


def _when(locale: str, value: datetime | None, timezone: str, today: date) -> str:
    return fmt_datetime(locale, value, timezone, today=today) if value else "—"


def _duration(locale: str, value: timedelta) -> str:
    """Whole days from a day on ("8 days", never rounded to "1 week"); less, as it is."""
    if value >= timedelta(days=1):
        return fmt_days(locale, round(value / timedelta(days=1)))
    return fmt_duration(locale, value) if value > timedelta() else fmt_days(locale, 0)


def _money(locale: str, value: Money | None) -> str:
    return value.shown(locale) if value is not None and value.currency else "—"
