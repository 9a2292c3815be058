"""Hypothesis strategies for lines of chat as people type them to Signoff, right and wrong.

The verbs, sub-verbs and argument shapes are read from the grammar's own usage lines
(bot.grammar.USAGE, in English and in every translation), so a verb or sub-verb added later is
generated without touching this file. Around them: real and broken references, mentions,
dates, Chinese words, full-width punctuation, odd Unicode and arbitrary text.
"""

from __future__ import annotations

import re

from hypothesis import strategies as st

from bot.grammar import USAGE, VERBS
from bot.i18n import SUPPORTED_LOCALES, tr
from bot.nudges.grammar import NUDGE_ACTIONS

REFS = [
    "M-1", "M-2", "M-1@v1", "M-1@v2", "m-1", "M－1", "M-1，", "M-1:", "M-0", "M-999999999",
    "M-1234567890", "M-", "M-x", "FB-1", "FB-2", "fb-1", "FB-0", "FB-x1", "IS-1", "IS-2",
    "is-1", "IS-0", "IS-99", "X-1", "#1", "1", "M-1@v0", "M-1@", "IS-1@v1", "FB-1.",
]  # fmt: skip
MENTIONS = [
    "@paula", "@dan", "@cleo", "@ava", "@zed", "<@W111>", "<@W999|guest>", "@", "@@", "@张三",
    "＠paula", "U123", "<@W111|paula>", "<!channel>", "<#C111|general>", "<at>ava</at>",
    "<http://example.com|a link>", "&lt;b&gt;", "<b>",
]  # fmt: skip
DATES = [
    "2027-03-04", "03/04/2027", "2027-13-01", "2027-02-29", "2028-02-29", "31/02/2027",
    "tomorrow", "next friday", "friday", "in 3 days", "yesterday", "1999-01-01", "9999-12-31",
    "15日", "12月11日", "12月11日（周五）", "下周五", "明天", "2027年3月4日", "10:30", "25:99",
]  # fmt: skip
CHINESE = [
    "反馈", "问题", "通过", "确认", "解决", "受理", "帮助", "里程碑", "状态", "成员", "项目",
    "提醒", "提交", "修改", "标准：", "客户", "设计师", "审批人", "紧急", "严重", "高", "低",
    "可以", "标志太小了", "颜色偏冷", "请看一下", "重新打开", "关闭", "列表", "全部",
]  # fmt: skip
PUNCTUATION = [
    "，", "。", "：", "；", "、", "！", "？", "（", "）", "「", "」", "『", "』", "“", "”",
    "\"", "'", ":", ";", "--", "—", "…", "|", "[", "]", "<", ">", "&", "*", "`", "{", "}",
    "{verb}", "%s", "\\",
]  # fmt: skip
ODD = [
    "\u200b", "\u2060", "\ufeff", "\u202e", "\u00a0", "\u3000", "\x00", "\x1b[31m", "\r",
    "e\u0301", "😀", "👍🏽", "🇨🇳", "مرحبا", "İ", "ſ", "\u212a", "ﬃ", "𝟙", "１２", "٣",
    "Ｍ－１", "ＩＳ－１", "\U000e0041",
]  # fmt: skip
KEYS = ["acme", "mingo", "new-proj", "Bad Key", "x", "acme-web", "ACME"]
ZONES = ["Europe/Berlin", "Asia/Shanghai", "UTC", "Mars/Olympus", "+08:00"]
SEPARATORS = [" ", " ", " ", "  ", "\u3000", "", "\n", "\t", "，"]

# Characters any surface can carry; `surrogates=True` adds the lone surrogates only an
# in-process caller can hand over (HTTP bodies are UTF-8).
_PRINTABLE = st.characters(exclude_categories=("Cs",))
_ANY = st.characters(exclude_categories=())


def _usage_lines() -> list[str]:
    """Every usage line of every verb, in every language, without its explanation."""
    lines = []
    for verb in USAGE:
        for locale in SUPPORTED_LOCALES:
            for line in tr(locale, USAGE[verb]).splitlines():
                shape = line.split(" — ")[0].split(" - ")[0]
                lines += [part.strip() for part in shape.split(" | ")]
    return sorted(set(filter(None, lines)))


USAGE_LINES = _usage_lines()
# The literal words of the usage lines: verbs, sub-verbs and options, as typed.
KEYWORDS = sorted(
    {
        word
        for line in USAGE_LINES
        for token in re.findall(r"[^\s\[\]\"“”|]+", line)
        for word in token.split("|")
        if not word.isupper()
        and not word.startswith("@")
        and not re.fullmatch(r"\w+-n", word)
        and word not in ("a;", "b;", "c", "…", "...")
    }
    | set(VERBS)
    | set(NUDGE_ACTIONS)
)


