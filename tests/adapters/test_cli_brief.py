"""`signoff brief import KEY FILE` and `signoff brief export KEY`: a documented file becomes the
project's brief, an export imports back unchanged, and a file or a value the bot refuses is one
line naming its field, with nothing stored."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.composition import build_runtime
from adapters.config import settings_from_mapping
from adapters.operator import operator_invocation
from bot.brief import Brief
from bot.service import handle_text
from bot.usecases.milestone_input import name_key
from tests.adapters.conftest import Run, Signoff

DOCUMENTED = """\
goal: A brand the team can use
budget: 12000.50 EUR
rounds: 3
deliverables:
  - name: Logo
    due: 2037-01-15
    criteria: [three routes, one colour]
  - name: Guidelines
out_of_scope: [Printing]
"""
NO_PROJECT = "There is no project “nope”."
# What `brief export` prints for it: the same brief, every list in block style.
EXPORTED = """\
goal: A brand the team can use
budget: 12000.50 EUR
rounds: 3
deliverables:
- name: Logo
  due: 2037-01-15
  criteria:
  - three routes
  - one colour
- name: Guidelines
out_of_scope:
- Printing
"""


def create(signoff: Signoff, key: str, *options: str) -> None:
    signoff.ok("project", "create", key, "--name", "Rebrand", "--client", "Acme Co.", *options)


def import_text(signoff: Signoff, key: str, text: str) -> Run:
    """`signoff brief import KEY -` with `text` on standard input, as a pipe gives it."""
    return signoff("brief", "import", key, "-", stdin=text)


def said(run: Run) -> tuple[int, str, str]:
    return run.status, run.out, run.err


def body(export: str) -> str:
    """The export without its first line, the comment naming the project and version."""
    first, rest = export.split("\n", 1)
    assert first.startswith("# Brief v")
    return rest


async def _chat(signoff: Signoff, key: str, line: str) -> str:
    config = settings_from_mapping({"database": {"url": signoff.database_url}})
    async with await build_runtime(config) as runtime:
        result = await handle_text(line, operator_invocation(key), runtime.services)
    assert result.ok, result.replies
    return "\n".join(reply.message.text for reply in result.replies)


def chat(signoff: Signoff, key: str, line: str) -> str:
    """What the bot answers `line` typed in the project, as the operator."""
    return asyncio.run(_chat(signoff, key, line))


async def _briefs(signoff: Signoff, key: str) -> list[Brief]:
    config = settings_from_mapping({"database": {"url": signoff.database_url}})
    async with await build_runtime(config) as runtime, runtime.services.uow() as uow:
        project = await uow.projects.get_by_key(key)
        assert project is not None
        return list(await uow.briefs.list(project.id))


def stored_briefs(signoff: Signoff, key: str) -> list[Brief]:
    """Every version of the project's brief in the database."""
    return asyncio.run(_briefs(signoff, key))


def test_a_documented_file_becomes_the_brief_chat_shows(signoff: Signoff, tmp_path: Path) -> None:
    create(signoff, "acme")
    (tmp_path / "brief.yaml").write_text(DOCUMENTED, encoding="utf-8")

    out = signoff.ok("brief", "import", "acme", "brief.yaml")

    assert out.startswith("Brief v1 drafted. Imported: 2 deliverables, 1 out-of-scope items.")
    shown = chat(signoff, "acme", "brief")
    assert "Goal: A brand the team can use" in shown
    assert "Budget: €12,000.50" in shown
    assert "Revision rounds: 3 per milestone" in shown
    assert "1. Logo · due Thu 15 Jan 2037 · criteria: three routes; one colour" in shown
    assert "2. Guidelines · no due date yet" in shown
    assert "Out of scope: 1. Printing" in shown


def test_an_export_imports_into_another_project_unchanged(signoff: Signoff) -> None:
    create(signoff, "acme")
    create(signoff, "copy")
    assert import_text(signoff, "acme", DOCUMENTED).status == 0

    exported = signoff.ok("brief", "export", "acme")
    assert exported == "# Brief v1 of acme (draft)\n" + EXPORTED
    assert import_text(signoff, "copy", exported).status == 0

    assert body(signoff.ok("brief", "export", "copy")) == EXPORTED
    [copied] = stored_briefs(signoff, "copy")
    assert str(copied.budget.amount) == "12000.50" and copied.budget.currency == "EUR"
    assert copied.deliverables[0].due == date(2037, 1, 15)


def test_export_prints_the_newest_version_or_the_one_named(signoff: Signoff) -> None:
    create(signoff, "acme")
    signoff.ok("member", "add", "acme", "--console-user", "alex", "--role", "approver",
               "--name", "Alex")  # fmt: skip
    import_text(signoff, "acme", DOCUMENTED.replace("\n  - name: Guidelines", ""))
    assert "Brief v1 is ready for Alex to confirm." in chat(signoff, "acme", "brief send")
    second = import_text(signoff, "acme", DOCUMENTED.replace("A brand", "A second brand"))
    assert second.out.startswith("Brief v2 drafted.")

    assert "goal: A second brand" in signoff.ok("brief", "export", "acme")
    first = signoff.ok("brief", "export", "acme", "--version", "1")
    assert first.startswith("# Brief v1 of acme (sent)\ngoal: A brand the team can use\n")


