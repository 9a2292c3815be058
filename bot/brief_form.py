"""The brief as a form (`brief edit`: a Slack modal, a Teams card): every field at once, filled
with the draft as it stands, read back into one ImportBrief. A deliverable is one line,
"Name | due date | criteria; criteria" (the date and criteria may be left out); an out-of-scope
item is one line too."""

from __future__ import annotations

from collections.abc import Mapping

from bot.brief import Brief
from bot.brief_commands import DeliverableDraft, ImportBrief
from bot.errors import InvalidField
from bot.grammar_milestones import criteria_list
from bot.i18n import N_, tr
from bot.messages import Form, FormInput, InputKind

KIND = "brief"
ROUNDS_BAD = N_("Give the revision rounds as a whole number, or leave it empty.")
LINE_BAD = N_("Line {line}: write “Name | due date | criteria; criteria”.")


def brief_form(locale: str, brief: Brief | None) -> Form:
    """The form, filled with `brief` (the draft, or the version the next draft starts from)."""

    def t(message: str) -> str:
        return tr(locale, message)

    lines = [_line(d.name, d.due.isoformat() if d.due else "", d.criteria)
             for d in (brief.deliverables if brief else ())]  # fmt: skip
    budget = f"{brief.budget.amount} {brief.budget.currency}" if brief and brief.budget else ""
    rounds = str(brief.rounds) if brief and brief.rounds is not None else ""
    return Form(
        kind=KIND,
        title=t("Edit the brief"),
        submit_label=t("Save the draft"),
        inputs=(
            FormInput(
                name="goal",
                label=t("Goal"),
                kind=InputKind.LONG_TEXT,
                required=True,
                initial=brief.goal if brief else "",
            ),
            FormInput(
                name="deliverables",
                label=t("Deliverables, one a line: Name | due date | criteria; criteria"),
                kind=InputKind.LONG_TEXT,
                initial="\n".join(lines),
            ),
            FormInput(
                name="out_of_scope",
                label=t("Out of scope, one a line"),
                kind=InputKind.LONG_TEXT,
                initial="\n".join(brief.out_of_scope) if brief else "",
            ),
            FormInput(name="budget", label=t("Budget, like 12000 EUR"), initial=budget),
            FormInput(name="rounds", label=t("Revision rounds per milestone"), initial=rounds),
        ),
    )


def _line(name: str, due: str, criteria: tuple[str, ...]) -> str:
    parts = [name, due, "; ".join(criteria)]
    while parts and not parts[-1]:
        parts.pop()
    return " | ".join(parts)


def answered(answers: Mapping[str, str]) -> ImportBrief:
    """The brief the form's answers describe; InvalidField (named by input) for a line or a
    number that cannot be read. What the values mean is checked by the core's ImportBrief."""
    deliverables = []
    for n, line in enumerate(_lines(answers.get("deliverables", "")), 1):
        parts = [part.strip() for part in line.split("|")]
        if len(parts) > 3 or not parts[0]:
            raise InvalidField(KIND, "deliverables", LINE_BAD, line=n)
        due = parts[1] if len(parts) > 1 else ""
        criteria = criteria_list(parts[2]) if len(parts) > 2 else ()
        deliverables.append(DeliverableDraft(name=parts[0], due=due, criteria=criteria))
    rounds_typed = answers.get("rounds", "").strip()
    if rounds_typed and not (rounds_typed.isascii() and rounds_typed.isdigit()):
        raise InvalidField(KIND, "rounds", ROUNDS_BAD)
    return ImportBrief(
        goal=answers.get("goal", ""),
        deliverables=tuple(deliverables),
        out_of_scope=tuple(_lines(answers.get("out_of_scope", ""))),
        budget=answers.get("budget", "").strip(),
        rounds=int(rounds_typed) if rounds_typed else None,
    )


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]
