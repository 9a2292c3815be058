"""Change requests: raised by the studio (or proposed by the client without a price), priced by
the PM, sent to the client's approvers as a card, withdrawn before a decision. Money is counted
in one currency per project: the brief's."""

from __future__ import annotations

from dataclasses import replace

from bot import fields
from bot.access import STAGE_DECIDER
from bot.budget import currency_of
from bot.change_card import change_card, change_card_key, price_text, schedule_text
from bot.change_commands import (
    ListChanges,
    PriceChange,
    RaiseChange,
    SendChange,
    ShowChange,
    WithdrawChange,
)
from bot.change_requests import ChangeRequest, ChangeState
from bot.context import Context
from bot.errors import Conflict, Forbidden, NotFound
from bot.i18n import N_
from bot.labels import label, name_of
from bot.messages import Reply
from bot.model import Milestone, Stage
from bot.money import Money, parse_money
from bot.review import ATTEMPTS
from bot.typography import join_items, separator
from bot.usecases.milestones import find_milestone

ONLY_PM_PRICES = N_(
    "Only the project's PM prices a change request: propose it without a price, and the PM "
    "will price it."
)
ONLY_PM_OR_RAISER = N_("Only the project's PM, or who raised it, can withdraw {ref}.")
ONLY_PM = N_("Only the project's PM can price and send change requests.")
CHANGED = N_("{ref} changed a moment ago; please look again.")
OTHER_CURRENCY = N_("This project counts money in {currency}: give the price in {currency}.")


async def find_change(ctx: Context, number: int) -> ChangeRequest:
    change = await ctx.uow.changes.get(ctx.require_project().id, number)
    if change is None:
        raise NotFound("There is no change request CR-{number} in this project.", number=number)
    return change


async def project_currency(ctx: Context) -> str:
    """The project's one currency (bot.budget.currency_of); "" while nothing has a price."""
    project = ctx.require_project()
    briefs = await ctx.uow.briefs.list(project.id)
    return currency_of(briefs, await ctx.uow.changes.list(project.id))


async def priced(ctx: Context, typed: str) -> Money:
    """A price as typed, in the project's currency (named or not); refused in another."""
    currency = await project_currency(ctx)
    price = parse_money(typed, currency)
    if currency and price.currency != currency:
        raise Conflict(OTHER_CURRENCY, currency=currency)
    return price


async def list_changes(command: ListChanges, ctx: Context) -> list[Reply]:
    project = ctx.require_project()
    ctx.require("change")
    changes = await ctx.uow.changes.list(project.id)
    if not changes:
        return [
            ctx.to_caller(
                ctx.t('No change requests yet. Anyone raises one with “change request "TITLE"”.')
            )
        ]
    return [ctx.to_caller("\n".join(change_line(ctx, c) for c in changes))]


def change_line(ctx: Context, change: ChangeRequest) -> str:
    parts = (
        f"{change.ref} {change.title}",
        price_text(ctx, change),
        schedule_text(ctx, change),
        label(ctx.locale, change.state),
    )
    return separator(ctx.locale).join(parts)


async def show_change(command: ShowChange, ctx: Context) -> list[Reply]:
    ctx.require("change")
    change = await find_change(ctx, command.number)
    card = change_card(ctx, change)
    return [ctx.to_caller(card.text, card=card.card)]


async def raise_change(command: RaiseChange, ctx: Context) -> list[Reply]:
    project = ctx.require_project()
    ctx.require("change request")
    if command.price and not ctx.may("change price"):
        raise Forbidden(ONLY_PM_PRICES)
    title = fields.CHANGE_TITLE.checked("change", command.title, ctx.policy)
    description = fields.NOTE.checked("change", command.description, ctx.policy)
    milestone = await _touched(ctx, command.milestone)
    price = await priced(ctx, command.price) if command.price else None
    change = await ctx.uow.changes.add(
        ChangeRequest(
            project_id=project.id,
            title=title,
            description=description,
            price=price,
            days=command.days or 0,
            milestone=milestone.number if milestone else None,
            raised_by=ctx.actor,
            raised_at=ctx.now,
        )
    )
    await ctx.record("change.raised", change.ref, title=title, **_terms(change))
    return [ctx.to_channel(opened_text(ctx, change))]


async def open_for_round(
    ctx: Context, milestone: Milestone, note: str, round_used: int
) -> ChangeRequest:
    """The change request a request for changes beyond the contract's rounds opens: unpriced,
    the client's note as what it asks for, for the PM to price and send."""
    change = await ctx.uow.changes.add(
        ChangeRequest(
            project_id=ctx.require_project().id,
            title=ctx.t("Revision round {round} of {ref}", round=round_used, ref=milestone.ref),
            description=note,
            milestone=milestone.number,
            round=round_used,
            raised_by=ctx.actor,
            raised_at=ctx.now,
        )
    )
    await ctx.record("change.raised", change.ref, title=change.title, round=round_used,
                     **_terms(change))  # fmt: skip
    return change


