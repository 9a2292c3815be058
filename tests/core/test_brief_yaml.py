"""The brief file (`signoff brief import` / `export`, bot/brief_yaml.py) on its own: what a file
reads as, the one line naming the field of a file that is not a brief, and what an export
writes, compared whole. The CLI's tests (tests/adapters/test_cli_brief.py) run it end to end."""

from __future__ import annotations

from datetime import date

import pytest

from bot.brief import Brief, BriefDeliverable
from bot.brief_commands import DeliverableDraft, ImportBrief
from bot.brief_yaml import BriefFileError, read_brief, write_brief
from bot.money import Money

DOCUMENTED = """\
goal: A brand the team can use
budget: 12000.50 EUR
rounds: 3
deliverables:
  - name: Logo
    due: 2037-01-15
    criteria: [three routes, one colour]
  - name: Guidelines
    due: next friday
  - name: ' Icons '
out_of_scope: [Printing, Signage]
"""


def test_a_documented_file_reads_as_the_whole_brief() -> None:
    assert read_brief(DOCUMENTED) == ImportBrief(
        goal="A brand the team can use",
        deliverables=(
            DeliverableDraft(
                name="Logo", due="2037-01-15", criteria=("three routes", "one colour")
            ),
            # A due date as typed in chat is the core's to read, in the project's order.
            DeliverableDraft(name="Guidelines", due="next friday"),
            DeliverableDraft(name=" Icons "),
        ),
        out_of_scope=("Printing", "Signage"),
        budget="12000.50 EUR",
        rounds=3,
    )


def test_a_file_with_only_a_goal_reads_as_a_brief_with_nothing_else() -> None:
    for text in ("goal: A brand\n", "goal: A brand\nbudget:\nrounds:\ndeliverables:\n"):
        assert read_brief(text) == ImportBrief(goal="A brand")
    # Zero rounds is a contract's choice, not "none given"; an empty goal is the core's to refuse.
    assert read_brief("goal: ''\nrounds: 0\nout_of_scope: []\n") == ImportBrief(goal="", rounds=0)


def refusal(text: str, **source: str) -> tuple[str, str, str]:
    with pytest.raises(BriefFileError) as refused:
        read_brief(text, **source)
    return refused.value.field, refused.value.message, str(refused.value)


def test_a_file_that_is_not_yaml_or_not_a_mapping_is_named_by_its_source() -> None:
    assert refusal("goal: [A brand\n", source="brief.yaml") == (
        "brief.yaml",
        "not valid YAML at line 2: expected ',' or ']', but got '<stream end>'",
        "brief.yaml: not valid YAML at line 2: expected ',' or ']', but got '<stream end>'",
    )
    # A character YAML refuses before parsing has no line: the error's own first line says where.
    assert refusal("goal: A\x00brand\n") == (
        "the file",
        "not valid YAML: unacceptable character #x0000: special characters are not allowed",
        "the file: not valid YAML: unacceptable character #x0000: special characters are not "
        "allowed",
    )
    assert refusal("", source="-") == (
        "-",
        "must be a mapping with a goal, not empty",
        "-: must be a mapping with a goal, not empty",
    )
    assert refusal("- goal: A brand\n")[2] == "the file: must be a mapping with a goal, not a list"
    assert refusal("A brand\n")[2] == "the file: must be a mapping with a goal, not text"


