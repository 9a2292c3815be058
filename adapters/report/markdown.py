"""The close-out report as Markdown, from the same view as the HTML page (no chart: Markdown
files travel alone; the table of planned and actual dates says what the chart shows)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from adapters.report.view import PageView


def _line(text: object) -> str:
    """Free text (a title, a lesson) on one Markdown line, never read as markup."""
    escaped = str(text).replace("\\", "\\\\")
    for mark in "`*_[]<>#|":
        escaped = escaped.replace(mark, f"\\{mark}")
    return escaped.replace("\n", " ")


def _table(head: list[str], rows: list[list[object]]) -> list[str]:
    lines = ["| " + " | ".join(_line(h) for h in head) + " |", "|" + " --- |" * len(head)]
    lines += ["| " + " | ".join(_line(c) for c in row) + " |" for row in rows]
    return [*lines, ""]


def render_markdown(view: PageView) -> str:
    """The report (for an open project: as it stands) as a Markdown document."""
    c = view.context(chart=False)
    say: Callable[..., str] = c["t"]
    r, p = c["r"], c["p"]
    day, duration, money, state = c["day"], c["duration"], c["money"], c["state"]
    out: list[str] = [f"# {_line(p.name)}", ""]
    when = c["when"](view.record.now)
    out += [f"{_line(say('for_client', client=p.client))} · {p.key} · {say('as_of', day=when)}", ""]
    out += [
        f"## {say('report')}",
        "",
        "**" + say("on_time_line", rate=c["rate"] or "—") + "**",
        "",
    ]
    if c["rate"]:
        out += [say("on_time_detail", on_time=r.on_time, counted=r.counted), ""]
    out += [f"### {say('planned_vs_actual')}", ""]
    out += _table(
        [say("milestone"), say("planned"), say("actual"), say("late")],
        [[f"M-{m.number} {m.name}", day(m.planned),
          day(m.actual) if m.actual else say("still_open"),
          _lateness(m, say, c["days"])]
         for m in r.milestones],
    )  # fmt: skip
    out += [f"### {say('rounds_title')}", ""]
    out += _table(
        [say("milestone"), say("used"), say("included"), say("internal")],
        [[f"M-{m.number} {m.name}", m.rounds_used, m.rounds_included, m.internal_rounds]
         for m in r.milestones] + [[say("total"), r.rounds_used, r.rounds_included, ""]],
    )  # fmt: skip
    out += [f"### {say('changes')}", ""]
    if r.changes:
        out += _table(
            ["CR", say("state"), say("price")],
            [[f"CR-{ch.number} {ch.title}", state(ch.state),
              money(ch.price) if ch.price else say("unpriced")] for ch in r.changes],
        )  # fmt: skip
        out += [say("accepted_total", value=money(r.budget.accepted_total)), ""]
    else:
        out += [say("no_changes"), ""]
    out += [f"### {say('issues_title')}", ""]
    out += _table(
        [say("severity"), say("raised"), say("in_time"), say("answered_late"), say("pending")],
        [[state(x.severity), x.raised, x.in_time, x.late, x.pending] for x in r.issues],
    )
    out += [f"### {say('waiting')}", "", f"- {say('waiting_client', time=duration(r.client))}",
            f"- {say('waiting_studio', time=duration(r.studio))}", ""]  # fmt: skip
    out += [f"### {say('csat')}", "", _csat(r, say), ""]
    out += [f"### {say('risks')}", ""]
    out += [_risk(k, say, state, c["name"]) for k in view.risks] or [say("no_risks")]
    out.append("")
    if view.studio:
        out += [f"### {say('lessons')}", ""]
        out += [f"- {_line(x.text)} ({_line(c['name'](x.author))})" for x in r.lessons] or [
            say("no_lessons")
        ]
        out.append("")
    return "\n".join(out)


def _lateness(m: Any, say: Callable[..., str], days: Callable[[int], str]) -> str:
    if m.late_days:
        return say("days_late", days=days(m.late_days))
    return say("on_time_mark") if m.on_time else say("not_due")


def _csat(r: Any, say: Callable[..., str]) -> str:
    if r.scores is None:
        return say("csat_off")
    if not r.scores:
        return say("csat_none")
    return say("csat_average", average=f"{r.csat_average:.1f}", answers=len(r.scores))


def _risk(
    k: Any, say: Callable[..., str], state: Callable[..., str], name: Callable[..., str]
) -> str:
    who = say("raised_by", who=name(k.raised_by)) if k.raised_by else say("raised_by_signoff")
    line = f"- RK-{k.number} {_line(k.title)} ({state(k.state)}; {who})"
    return f"{line}: {_line(k.close_note)}" if k.close_note else line
