"""The grammar's building blocks: a word scanner, references, names in quotes, keys, people."""

from __future__ import annotations

import functools
import re
import zoneinfo

from bot import aliases
from bot.i18n import N_
from bot.model import Role, Severity

REF_MISSING = N_("Add a reference like {example}.")
REF_BAD = N_("“{ref}” is not a reference like {example}.")
REF_RANGE = N_("The number in “{ref}” must be between 1 and 999999999.")
QUOTE_OPEN = N_("A quotation mark is not closed.")
EXTRA = N_("I did not understand “{text}” at the end.")
KEY_MISSING = N_("Give the project a key, like acme-web.")
KEY_BAD = N_(
    "“{key}” is not a valid project key: use 2–40 lowercase letters, digits or hyphens, "
    "starting with a letter."
)
PERSON_MISSING = N_("Say who, like @alice.")
ROLE_MISSING = N_("Say which role: pm, designer, client or approver.")
ROLE_BAD = N_("“{role}” is not a role; use pm, designer, client or approver.")
TIMEZONE_BAD = N_("“{timezone}” is not a time zone; use a name like Europe/Berlin.")
LOCALE_BAD = N_("“{locale}” is not a supported language; use en or zh-CN.")
VALUE_MISSING = N_("Give a value after “{word}”.")

EXAMPLES = {"M": "M-3", "FB": "FB-12", "IS": "IS-4", "CR": "CR-2", "RK": "RK-1"}
_MAX_DIGITS = 9  # a longer number is a typo, and must not overflow a database integer
# Word separators: all Unicode whitespace (the full-width space included), the invisible
# zero-width characters that chat clients sometimes leave between words, and the full-width
# punctuation Chinese keyboards put after a word ("approve M-7，可以", "feedback：…").
_PUNCT = "：，。；！？、"
_SEP = re.compile(rf"[\s\u200b\u2060\ufeff{_PUNCT}]+")
_WORD = re.compile(rf"[^\s\u200b\u2060\ufeff{_PUNCT}][^\s\u200b\u2060\ufeff]*")
_GLUED = re.compile(f"[{_PUNCT}]")  # ends a word: "M-1：第二个方向…" is M-1, then the text
# ASCII letters only: with re.IGNORECASE, [a-z] would also match "ſ" and the Kelvin sign.
_REF = re.compile(r"(?P<kind>[A-Za-z]{1,2})[-－](?P<number>\d+)(?:@[Vv]?(?P<version>\d+))?")
# After "resolve", "ack"…: a word that was meant as a reference, even a mistyped one ("IS-x1").
_LOOKS_LIKE_REF = re.compile(r"(?:[A-Za-z]{1,2}[-－]\d|(?:[Mm]|[Ff][Bb]|[Ii][Ss])[-－])\S*")
# Before free text, only a real-looking M-3 counts: "feedback m-dash looks odd" is feedback.
_LOOKS_LIKE_MILESTONE = re.compile(r"[Mm][-－]\d\S*")
_REF_TRAILER = ":：,，.。"  # "feedback M-3: the logo…" is how people write
_QUOTES = {'"': '"”', "“": '”"', "「": "」", "『": "』"}  # opening quote → its closings
PROJECT_KEY = re.compile(r"[a-z][a-z0-9-]{1,39}")
_SLACK_MENTION = re.compile(r"<@([^>|]+)(?:\|[^>]*)?>")
_LOCALES = {"en": "en", "en-us": "en", "en-gb": "en", "zh": "zh-CN", "zh-cn": "zh-CN"}
_LOCALES |= {"zh-hans": "zh-CN", "zh-hans-cn": "zh-CN"}


CHOOSE = N_("After “{verb}”, use one of: {choices}.")


class Bad(Exception):
    """Raised inside the grammar for a usage error; `parse` turns it into an Unparsed."""

    def __init__(self, reason: str, **params: str) -> None:
        super().__init__(reason)
        self.reason = reason
        # What the user typed is shortened before it is echoed; the choices offered are ours.
        self.params = tuple(
            (name, value if name == "choices" else show(value)) for name, value in params.items()
        )


def show(value: str, limit: int = 40) -> str:
    """Shorten what the user typed before echoing it back in a message."""
    return value if len(value) <= limit else value[: limit - 1] + "…"


