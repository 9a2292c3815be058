"""README's command table and `help` name the same commands: every verb and sub-command the
grammar's usage lines offer has a row in README's *Chat commands*, and the other way round."""

from __future__ import annotations

import re
from pathlib import Path

from bot.grammar import USAGE, VERBS

README = Path(__file__).resolve().parents[2] / "README.md"
# A sub-command is a literal lower-case word after the verb ("milestone cancel"); placeholders
# (M-n, TEXT, "NAME", [..], @person) are not.
_LITERAL = re.compile(r"[a-z_]+(?:\|[a-z_]+)*")


def commands(line: str) -> set[str]:
    """The verb and sub-commands one usage line or README code span offers:
    "issue ack|resolve IS-n [note]" gives {"issue ack", "issue resolve"}."""
    found = set()
    for alternative in line.split(" — ")[0].split(" | "):
        words = alternative.split()
        if not words or words[0] not in VERBS:
            continue
        following = words[1] if len(words) > 1 else ""
        if _LITERAL.fullmatch(following):
            found |= {f"{words[0]} {sub}" for sub in following.split("|")}
        else:
            found.add(words[0])
    return found


def help_commands() -> set[str]:
    return {c for verb in VERBS for line in USAGE[verb].splitlines() for c in commands(line)}


def readme_commands() -> set[str]:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Chat commands", 1)[1].split("\n## ", 1)[0]
    spans = re.findall(r"`([^`]+)`", section.replace("\\|", "|"))
    return {c for span in spans for c in commands(span)}


def test_every_command_help_lists_has_a_readme_row() -> None:
    assert help_commands() - readme_commands() == set()


def test_the_readme_lists_no_command_help_does_not_know() -> None:
    assert readme_commands() - help_commands() == set()


def test_sub_commands_are_read_from_a_usage_line() -> None:
    assert commands("issue ack|resolve|close|reopen IS-n [note] — move an issue along") == {
        "issue ack", "issue resolve", "issue close", "issue reopen"
    }  # fmt: skip
    assert commands('milestone rename M-n "NAME" | milestone due M-n DATE — correct') == {
        "milestone rename", "milestone due"
    }  # fmt: skip
    assert commands("feedback [M-n] TEXT — log feedback") == {"feedback"}
