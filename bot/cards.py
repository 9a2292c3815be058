"""The milestone sign-off card: one neutral message shown when work is submitted and after each
decision, so every platform can render (and later replace) the same thing."""

from __future__ import annotations

from collections.abc import Sequence

from bot.context import Context
from bot.labels import label, name_of
from bot.messages import Action, ActionStyle, Card, Field, Message
from bot.model import Decision, DecisionKind, Milestone, MilestoneState, Person
from bot.typography import join_groups, join_items


def card_key(milestone: Milestone) -> str:
    """Names the card of one version, so adapters can find every place they posted it."""
    return f"milestone:{milestone.id}:v{milestone.version}"


def decision_line(ctx: Context, decision: Decision) -> str:
    mark = "✔" if decision.kind is DecisionKind.APPROVE else "✎"
    line = ctx.t(
        "{mark} {who} {outcome} ({stage}) at {when}",
        mark=mark,
        who=name_of(decision.person),
        outcome=label(ctx.locale, decision.kind),
        stage=label(ctx.locale, decision.stage),
        when=ctx.when(decision.decided_at),
    )
    return ctx.t("{line}: {note}", line=line, note=decision.note) if decision.note else line


def milestone_card(
    ctx: Context,
    milestone: Milestone,
    *,
    awaiting: Sequence[Person],
    decisions: Sequence[Decision],
) -> Message:
    """The card for the milestone's current version: live buttons only while a decision is due."""
    project = ctx.require_project()
    state = label(ctx.locale, milestone.state)
    if milestone.state is MilestoneState.IN_REVIEW and milestone.stage is not None:
        state = ctx.t("{state} · {stage}", state=state, stage=label(ctx.locale, milestone.stage))
    fields = [
        Field(label=ctx.t("Status"), value=state),
        Field(label=ctx.t("Due"), value=ctx.day(milestone.due_date)),
        Field(
            label=ctx.t("Revision rounds"),
            value=ctx.t(
                "{used} of {allowed} used",
                used=milestone.rounds_used,
                allowed=project.revision_rounds,
            ),
        ),
    ]
    if awaiting and milestone.state is MilestoneState.IN_REVIEW:
        names = join_items(ctx.locale, (name_of(person) for person in awaiting))
        fields.append(Field(label=ctx.t("Waiting on"), value=names))
    if milestone.submit_note:
        fields.append(Field(label=ctx.t("Note"), value=milestone.submit_note))
    actions: tuple[Action, ...] = ()
    if milestone.state is MilestoneState.IN_REVIEW:
        ref = f"{milestone.ref}@v{milestone.version}"
        actions = (
            Action(label=ctx.t("Approve"), command=f"approve {ref}", style=ActionStyle.PRIMARY),
            Action(
                label=ctx.t("Request changes"),
                command=f"changes {ref}",
                style=ActionStyle.DANGER,
                needs_input=ctx.t("What should change?"),
            ),
        )
    history = [decision_line(ctx, decision) for decision in decisions]
    title = f"{milestone.ref} {milestone.name} · v{milestone.version}"
    card = Card(
        title=title,
        subtitle=project.name,
        fields=tuple(fields),
        items=milestone.criteria,
        actions=actions,
        footer="\n".join(history),
    )
    text_lines = [title, *(ctx.t("{label}: {value}", label=f.label, value=f.value) for f in fields)]
    if milestone.criteria:
        text_lines.append(
            ctx.t("Acceptance criteria: {items}", items=join_groups(ctx.locale, milestone.criteria))
        )
    text_lines += history
    return Message(text="\n".join(text_lines), card=card)
