"""How text is set in each language: list joins, separators, and the space between Chinese and
Latin letters or digits.

Chinese copy puts a half-width space between a Chinese character and a Latin letter or digit
(`M-1 概念稿`, `3 天`), none next to full-width punctuation and none between Chinese words. The
space depends on what fills a placeholder (`请{names}审阅` is `请赵总审阅` but `请 @alex 审阅`),
so zh-CN templates carry no spaces around placeholders and the space is added when rendering.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping
from typing import Any

_HAN = re.compile(r"[\u2e80-\u2fff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_END = re.compile(r"[A-Za-z0-9%\u00c0-\u024f]")
_LATIN_START = re.compile(r"[A-Za-z0-9@#$\u00c0-\u024f]")  # "@" and "#" start a word
# A value ending in a mention (`@alex`, `@alex、@钱经理`) is spaced from the Chinese after it.
_ENDS_WITH_MENTION = re.compile(r"@[^\s、，,；;：:]+$")
_FORMATTER = string.Formatter()

ZH = "zh-CN"


def needs_space(left: str, right: str) -> bool:
    """Whether a space belongs between text ending in `left` and text starting with `right`."""
    if not left or not right or left[-1].isspace() or right[0].isspace():
        return False
    a, b = left[-1], right[0]
    if _HAN.match(b) and (_LATIN_END.match(a) or _ENDS_WITH_MENTION.search(left)):
        return True
    return bool(_HAN.match(a) and _LATIN_START.match(b))


def space_cjk(text: str) -> str:
    """Put a space wherever a Chinese character touches a Latin letter or digit ("3天" → "3 天")."""
    out: list[str] = []
    for char in text:
        if out and needs_space(out[-1], char):
            out.append(" ")
        out.append(char)
    return "".join(out)


def fill(template: str, params: Mapping[str, Any], locale: str) -> str:
    """`template.format(**params)`; in Chinese, with a space where a value meets Chinese text."""
    if locale != ZH:
        return template.format(**params)
    out, value_before = "", False
    for literal, field, spec, conversion in _FORMATTER.parse(template):
        if literal:
            # Between template text and the value before it; the template spaces itself.
            out += (" " if value_before and needs_space(out, literal) else "") + literal
            value_before = False
        if field is not None:
            value, _ = _FORMATTER.get_field(field, (), params)
            # The spec is None only where there is no field.
            text = _FORMATTER.format_field(_FORMATTER.convert_field(value, conversion), spec or "")
            out += (" " if needs_space(out, text) else "") + text
            value_before = bool(text) or value_before
    return out


def join_items(locale: str, items: Iterable[str]) -> str:
    """A list of names or refs: "alex, 钱经理" / "alex、钱经理"."""
    return ("、" if locale == ZH else ", ").join(items)


def join_groups(locale: str, items: Iterable[str]) -> str:
    """A list of longer items that may contain commas: "a; b" / "a；b"."""
    return ("；" if locale == ZH else "; ").join(items)


def join_sentences(locale: str, sentences: Iterable[str]) -> str:
    """Sentences run on: English puts a space after the full stop, Chinese none after "。"."""
    return ("" if locale == ZH else " ").join(s for s in sentences if s)


def separator(locale: str) -> str:
    """Between the parts of one list line: " — " / "｜"."""
    return "｜" if locale == ZH else " · "
