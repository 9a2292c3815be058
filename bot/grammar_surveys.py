"""The satisfaction surveys' grammar: `csat …` and `project survey dm|channel|off`."""

from __future__ import annotations

from bot import grammar_scan as scan
from bot import survey_commands as sc_
from bot.commands import Command
from bot.grammar_scan import CHOOSE, Bad, Scanner
from bot.i18n import N_
from bot.surveys import SCORES, SurveyMode

CLOSE_WORD = "project"  # `csat project 4`: the survey of the project's close
SCORE_MISSING = N_("Give a score from 1 to 5, like: csat M-2 4 the layout works.")
SCORE_BAD = N_("“{score}” is not a score: give a whole number from 1 to 5.")
OCCASION_MISSING = N_(
    "Say what the score is for: csat M-n SCORE [comment], or csat project SCORE [comment] "
    "once the project is closed."
)


def parse_csat(sc: Scanner) -> Command:
    """`csat` shows the scores; `csat M-n SCORE [comment]` / `csat project SCORE [comment]`
    answers a survey."""
    if not sc.peek():
        return sc_.ShowCsat()
    first = sc.word()
    milestone: int | None
    if first.lower() == CLOSE_WORD:
        milestone = None
    elif scan.looks_like_ref(first):
        milestone, _ = scan.ref(first, "M")
    else:
        raise Bad(OCCASION_MISSING)
    typed = sc.word()
    if not typed:
        raise Bad(SCORE_MISSING)
    return sc_.AnswerSurvey(milestone=milestone, score=score(typed), comment=sc.rest())


def score(typed: str) -> int:
    """A score as typed ("4", "４", "4/5"); refused unless a whole number from 1 to 5."""
    digits = typed.removesuffix("/5").translate(_FULL_WIDTH)
    if not digits.isdigit() or int(digits) not in SCORES:
        raise Bad(SCORE_BAD, score=scan.show(typed, 12))
    return int(digits)


_FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def parse_project_survey(sc: Scanner) -> Command:
    """`project survey [dm|channel|off]`."""
    if not sc.peek():
        return sc_.SetSurveyMode()
    mode = _MODES.get(sc.word().lower())
    if mode is None:
        raise Bad(CHOOSE, verb="project survey", choices="dm|channel|off")
    sc.expect_end()
    return sc_.SetSurveyMode(mode=mode)


# The modes as typed: 私信 reads as `direct`, 关闭 as `close` (bot.aliases).
_MODES = {m.value: m for m in SurveyMode} | {
    "direct": SurveyMode.DM,
    "close": SurveyMode.OFF,
    "关": SurveyMode.OFF,
}
