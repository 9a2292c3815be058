"""Every message the core can say exists in Simplified Chinese, with the same placeholders."""

from __future__ import annotations

import string
from pathlib import Path

from babel.messages.extract import extract_from_dir

from bot.i18n import _catalog, tr

KEYWORDS = {
    "t": (1,),
    "tr": (2,),
    "N_": (1,),
    "require": (2,),
    "SignoffError": (1,),
    "Conflict": (1,),
    "NotFound": (1,),
    "Forbidden": (1,),
    "UsageError": (2,),
    "Unparsed": None,
}
ROOT = Path(__file__).resolve().parents[2]
if ROOT.name == "mutants":
    # Under mutmut the tests run in a copy whose sources hold every mutant's edited strings
    # beside the real ones; the messages are read from the sources it copied.
    ROOT = ROOT.parent
# Storage raises refusals (a taken key, a bound conversation) that reach users through the core;
# the adapters say things of their own (Teams: welcome, lost conversations; Slack: App Home,
# channels it cannot post to; the console: its banner and project choice).
SPEAKING_PACKAGES = ("bot", "storage", "adapters")


def message_ids() -> set[str]:
    keywords = {k: v for k, v in KEYWORDS.items() if v}
    found = [
        entry
        for package in SPEAKING_PACKAGES
        for entry in extract_from_dir(
            str(ROOT / package), method_map=[("**.py", "python")], keywords=keywords
        )
    ]
    return {message for _, _, message, _, _ in found if isinstance(message, str) and message}


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_the_core_says_something() -> None:
    assert len(message_ids()) > 100


def test_every_message_has_a_chinese_translation_with_the_same_placeholders() -> None:
    catalog = _catalog("zh-CN")
    missing = sorted(m for m in message_ids() if m not in catalog)
    assert missing == []
    wrong = sorted(m for m in message_ids() if placeholders(m) != placeholders(catalog[m]))
    assert wrong == []


def test_translation_fills_placeholders() -> None:
    assert tr("zh-CN", "There is no project “{key}”.", key="acme") != "There is no project “acme”."
    assert "acme" in tr("zh-CN", "There is no project “{key}”.", key="acme")
