"""A change request's card: what it asks for, its price and schedule, where it stands; live
Accept / Decline only while it waits on the client's approvers. Redrawn in place when decided."""

from __future__ import annotations

from bot.actions import encode
from bot.change_commands import DecideChange
from bot.change_requests import ChangeDecisionKind, ChangeRequest, ChangeState
from bot.context import Context
from bot.labels import label, name_of
from bot.messages import Action, ActionStyle, Card, Field, Message


def change_card_key(change: ChangeRequest) -> str:
    return f"change:{change.project_id}:{change.number}"


def price_text(ctx: Context, change: ChangeRequest) -> str:
    return change.price.shown(ctx.locale) if change.price else ctx.t("not priced yet")


def schedule_text(ctx: Context, change: ChangeRequest) -> str:
    """ "+3 working days to M-1" / "no change to the schedule" """
    if not change.days:
        return ctx.t("no change to the schedule")
    days = (
        ctx.t("+1 working day")
        if change.days == 1
        else ctx.t("+{count} working days", count=change.days)
    )
    if change.milestone is None:
        return days
    return ctx.t("{days} to M-{number}", days=days, number=change.milestone)


def change_fields(ctx: Context, change: ChangeRequest) -> list[Field]:
    fields = [
        Field(label=ctx.t("Status"), value=_state(ctx, change)),
        Field(label=ctx.t("Price"), value=price_text(ctx, change)),
        Field(label=ctx.t("Schedule"), value=schedule_text(ctx, change)),
    ]
    if change.description:
        fields.append(Field(label=ctx.t("What"), value=change.description))
    if change.round is not None and change.milestone is not None:
        fields.append(
            Field(
                label=ctx.t("Why"),
                value=ctx.t(
                    "revision round {round} of M-{number}, beyond the contract's",
                    round=change.round,
                    number=change.milestone,
                ),
            )
        )
    return fields


def change_card(ctx: Context, change: ChangeRequest) -> Message:
    project = ctx.require_project()
    fields = change_fields(ctx, change)
    actions: tuple[Action, ...] = ()
    if change.state is ChangeState.SENT:

        def decide(kind: ChangeDecisionKind) -> str:
            return encode(DecideChange(number=change.number, kind=kind))

        actions = (
            Action(
                label=ctx.t("Accept"),
                command=decide(ChangeDecisionKind.ACCEPT),
                style=ActionStyle.PRIMARY,
            ),
            Action(
                label=ctx.t("Decline"),
                command=decide(ChangeDecisionKind.DECLINE),
                style=ActionStyle.DANGER,
                needs_input=ctx.t("Why decline it?"),
            ),
        )
    title = f"{change.ref} · {change.title}"
    history = []
    if change.sent_at is not None:
        history.append(
            ctx.t(
                "Sent by {who} at {when}",
                who=name_of(change.sent_by),
                when=ctx.when(change.sent_at),
            )
        )
    card = Card(
        title=title,
        subtitle=project.name,
        fields=tuple(fields),
        actions=actions,
        footer="\n".join(history),
    )
    lines = [title, *(ctx.t("{label}: {value}", label=f.label, value=f.value) for f in fields)]
    return Message(text="\n".join([*lines, *history]), card=card)


def _state(ctx: Context, change: ChangeRequest) -> str:
    state = label(ctx.locale, change.state)
    if change.decided_at is not None and change.state is not ChangeState.SENT:
        state = ctx.t(
            "{state} by {who} at {when}",
            state=state,
            who=name_of(change.decided_by),
            when=ctx.when(change.decided_at),
        )
        if change.decision_note:
            state = ctx.t("{line}: {note}", line=state, note=change.decision_note)
    return state