def test_export_says_when_there_is_nothing_to_export(signoff: Signoff) -> None:
    create(signoff, "acme")

    assert said(signoff("brief", "export", "nope")) == (1, "", f"signoff: {NO_PROJECT}\n")
    assert said(signoff("brief", "export", "acme")) == (
        1, "", "signoff: Project “acme” has no brief yet.\n"
    )  # fmt: skip
    import_text(signoff, "acme", DOCUMENTED)
    assert said(signoff("brief", "export", "acme", "--version", "2")) == (
        1, "", "signoff: Project “acme” has no brief v2.\n"
    )  # fmt: skip


MALFORMED = [
    ("goal: [A brand\n", "brief.yaml: not valid YAML at line 2: expected ',' or ']'"),
    ("", "brief.yaml: must be a mapping with a goal, not empty"),
    ("- goal: A brand\n", "brief.yaml: must be a mapping with a goal, not a list"),
    ("budget: 100 EUR\n", "goal: missing"),
    (
        "goal: A brand\ncolour: red\n",
        "colour: unknown key (the keys are goal, budget, rounds, deliverables, out_of_scope)",
    ),
    ("goal: 2027\n", "goal: must be text, not a number (put it in quotes)"),
    ("goal: yes\n", "goal: must be text, not true/false (put it in quotes)"),
    (
        "goal: A brand\nbudget: 12000.5\n",
        'budget: write it with its currency as a string, like "12000.50 EUR"',
    ),
    ("goal: A brand\nrounds: three\n", "rounds: must be a whole number, not text"),
    ("goal: A brand\nrounds: true\n", "rounds: must be a whole number, not true/false"),
    ("goal: A brand\ndeliverables: Logo\n", "deliverables: must be a list, not text"),
    (
        "goal: A brand\ndeliverables:\n  - Logo\n",
        "deliverables[1]: must be a mapping with a name, not text",
    ),
    (
        "goal: A brand\ndeliverables:\n  - name: Logo\n  - due: 2037-01-15\n",
        "deliverables[2].name: missing",
    ),
    ("goal: A brand\ndeliverables:\n  - name: ' '\n", "deliverables[1].name: missing"),
    (
        "goal: A brand\ndeliverables:\n  - name: Logo\n    owner: dana\n",
        "deliverables[1].owner: unknown key (the keys are name, due, criteria)",
    ),
    (
        "goal: A brand\ndeliverables:\n  - name: Logo\n    due: 20370115\n",
        "deliverables[1].due: must be a date like 2027-01-15, not a number",
    ),
    (
        "goal: A brand\ndeliverables:\n  - name: Logo\n    due: 2037-01-15 10:00:00\n",
        "deliverables[1].due: must be a date without a time, like 2027-01-15",
    ),
    (
        "goal: A brand\ndeliverables:\n  - name: Logo\n    criteria: three routes\n",
        "deliverables[1].criteria: must be a list, not text",
    ),
    (
        "goal: A brand\ndeliverables:\n  - name: Logo\n    criteria: [3, routes]\n",
        "deliverables[1].criteria[1]: must be text, not a number (put it in quotes)",
    ),
    (
        "goal: A brand\nout_of_scope: [Printing, no]\n",
        "out_of_scope[2]: must be text, not true/false (put it in quotes)",
    ),
]


@pytest.mark.parametrize(("text", "line"), MALFORMED)
def test_a_malformed_file_is_one_line_naming_the_field_and_stores_nothing(
    signoff: Signoff, tmp_path: Path, text: str, line: str
) -> None:
    create(signoff, "acme")
    (tmp_path / "brief.yaml").write_text(text, encoding="utf-8")

    run = signoff("brief", "import", "acme", "brief.yaml")

    assert (run.status, run.out) == (2, "")
    assert run.err.startswith(f"signoff: {line}") and run.err.count("\n") == 1, run.err
    assert stored_briefs(signoff, "acme") == []


def test_a_file_is_checked_before_the_project_is_looked_up(
    signoff: Signoff, tmp_path: Path
) -> None:
    (tmp_path / "latin1.yaml").write_bytes("goal: Café\n".encode("latin-1"))

    assert import_text(signoff, "nope", "goal: yes\n").err == (
        "signoff: goal: must be text, not true/false (put it in quotes)\n"
    )
    assert signoff("brief", "import", "nope", "latin1.yaml").err == (
        "signoff: latin1.yaml: not UTF-8 text\n"
    )
    assert said(signoff("brief", "import", "nope", "missing.yaml")) == (
        2, "", "signoff: cannot read missing.yaml: No such file or directory\n"
    )  # fmt: skip
    # A good file reaches the core, which knows the project is not there.
    assert said(import_text(signoff, "nope", DOCUMENTED)) == (1, "", f"signoff: {NO_PROJECT}\n")