class Scanner:
    """Reads a command word by word while keeping the rest of the text exactly as typed.

    Words come back as the grammar's English words (bot.aliases: "解决" → "resolve", after the
    verb set in `after`); `rest` and `name` return free text untouched. Full-width punctuation
    glued to a word ends it ("M-1：第二个方向…", "approve M-7，可以").
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.after = ""  # the verb read so far, for words that mean something else after it
        self.typed = ""  # the last word as typed, before aliasing
        self._skip()

    def _skip(self) -> None:
        match = _SEP.match(self.text, self.pos)
        if match:
            self.pos = match.end()

    def _token(self, pos: int) -> tuple[str, int, int]:
        """The word at `pos`: (word, where it ends, where the next one starts)."""
        match = _WORD.match(self.text, pos)
        if not match:
            return "", pos, pos
        token, end = match.group(), match.end()
        glued = _GLUED.search(token, 1)
        if glued:
            token, end = token[: glued.start()], pos + glued.start()
        following = _SEP.match(self.text, end)
        return token, end, following.end() if following else end

    def peek(self, ahead: int = 0) -> str:
        """The next word (or the one `ahead` after it) without consuming it; "" at the end."""
        pos = self.pos
        for _ in range(ahead):
            _, _, pos = self._token(pos)
        return aliases.word(self._token(pos)[0], self.after)

    def word(self) -> str:
        self.typed, _, self.pos = self._token(self.pos)
        return aliases.word(self.typed, self.after)

    def rest(self) -> str:
        """Everything not read yet, with its inner spacing, newlines and quotes intact."""
        text = self.text[self.pos :].strip()
        self.pos = len(self.text)
        return text

    def expect_end(self) -> None:
        if self.pos < len(self.text):
            raise Bad(EXTRA, text=self.rest())

    def name(self, stops: frozenset[str]) -> str:
        """A name in quotes ("…", “…”, 「…」), or the words up to one of the `stops` keywords."""
        if self.pos < len(self.text) and self.text[self.pos] in _QUOTES:
            closers = _QUOTES[self.text[self.pos]]
            end = min(
                (i for c in closers if (i := self.text.find(c, self.pos + 1)) >= 0), default=-1
            )
            if end < 0:
                raise Bad(QUOTE_OPEN)
            value = self.text[self.pos + 1 : end].strip()
            self.pos = end + 1
            self._skip()
            return value
        start = end = self.pos
        while (word := self.peek()) and word.lower() not in stops:
            _, end, self.pos = self._token(self.pos)
        return self.text[start:end].strip()


def looks_like_ref(word: str) -> bool:
    """Whether a word was meant as a reference (M-3, fb-12, IS-4), right or wrong kind."""
    return bool(_LOOKS_LIKE_REF.fullmatch(word))


def looks_like_milestone(word: str) -> bool:
    """Whether free text starts with a milestone reference (M-3), as in "feedback M-3 …"."""
    return bool(_LOOKS_LIKE_MILESTONE.fullmatch(word))


def ref(word: str, kind: str, *, versioned: bool = False) -> tuple[int, int | None]:
    """Read "M-3" (or "m-3@v2" when `versioned`) as (number, version); Bad otherwise."""
    example = EXAMPLES[kind]
    if not word:
        raise Bad(REF_MISSING, example=example)
    match = _REF.fullmatch(word.rstrip(_REF_TRAILER))
    if not match or match["kind"].upper() != kind or (match["version"] and not versioned):
        raise Bad(REF_BAD, ref=word, example=example)
    number = _positive(match["number"], word)
    version = _positive(match["version"], word) if match["version"] else None
    return number, version


def _positive(digits: str, word: str) -> int:
    if len(digits) > _MAX_DIGITS or int(digits) < 1:
        raise Bad(REF_RANGE, ref=word)
    return int(digits)


def key(word: str) -> str:
    """A project key: lower-cased, a letter then letters, digits or hyphens, 2–40 long."""
    if not word:
        raise Bad(KEY_MISSING)
    lowered = word.lower()
    if not PROJECT_KEY.fullmatch(lowered):
        raise Bad(KEY_BAD, key=word)
    return lowered


def person(word: str) -> str:
    """A mention as the adapter left it: "@U123", "@alice", "<@U123|alice>" or a bare id."""
    if slack := _SLACK_MENTION.fullmatch(word):
        return slack.group(1)
    user = word.lstrip("@＠")  # "＠": Chinese keyboards
    if not user:
        raise Bad(PERSON_MISSING)
    return user


def role(word: str) -> Role:
    if not word:
        raise Bad(ROLE_MISSING)
    try:  # a role typed in Chinese ("设计师") reads as its English word wherever it stands
        return Role(aliases.word(word, "member").lower())
    except ValueError:
        raise Bad(ROLE_BAD, role=word) from None


def timezone(word: str) -> str:
    """An IANA time zone name in its canonical spelling ("europe/berlin" → "Europe/Berlin"),
    or a city people name it by ("北京" → "Asia/Shanghai")."""
    canonical = _timezones().get(aliases.TIMEZONES.get(word, word).lower())
    if canonical is None:
        raise Bad(TIMEZONE_BAD, timezone=word)
    return canonical


@functools.cache
def _timezones() -> dict[str, str]:
    return {name.lower(): name for name in zoneinfo.available_timezones() | {"UTC"}}


def locale(word: str) -> str:
    found = aliases.LOCALES.get(word) or _LOCALES.get(word.lower().replace("_", "-"))
    if found is None:
        raise Bad(LOCALE_BAD, locale=word)
    return found


# The severity word at the end of an issue title: after a space or comma ("登录页打不开，很急"),
# or in brackets ("页面打不开（高）").
_LAST_WORD = re.compile(r"(?P<head>.*?)(?:^|[\s，,、：:]+)(?P<word>[^\s，,、：:]+)", re.S)
_BRACKETED = re.compile(r"(?P<head>.*?)\s*[（(【\[](?P<word>[^（(【\[）)】\]\s]+)[）)】\]]", re.S)


def trailing_severity(title: str) -> tuple[str, Severity | None]:
    """Split "TITLE high" / "标题，很急" / "标题（高）" into the title and its severity."""
    for pattern in (_BRACKETED, _LAST_WORD):
        match = pattern.fullmatch(title.strip())
        if match is None:
            continue
        found = match["word"].lower()
        severity = Severity.named(aliases.SEVERITIES.get(found, found))
        if severity is not None:
            return match["head"].strip(), severity
    return title, None
