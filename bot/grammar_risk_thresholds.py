"""The grammar of `project risks …`: a project's own thresholds for the risks Signoff raises by
itself, read like `project rounds 3` (bot.grammar_terms)."""

from __future__ import annotations

from bot.grammar_scan import CHOOSE, Bad, Scanner
from bot.grammar_terms import DEFAULT_WORDS
from bot.i18n import N_
from bot.risk_commands import SetRiskThresholds
from bot.risk_thresholds import LEAST, LIMITS, SETTINGS

THRESHOLD_BAD = N_(
    "After “{setting}”, give a whole number from {least} to {most}, like “{example}”, "
    "or “default” for the studio's."
)
CHOICES = "overdue|rounds|silence N|default | default"
EXAMPLES = {"overdue": "project risks overdue 5", "rounds": "project risks rounds 1"}
EXAMPLES |= {"silence": "project risks silence 4"}


def parse_risk_thresholds(sc: Scanner) -> SetRiskThresholds:
    """After `project risks`: nothing (show them), `default`, or a setting and its value."""
    word = sc.word().lower()
    if not word:
        return SetRiskThresholds()
    if word in DEFAULT_WORDS:
        sc.expect_end()
        return SetRiskThresholds(reset=True)
    if word not in SETTINGS:
        raise Bad(CHOOSE, verb="project risks", choices=CHOICES)
    setting = SETTINGS[word]
    typed = sc.word()
    sc.expect_end()
    if typed.lower() in DEFAULT_WORDS:
        return SetRiskThresholds(setting=setting, value=None)
    # "4天" or "1轮", as a Chinese PM may type a number of days or rounds.
    digits = typed.strip().removesuffix("天").removesuffix("轮")
    if not digits.isascii() or not digits.isdigit():
        raise _bad(word, setting)
    value = int(digits)
    if not LEAST[setting] <= value <= LIMITS[setting]:
        raise _bad(word, setting)
    return SetRiskThresholds(setting=setting, value=value)


def _bad(word: str, setting: str) -> Bad:
    return Bad(
        THRESHOLD_BAD,
        setting=f"project risks {word}",
        least=str(LEAST[setting]),
        most=str(LIMITS[setting]),
        example=EXAMPLES[word],
    )