# (what DOCUMENTED says, what the file says instead, the line the operator reads)
REFUSED = [
    ("    due: 2037-01-15", "    due: 2021-01-01",
     "deliverables[1].due: Fri 1 Jan 2021 is in the past."),
    ("12000.50 EUR", "12000 XYZ",
     "budget: “XYZ” is not a currency code: use one like EUR, USD or CNY."),
    ("12000.50 EUR", "12000.505 EUR",
     "budget: EUR has 2 decimal places: “12000.505” has more."),
    ("rounds: 3", "rounds: 21",
     "rounds: Give the revision rounds as a whole number from 0 to 20."),
    ("name: Guidelines", "name: LOGO",
     "deliverables[2].name: The brief already has a deliverable “LOGO”."),
]  # fmt: skip


@pytest.mark.parametrize(("documented", "typed", "line"), REFUSED)
def test_what_the_bot_refuses_names_its_field_and_stores_nothing(
    signoff: Signoff, documented: str, typed: str, line: str
) -> None:
    create(signoff, "acme")

    run = import_text(signoff, "acme", DOCUMENTED.replace(documented, typed))

    assert said(run) == (1, "", f"signoff: {line}\n")
    assert stored_briefs(signoff, "acme") == []


def test_a_refused_import_leaves_the_draft_as_it_was(signoff: Signoff) -> None:
    create(signoff, "acme")
    import_text(signoff, "acme", DOCUMENTED)

    run = import_text(signoff, "acme", "goal: Another\nbudget: 5 XYZ\n")

    assert run.status == 1
    assert body(signoff.ok("brief", "export", "acme")) == EXPORTED


def test_a_refusal_comes_in_the_projects_language(signoff: Signoff) -> None:
    create(signoff, "acme", "--locale", "zh-CN")

    run = import_text(signoff, "acme", DOCUMENTED.replace("2037-01-15", "2021-01-01"))

    assert said(run) == (1, "", "signoff: deliverables[1].due: 2021年1月1日（周五）已经过去了。\n")
    assert stored_briefs(signoff, "acme") == []


# --- The round trip of any brief the bot accepts -----------------------------------------------

# Words YAML would read as something else unless the writer quotes them.
_TRICKY = ["yes", "no", "null", "~", "3", "1.5", "2037-01-15", "- x", "a: b", "#c", "*x", "'q'"]
_WORDS = st.text(st.sampled_from("abcXYZ019 :#-_'\"[]{},&*!|>%@`é中文—“”"), max_size=40).map(
    str.strip
)
TEXT = st.one_of(st.sampled_from(_TRICKY), _WORDS).filter(bool)
CURRENCY_DIGITS = {"EUR": 2, "USD": 2, "CNY": 2, "JPY": 0, "KWD": 3}


@st.composite
def briefs(draw: st.DrawFn) -> tuple[dict[str, object], dict[str, object]]:
    """A brief file as an operator might write it (the budget currency first), and the export
    it must give: the same brief, the budget written amount first with every minor digit."""
    names = draw(st.lists(TEXT, max_size=4, unique_by=name_key))
    deliverables = []
    for name in names:
        item: dict[str, object] = {"name": name}
        if draw(st.booleans()):
            item["due"] = date.today() + timedelta(days=draw(st.integers(2, 3650)))
        if criteria := draw(st.lists(TEXT, max_size=3)):
            item["criteria"] = criteria
        deliverables.append(item)
    typed: dict[str, object] = {"goal": draw(TEXT)}
    exported = dict(typed)
    if draw(st.booleans()):
        currency = draw(st.sampled_from(sorted(CURRENCY_DIGITS)))
        minor, places = draw(st.integers(0, 10**10 - 1)), CURRENCY_DIGITS[currency]
        major, cents = divmod(minor, 10**places)
        amount = f"{major}.{cents:0{places}d}" if places else str(major)
        typed["budget"] = f"{currency} {amount}"
        exported["budget"] = f"{amount} {currency}"
    if (rounds := draw(st.none() | st.integers(0, 20))) is not None:
        typed["rounds"] = exported["rounds"] = rounds
    typed["deliverables"] = exported["deliverables"] = deliverables
    if out_of_scope := draw(st.lists(TEXT, max_size=3)):
        typed["out_of_scope"] = exported["out_of_scope"] = out_of_scope
    return typed, exported


# The fixture's database is shared by the examples on purpose: each import replaces the draft.
@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(brief=briefs())
def test_any_accepted_brief_exports_and_imports_back_unchanged(
    signoff: Signoff, brief: tuple[dict[str, object], dict[str, object]]
) -> None:
    typed, expected = brief
    for key in ("acme", "copy"):  # the first example creates them; later ones are told they exist
        signoff("project", "create", key, "--name", "Rebrand", "--client", "Acme Co.")
    written = yaml.safe_dump(typed, sort_keys=False, allow_unicode=True)
    assert import_text(signoff, "acme", written).status == 0

    exported = signoff.ok("brief", "export", "acme")
    assert yaml.safe_load(exported) == expected
    imported = import_text(signoff, "copy", exported)
    assert imported.status == 0, imported

    assert body(signoff.ok("brief", "export", "copy")) == body(exported)