def text(*, surrogates: bool = False, max_size: int = 40) -> st.SearchStrategy[str]:
    return st.text(_ANY if surrogates else _PRINTABLE, max_size=max_size)


def _placeholder(token: str, free: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """A value for a placeholder of a usage line (M-n, @person, DATE, KEY, TEXT…)."""
    upper = token.strip(":：,，")
    if re.fullmatch(r"M-n|FB-n|IS-n", upper):
        prefix = upper[:-2]
        return st.sampled_from([r for r in REFS if r.upper().startswith(prefix)] + REFS[:3])
    if upper.startswith("@"):
        return st.sampled_from(MENTIONS)
    if "DATE" in upper:
        return st.sampled_from(DATES)
    if upper == "KEY":
        return st.sampled_from(KEYS)
    if upper in ("TZ", "ZONE"):
        return st.sampled_from(ZONES)
    if upper in ("HH:MM", "TIME"):
        return st.sampled_from(["09:00", "17:30", "9:00", "25:00", "noon", "０９：００"])
    if upper == "WEEKDAY":
        return st.sampled_from(["monday", "fri", "周五", "someday"])
    if upper == "KIND":
        return st.sampled_from(KEYWORDS)
    if upper in ("ROLE", "CODE"):
        return st.sampled_from(["pm", "designer", "client", "approver", "DE", "CN", "none", "xx"])
    return st.one_of(st.sampled_from(CHINESE + DATES + REFS), free)


def _template(line: str, free: st.SearchStrategy[str]) -> st.SearchStrategy[list[str]]:
    """The parts of a line shaped like one usage line: alternatives chosen, options kept or
    dropped, placeholders filled in."""
    parts: list[st.SearchStrategy[str]] = []
    for token in re.findall(r"\[[^\]]*\]|\"[^\"]*\"|“[^”]*”|\S+", line):
        if token.startswith("["):
            inner = _template(token[1:-1], free).map(" ".join)
            parts.append(st.one_of(st.just(""), inner))
        elif token[0] in '"“':
            parts.append(st.one_of(free, st.sampled_from(CHINESE)).map(lambda n: f'"{n}"'))
        elif "|" in token:
            parts.append(st.sampled_from(token.split("|")))
        elif token.isupper() or token.startswith("@") or re.fullmatch(r"\w+-n", token):
            parts.append(_placeholder(token, free))
        else:
            parts.append(st.just(token))
    return st.tuples(*parts).map(list)


def _shaped(free: st.SearchStrategy[str], *, cut: bool) -> st.SearchStrategy[str]:
    """A line following a usage line; with `cut`, one of its parts left out."""

    def join(parts: list[str], left_out: int) -> str:
        return " ".join(p for i, p in enumerate(parts) if p and not (cut and i == left_out))

    chosen = st.sampled_from(USAGE_LINES).flatmap(lambda line: _template(line, free))
    return st.tuples(chosen, st.integers(0, 6)).map(lambda drawn: join(*drawn))


def lines(*, surrogates: bool = False) -> st.SearchStrategy[str]:
    """A line of chat for Signoff: mostly command-shaped, often wrong, sometimes anything."""
    free = text(surrogates=surrogates)
    word = st.one_of(
        st.sampled_from(KEYWORDS),
        st.sampled_from(REFS),
        st.sampled_from(MENTIONS),
        st.sampled_from(DATES),
        st.sampled_from(CHINESE),
        st.sampled_from(PUNCTUATION),
        st.sampled_from(ODD),
        text(surrogates=surrogates, max_size=12),
    )
    soup = st.tuples(
        st.sampled_from(KEYWORDS),
        st.lists(st.tuples(st.sampled_from(SEPARATORS), word), max_size=5),
    ).map(lambda drawn: drawn[0] + "".join(sep + w for sep, w in drawn[1]))
    readable = st.one_of(st.sampled_from(CHINESE + DATES + ["the logo", "ok"]), free)
    whole = _shaped(readable, cut=False)
    return st.one_of(
        whole,
        whole,
        whole,
        _shaped(readable, cut=True),
        soup,
        st.tuples(st.sampled_from(KEYWORDS), st.sampled_from(KEYWORDS + REFS)).map(" ".join),
        st.tuples(st.sampled_from(VERBS), free).map(" ".join),
        st.tuples(st.sampled_from(VERBS), word, st.integers(50, 800)).map(
            lambda drawn: f"{drawn[0]} {drawn[1] * drawn[2]}"[:4000]
        ),
        text(surrogates=surrogates, max_size=200),
    )
