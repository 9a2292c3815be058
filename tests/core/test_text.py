"""Cleaning chat text: whatever arrives can be stored and compared."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.text import clean


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("logo\x00 colour", "logo colour"),  # PostgreSQL refuses NUL in text
        ("a\x07b\x1bc\x7fd\x9be", "abcde"),  # C0, DEL and C1 controls vanish
        ("line one\r\nline two\rline three", "line one\nline two\nline three"),
        ("para\u2028graph\x85end", "para\ngraph\nend"),
        ("keep\ttabs\nand newlines", "keep\ttabs\nand newlines"),
        ("\u3000 padded \u00a0\n", "padded"),  # full-width and no-break spaces trimmed too
        ("\ufeffhelp\u200b", "help"),  # a byte-order mark or zero-width space at the edges
        ("cafe\u0301", "café"),  # NFC: one code point, as the other client sends it
        ("字体太小了 😀", "字体太小了 😀"),
        ("", ""),
    ],
)
def test_clean(raw: str, cleaned: str) -> None:
    assert clean(raw) == cleaned


def test_a_lone_surrogate_becomes_a_replacement_character() -> None:
    assert clean("a\ud800b") == "a\ufffdb"
    assert clean("\udfff") == "\ufffd"


def test_a_split_surrogate_pair_becomes_the_character_it_encodes() -> None:
    assert clean("\ud83d\ude00 done") == "😀 done"


@given(st.text(st.characters(exclude_categories=()), max_size=500))
def test_anything_cleaned_is_valid_utf8_nfc_without_controls(raw: str) -> None:
    cleaned = clean(raw)
    cleaned.encode("utf-8")  # would raise on a surrogate
    assert unicodedata.is_normalized("NFC", cleaned)
    assert not any(unicodedata.category(c) == "Cc" and c not in "\n\t" for c in cleaned)
    assert "\r" not in cleaned
    assert cleaned == cleaned.strip()
    assert clean(cleaned) == cleaned
