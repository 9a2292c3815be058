"""The grammar of lessons learned: `lesson TEXT` and `lessons`."""

from __future__ import annotations

from bot import lesson_commands as lc
from bot.commands import Command
from bot.grammar_scan import Scanner


def parse_lesson(sc: Scanner) -> Command:
    """`lesson TEXT` records one; `lesson` alone lists them, as `lessons` does."""
    text = sc.rest()
    return lc.AddLesson(text=text) if text else lc.ListLessons()


def parse_lessons(sc: Scanner) -> Command:
    """`lessons`."""
    sc.expect_end()
    return lc.ListLessons()