def opened_text(ctx: Context, change: ChangeRequest) -> str:
    if change.price is None:
        return ctx.t(
            "{ref} “{title}” is opened by {who}, not priced yet. The PM prices it with "
            "“change price {ref} AMOUNT [days N]”.",
            ref=change.ref,
            title=change.title,
            who=name_of(change.raised_by),
        )
    return ctx.t(
        "{ref} “{title}”: {price}, {schedule}. “change send {ref}” asks the client's approvers.",
        ref=change.ref,
        title=change.title,
        price=change.price.shown(ctx.locale),
        schedule=schedule_text(ctx, change),
    )


async def price_change(command: PriceChange, ctx: Context) -> list[Reply]:
    ctx.require("change price", ONLY_PM)
    for _ in range(ATTEMPTS):
        change = await find_change(ctx, command.number)
        if change.state is not ChangeState.DRAFT:
            raise _not_draft(ctx, change)
        price = await priced(ctx, command.price)
        days = command.days if command.days is not None else change.days
        repriced = replace(change, price=price, days=days)
        if await ctx.uow.changes.save_if_unchanged(repriced):
            break
    else:
        raise Conflict(CHANGED, ref=change.ref)
    await ctx.record("change.priced", change.ref, before=_terms(change), after=_terms(repriced))
    return [ctx.to_channel(opened_text(ctx, repriced))]


async def send_change(command: SendChange, ctx: Context) -> list[Reply]:
    project = ctx.require_project()
    ctx.require("change send", ONLY_PM)
    change = await find_change(ctx, command.number)
    if change.state is not ChangeState.DRAFT:
        raise _not_draft(ctx, change)
    if change.price is None:
        raise Conflict("Price {ref} first: change price {ref} AMOUNT [days N].", ref=change.ref)
    members = await ctx.uow.members.list(project.id)
    approvers = [m.person for m in members if m.role is STAGE_DECIDER[Stage.CLIENT]]
    if not approvers:
        raise Conflict(
            "Nobody can accept {ref}: this project has no client approvers. Add one with "
            "“member add @person approver”.",
            ref=change.ref,
        )
    if not await ctx.uow.changes.settle(
        change, expected=ChangeState.DRAFT, state=ChangeState.SENT, by=ctx.actor, at=ctx.now
    ):
        raise Conflict(CHANGED, ref=change.ref)
    sent = replace(change, state=ChangeState.SENT, sent_by=ctx.actor, sent_at=ctx.now)
    await ctx.record("change.sent", change.ref, **_terms(sent))
    card = change_card(ctx, sent)
    names = join_items(ctx.locale, (name_of(p) for p in approvers))
    ask = ctx.t("{ref} is ready for {names} to accept or decline.", ref=change.ref, names=names)
    return [
        ctx.to_channel(card.text, card=card.card, card_key=change_card_key(sent)),
        ctx.to_channel(ask, mentions=tuple(approvers)),
    ]


async def withdraw_change(command: WithdrawChange, ctx: Context) -> list[Reply]:
    change = await find_change(ctx, command.number)
    ctx.require("change withdraw", ONLY_PM_OR_RAISER, author=change.raised_by, ref=change.ref)
    reason = fields.REASON.checked("change", command.reason, ctx.policy)
    if not change.open:
        raise _not_draft(ctx, change)
    if not await ctx.uow.changes.settle(
        change, expected=change.state, state=ChangeState.WITHDRAWN, by=ctx.actor, at=ctx.now,
        note=reason,
    ):  # fmt: skip
        raise Conflict(CHANGED, ref=change.ref)
    await ctx.record("change.withdrawn", change.ref, reason=reason, was=change.state.value)
    replies = []
    if change.state is ChangeState.SENT:  # its card's buttons go
        gone = replace(change, state=ChangeState.WITHDRAWN, decided_by=ctx.actor,
                       decided_at=ctx.now, decision_note=reason)  # fmt: skip
        key = change_card_key(gone)
        card = change_card(ctx, gone)
        replies.append(ctx.to_channel(card.text, card=card.card, card_key=key, replaces=key))
    text = ctx.t("{who} withdrew {ref} “{title}”.", who=name_of(ctx.actor), ref=change.ref,
                 title=change.title)  # fmt: skip
    return [*replies, ctx.to_channel(text)]


async def _touched(ctx: Context, number: int | None) -> Milestone | None:
    return await find_milestone(ctx, number) if number is not None else None


def _not_draft(ctx: Context, change: ChangeRequest) -> Conflict:
    if change.state is ChangeState.SENT:
        return Conflict(
            "{ref} is already waiting on the client; withdraw it to change it.", ref=change.ref
        )
    return Conflict(
        "{ref} is already {state}.", ref=change.ref, state=label(ctx.locale, change.state)
    )


def _terms(change: ChangeRequest) -> dict[str, object]:
    """What the audit keeps of a request's price and schedule: exact, never a float."""
    return {
        "price_minor": change.price.minor if change.price else None,
        "currency": change.price.currency if change.price else None,
        "days": change.days,
        "milestone": change.milestone,
    }
