"""The grammar of `project dates [dmy|mdy|ymd]`: how a project reads a date like 03/04/2027."""

from __future__ import annotations

from bot import commands as c
from bot.grammar_scan import CHOOSE, Bad, Scanner

# The orders by their letters, and as a Chinese PM would name them.
DATE_ORDERS = {"dmy": "dmy", "mdy": "mdy", "ymd": "ymd"}
DATE_ORDERS |= {"日月年": "dmy", "月日年": "mdy", "年月日": "ymd"}


def parse_project_dates(sc: Scanner) -> c.Command:
    """`project dates` shows the project's date order; `project dates dmy` changes it."""
    typed = sc.word()
    sc.expect_end()
    if typed and typed.lower() not in DATE_ORDERS:
        raise Bad(CHOOSE, verb="project dates", choices="dmy | mdy | ymd")
    return c.SetDateOrder(order=DATE_ORDERS.get(typed.lower(), ""))
