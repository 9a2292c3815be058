"""The grammar of the contract's sign-off terms: `project stages|rule|rounds|self-approval`,
`project rules` to read them, and `milestone rounds M-n N` for one milestone's own rounds."""

from __future__ import annotations

import re

from bot import aliases
from bot import commands as c
from bot.grammar_scan import CHOOSE, Bad, Scanner
from bot.i18n import N_
from bot.model import ApprovalRule

# A contract with more rounds than this is a typo, not a contract.
MAX_ROUNDS = 20
ROUNDS_BAD = N_("Give the revision rounds as a whole number from 0 to {max}, like “{example}”.")

TERMS = ("rules", "stages", "rule", "rounds", "self-approval")
# Words as the grammar reads them (bot.aliases has already made 客户 "client", 全部 "all",
# 开启 "on" and 关闭 "close"), and the few Chinese words only these terms use.
_STAGES = {"studio": "studio", "pm": "studio", "工作室": "studio", "设计方": "studio"}
_STAGES |= {"client": "client"}
_RULES = {"any": ApprovalRule.ANY, "任一": ApprovalRule.ANY, "任意": ApprovalRule.ANY}
_RULES |= {"all": ApprovalRule.ALL, "所有": ApprovalRule.ALL, "全体": ApprovalRule.ALL}
_SWITCH = {"on": True, "开": True, "打开": True, "允许": True}
_SWITCH |= {"off": False, "close": False, "关": False, "禁止": False, "不允许": False}
DEFAULT_WORDS = frozenset({"default", "默认", "项目默认"})
_SEP = re.compile(r"[,，、\s]+|->|→|>")


def parse_terms(action: str, sc: Scanner) -> c.Command:
    """After `project ACTION`, ACTION one of TERMS."""
    if action in ("rules", "rule") and not sc.peek():
        return c.SetSignoffTerms()  # nothing to change: show them
    if action == "stages":
        typed = (aliases.word(w, "project").lower() for w in _SEP.split(sc.rest()) if w)
        words = {_STAGES.get(w, w) for w in typed}
        if words == {"studio", "client"}:
            return c.SetSignoffTerms(studio_stage=True)
        if words == {"client"}:
            return c.SetSignoffTerms(studio_stage=False)
        raise Bad(CHOOSE, verb="project stages", choices="studio client | client")
    if action == "rule":
        stage, rule = _STAGES.get(sc.word().lower()), _RULES.get(sc.word().lower())
        sc.expect_end()
        if stage is None or rule is None:
            raise Bad(CHOOSE, verb="project rule", choices="studio|client any|all")
        if stage == "studio":
            return c.SetSignoffTerms(pm_rule=rule)
        return c.SetSignoffTerms(client_rule=rule)
    if action == "rounds":
        return c.SetSignoffTerms(rounds=_rounds(sc, "project rounds 3"))
    switch = _SWITCH.get(sc.word().lower())
    sc.expect_end()
    if switch is None:
        raise Bad(CHOOSE, verb="project self-approval", choices="on | off")
    return c.SetSignoffTerms(self_approval=switch)


def parse_milestone_rounds(number: int, sc: Scanner) -> c.Command:
    """`milestone rounds M-n N`, or `… default` for the project's rounds again."""
    if sc.peek().lower() in DEFAULT_WORDS:
        sc.word()
        sc.expect_end()
        return c.SetMilestoneRounds(number=number, rounds=None)
    return c.SetMilestoneRounds(number=number, rounds=_rounds(sc, f"milestone rounds M-{number} 5"))


def _rounds(sc: Scanner, example: str) -> int:
    rounds = revision_rounds(sc.word(), example)
    sc.expect_end()
    return rounds


def revision_rounds(word: str, example: str) -> int:
    """A number of revision rounds as typed ("3", or "3轮" as a Chinese PM may type it)."""
    digits = word.strip().removesuffix("轮")
    if not digits.isascii() or not digits.isdigit() or int(digits) > MAX_ROUNDS:
        raise Bad(ROUNDS_BAD, max=str(MAX_ROUNDS), example=example)
    return int(digits)
