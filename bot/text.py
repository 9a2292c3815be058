"""Cleaning chat text so it can be parsed, compared and stored safely in any database."""

from __future__ import annotations

import re
import unicodedata

# Every way a line can end becomes "\n": CRLF, CR, NEL, the Unicode line and paragraph separators,
# and the vertical tab / form feed that some clients paste in from documents.
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
# C0 and C1 control characters (and DEL), except the tab and newline that people actually type.
# PostgreSQL rejects NUL in text; the others are invisible and only confuse matching.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# Invisible characters that str.strip() keeps but that should not make "help" a different word.
_EDGE_INVISIBLES = "\ufeff\u200b\u2060"


def clean(text: str) -> str:
    """Return `text` as safe, normalised Unicode: valid UTF-8, NFC, "\\n" newlines, no controls.

    Surrogate pairs split into two code units are rejoined; a lone surrogate becomes U+FFFD.
    Leading and trailing whitespace (including the full-width space) is removed.
    """
    if _SURROGATE.search(text):
        # UTF-16 round trip: paired halves become the real character, lone halves U+FFFD.
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    text = _LINE_BREAKS.sub("\n", text)
    text = _CONTROLS.sub("", text)
    text = unicodedata.normalize("NFC", text)
    return text.strip().strip(_EDGE_INVISIBLES).strip()
