"""The `nudges` verb's grammar: its actions, read from the rest of the line."""

from __future__ import annotations

from bot import aliases
from bot import grammar_scan as scan
from bot.commands import Command
from bot.grammar_scan import CHOOSE, Bad, Scanner
from bot.nudges import commands as n
from bot.nudges.model import NudgeKind


def parse_nudges(sc: Scanner) -> Command:
    """`nudges …`, after the verb: show, pause, resume, on/off, calendar, times, escalation."""
    action = sc.word().lower() or "show"
    if action not in NUDGE_ACTIONS:
        raise Bad(CHOOSE, verb="nudges", choices=" | ".join(NUDGE_ACTIONS))
    if action == "show" or action == "resume":
        sc.expect_end()
        return n.ShowNudges() if action == "show" else n.ResumeNudges()
    if action == "pause":
        if not sc.peek():
            return n.PauseNudges()
        if sc.word().lower() not in ("until", "直到"):
            raise Bad(CHOOSE, verb="nudges pause", choices="until DATE")
        if not (until := sc.rest()):
            raise Bad(scan.VALUE_MISSING, word="until")
        return n.PauseNudges(until=until)
    if action in ("on", "off"):
        kind = sc.word().lower()
        if kind not in _NUDGE_KINDS:
            raise Bad(CHOOSE, verb=f"nudges {action}", choices=" | ".join(_NUDGE_KINDS))
        sc.expect_end()
        return n.SwitchNudge(kind=NudgeKind(kind), enabled=action == "on")
    if action == "time":
        kind = sc.word().lower()
        if kind not in _NUDGE_KINDS:
            raise Bad(CHOOSE, verb="nudges time", choices=" | ".join(_NUDGE_KINDS))
        words = sc.rest().split()
        if not words or len(words) > 2:
            raise Bad(scan.VALUE_MISSING, word="HH:MM")
        weekday = words[0] if len(words) == 2 else ""
        return n.RetimeNudge(kind=NudgeKind(kind), at=words[-1], weekday=weekday)
    if action == "escalate":
        if not (key := sc.word()):
            raise Bad(scan.VALUE_MISSING, word="KEY")
        where = sc.word().lower()
        if where not in ("", "here", "direct"):
            raise Bad(CHOOSE, verb="nudges escalate KEY", choices="here | direct")
        sc.expect_end()
        return n.EscalateTo(key=key, here=where != "direct")
    if not (value := sc.rest()):
        raise Bad(scan.VALUE_MISSING, word=action)
    if action == "country":
        return n.SetNudgeCalendar(country=aliases.country(value))
    day, _, last = value.rpartition(" ")
    if day.strip() and last.lower() in _TAKE_BACK:  # `nudges holiday 2026-12-24 off`
        return n.SetNudgeCalendar(holiday=day.strip(), working_again=True)
    return n.SetNudgeCalendar(holiday=value)


_TAKE_BACK = ("off", "取消")


NUDGE_ACTIONS = (
    "show", "pause", "resume", "off", "on", "country", "holiday", "time", "escalate",
)  # fmt: skip
_NUDGE_KINDS = tuple(k.value for k in NudgeKind)
