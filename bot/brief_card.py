"""The brief's card: one version as the client confirms it, with live buttons while it waits on
the client's approvers; the same card is redrawn in place when they decide."""

from __future__ import annotations

from bot.actions import encode
from bot.brief import Brief, BriefDecisionKind, BriefDeliverable, BriefState
from bot.brief_commands import DecideBrief
from bot.context import Context
from bot.labels import label, name_of
from bot.messages import Action, ActionStyle, Card, Field, Message
from bot.typography import join_groups


def brief_card_key(brief: Brief) -> str:
    """Names the card of one version, so adapters can find every place they posted it."""
    return f"brief:{brief.project_id}:v{brief.version}"


def deliverable_line(ctx: Context, number: int, item: BriefDeliverable) -> str:
    """ "2. Logo · due Fri 15 Jan · criteria: three routes; one colour" """
    parts = [f"{number}. {item.name}"]
    parts.append(
        ctx.t("due {date}", date=ctx.day(item.due)) if item.due else ctx.t("no due date yet")
    )
    if item.criteria:
        criteria = join_groups(ctx.locale, item.criteria)
        parts.append(ctx.t("criteria: {items}", items=criteria))
    return " · ".join(parts)


def brief_fields(ctx: Context, brief: Brief) -> list[Field]:
    """What the brief says besides its deliverables, and where it stands."""
    fields = [Field(label=ctx.t("Status"), value=_state(ctx, brief))]
    if brief.goal:
        fields.append(Field(label=ctx.t("Goal"), value=brief.goal))
    project_rounds = ctx.require_project().revision_rounds
    rounds = brief.rounds if brief.rounds is not None else project_rounds
    fields.append(
        Field(label=ctx.t("Revision rounds"), value=ctx.t("{count} per milestone", count=rounds))
    )
    if brief.budget is not None:
        fields.append(Field(label=ctx.t("Budget"), value=brief.budget.shown(ctx.locale)))
    if brief.out_of_scope:
        items = "; ".join(f"{n}. {item}" for n, item in enumerate(brief.out_of_scope, 1))
        fields.append(Field(label=ctx.t("Out of scope"), value=items))
    return fields


def brief_card(ctx: Context, brief: Brief) -> Message:
    """The card of one version: live Confirm / Ask for changes only while it waits."""
    project = ctx.require_project()
    fields = brief_fields(ctx, brief)
    items = tuple(deliverable_line(ctx, n, d) for n, d in enumerate(brief.deliverables, 1))
    actions: tuple[Action, ...] = ()
    if brief.state is BriefState.SENT:

        def decide(kind: BriefDecisionKind) -> str:
            return encode(DecideBrief(kind=kind, version=brief.version))

        actions = (
            Action(
                label=ctx.t("Confirm"),
                command=decide(BriefDecisionKind.CONFIRM),
                style=ActionStyle.PRIMARY,
            ),
            Action(
                label=ctx.t("Ask for changes"),
                command=decide(BriefDecisionKind.CHANGES),
                style=ActionStyle.DANGER,
                needs_input=ctx.t("What should change?"),
            ),
        )
    history = _history(ctx, brief)
    title = ctx.t("Brief {version}", version=brief.ref)
    card = Card(
        title=title,
        subtitle=project.name,
        fields=tuple(fields),
        items=items,
        actions=actions,
        footer="\n".join(history),
    )
    lines = [title, *(ctx.t("{label}: {value}", label=f.label, value=f.value) for f in fields)]
    if items:
        lines.append(ctx.t("Deliverables:"))
        lines += items
    lines += history
    return Message(text="\n".join(lines), card=card)


def _state(ctx: Context, brief: Brief) -> str:
    state = label(ctx.locale, brief.state)
    if brief.state in (BriefState.CONFIRMED, BriefState.CHANGES) and brief.decided_at:
        return ctx.t(
            "{state} by {who} at {when}",
            state=state,
            who=name_of(brief.decided_by),
            when=ctx.when(brief.decided_at),
        )
    return state


def _history(ctx: Context, brief: Brief) -> list[str]:
    lines = []
    if brief.sent_at is not None:
        lines.append(
            ctx.t(
                "Sent by {who} at {when}", who=name_of(brief.sent_by), when=ctx.when(brief.sent_at)
            )
        )
    if brief.state is BriefState.CHANGES and brief.decision_note:
        lines.append(
            ctx.t(
                "✎ {who} asked for: {note}", who=name_of(brief.decided_by), note=brief.decision_note
            )
        )
    return lines