# (the file, the line naming what is wrong)
MALFORMED = [
    ("budget: 100 EUR\n", "goal: missing"),
    ("goal:\n", "goal: missing"),
    ("goal: A\ncolour: red\n",
     "colour: unknown key (the keys are goal, budget, rounds, deliverables, out_of_scope)"),
    ("goal: A\n2: red\n",
     "2: unknown key (the keys are goal, budget, rounds, deliverables, out_of_scope)"),
    ("goal: 2027\n", "goal: must be text, not a number (put it in quotes)"),
    ("goal: 1.5\n", "goal: must be text, not a number (put it in quotes)"),
    ("goal: yes\n", "goal: must be text, not true/false (put it in quotes)"),
    ("goal: 2027-01-15\n", "goal: must be text, not a date (put it in quotes)"),
    ("goal: [A, B]\n", "goal: must be text, not a list"),
    ("goal: {A: B}\n", "goal: must be text, not a mapping"),
    ("goal: !!binary aGk=\n", "goal: must be text, not bytes"),
    ("goal: A\nbudget: 12000.5\n",
     'budget: write it with its currency as a string, like "12000.50 EUR"'),
    ("goal: A\nbudget: 12000\n",
     'budget: write it with its currency as a string, like "12000.50 EUR"'),
    ("goal: A\nrounds: three\n", "rounds: must be a whole number, not text"),
    ("goal: A\nrounds: true\n", "rounds: must be a whole number, not true/false"),
    ("goal: A\nrounds: 2.5\n", "rounds: must be a whole number, not a number"),
    ("goal: A\ndeliverables: Logo\n", "deliverables: must be a list, not text"),
    ("goal: A\ndeliverables: {name: Logo}\n", "deliverables: must be a list, not a mapping"),
    ("goal: A\ndeliverables:\n  - Logo\n",
     "deliverables[1]: must be a mapping with a name, not text"),
    ("goal: A\ndeliverables:\n  - name: Logo\n  -\n",
     "deliverables[2]: must be a mapping with a name, not empty"),
    ("goal: A\ndeliverables:\n  - name: Logo\n  - due: 2037-01-15\n",
     "deliverables[2].name: missing"),
    ("goal: A\ndeliverables:\n  - name: ' '\n", "deliverables[1].name: missing"),
    ("goal: A\ndeliverables:\n  - name: ''\n", "deliverables[1].name: missing"),
    ("goal: A\ndeliverables:\n  - name: 7\n",
     "deliverables[1].name: must be text, not a number (put it in quotes)"),
    ("goal: A\ndeliverables:\n  - name: Logo\n    owner: dana\n",
     "deliverables[1].owner: unknown key (the keys are name, due, criteria)"),
    ("goal: A\ndeliverables:\n  - name: Logo\n    due: 20370115\n",
     "deliverables[1].due: must be a date like 2027-01-15, not a number"),
    ("goal: A\ndeliverables:\n  - name: Logo\n    due: [2037-01-15]\n",
     "deliverables[1].due: must be a date like 2027-01-15, not a list"),
    ("goal: A\ndeliverables:\n  - name: Logo\n    due: 2037-01-15 10:00:00\n",
     "deliverables[1].due: must be a date without a time, like 2027-01-15"),
    ("goal: A\ndeliverables:\n  - name: Logo\n    criteria: three routes\n",
     "deliverables[1].criteria: must be a list, not text"),
    ("goal: A\ndeliverables:\n  - name: Logo\n    criteria: [routes, 3]\n",
     "deliverables[1].criteria[2]: must be text, not a number (put it in quotes)"),
    ("goal: A\ndeliverables:\n  - name: Logo\n    criteria: [~]\n",
     "deliverables[1].criteria[1]: must be text, not empty"),
    ("goal: A\nout_of_scope: [Printing, no]\n",
     "out_of_scope[2]: must be text, not true/false (put it in quotes)"),
    ("goal: A\nout_of_scope: Printing\n", "out_of_scope: must be a list, not text"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "line"), MALFORMED)
def test_a_file_that_is_not_a_brief_names_the_field_and_says_what_is_wrong(
    text: str, line: str
) -> None:
    field, message, said = refusal(text)
    assert said == line
    assert f"{field}: {message}" == line  # a form shows the message beside the field


BRIEF = Brief(
    project_id=1,
    version=2,
    goal="A brand: the team's own",
    deliverables=(
        BriefDeliverable(name="Logo", due=date(2037, 1, 15), criteria=("three routes", "yes")),
        BriefDeliverable(name="品牌手册"),
    ),
    out_of_scope=("Printing", "3"),
    rounds=0,
    budget=Money(1_200_050, "EUR"),
)
# What an export writes for BRIEF: every minor digit of the budget, words YAML would read as
# something else quoted, Chinese as itself.
WRITTEN = """\
goal: 'A brand: the team''s own'
budget: 12000.50 EUR
rounds: 0
deliverables:
- name: Logo
  due: 2037-01-15
  criteria:
  - three routes
  - 'yes'
- name: 品牌手册
out_of_scope:
- Printing
- '3'
"""


def test_an_export_writes_the_whole_brief_under_its_comment_and_reads_back_the_same() -> None:
    assert write_brief(BRIEF) == WRITTEN
    assert write_brief(BRIEF, comment="Brief v2 of acme (draft)") == (
        "# Brief v2 of acme (draft)\n" + WRITTEN
    )
    assert read_brief(write_brief(BRIEF, comment="Brief v2")) == ImportBrief(
        goal="A brand: the team's own",
        deliverables=(
            DeliverableDraft(name="Logo", due="2037-01-15", criteria=("three routes", "yes")),
            DeliverableDraft(name="品牌手册"),
        ),
        out_of_scope=("Printing", "3"),
        budget="12000.50 EUR",
        rounds=0,
    )


def test_an_export_of_a_bare_brief_writes_its_goal_and_an_empty_list_of_deliverables() -> None:
    bare = Brief(project_id=1, goal="A brand")
    assert write_brief(bare) == "goal: A brand\ndeliverables: []\n"
    assert read_brief(write_brief(bare)) == ImportBrief(goal="A brand")
    # A currency without minor units is written without a decimal point.
    yen = Brief(project_id=1, goal="A", budget=Money(500, "JPY"), rounds=20)
    assert write_brief(yen) == "goal: A\nbudget: 500 JPY\nrounds: 20\ndeliverables: []\n"
