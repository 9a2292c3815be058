"""The brief: shown to anyone in the project, drafted by the PM one change at a time, sent to
the client's approvers as a card. A sent version is never changed: the next edit drafts the
next version from it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from bot import fields
from bot.access import STAGE_DECIDER
from bot.brief import MAX_DELIVERABLES, MAX_OUT_OF_SCOPE, Brief, BriefDeliverable, BriefState
from bot.brief_card import brief_card, brief_card_key
from bot.brief_commands import BriefEdit, EditBrief, SendBrief, ShowBrief
from bot.context import Context
from bot.errors import Conflict, NotFound, UsageError
from bot.i18n import N_
from bot.labels import label, name_of
from bot.messages import Reply
from bot.model import Member, Stage
from bot.money import Money, parse_money
from bot.review import ATTEMPTS
from bot.typography import join_items, separator
from bot.usecases.due_dates import read_due_date
from bot.usecases.milestone_input import criteria_of, milestone_name, name_key

ONLY_PM = N_("Only the project's PM can draft and send the brief.")
NO_BRIEF = N_("This project has no brief yet. A PM starts one with “brief set goal …”.")
NO_DELIVERABLE = N_("The brief has no deliverable {number}; “brief” shows them numbered.")
NO_SCOPE_ITEM = N_("The brief has no out-of-scope item {number}; “brief” shows them numbered.")
TOO_MANY_DELIVERABLES = N_("A brief holds at most {count} deliverables.")
TOO_MANY_ITEMS = N_("A brief holds at most {count} out-of-scope items.")
DOUBLE = N_("The brief already has a deliverable “{name}”.")
CHANGED = N_("The brief changed a moment ago; please look again.")


async def show_brief(command: ShowBrief, ctx: Context) -> list[Reply]:
    project = ctx.require_project()
    ctx.require("brief")
    if command.version is None:
        brief = await ctx.uow.briefs.latest(project.id)
    else:
        brief = await ctx.uow.briefs.get(project.id, command.version)
    if brief is None:
        if command.version is not None:
            raise NotFound("The brief has no version v{version}.", version=command.version)
        return [ctx.to_caller(ctx.t(NO_BRIEF))]
    card = brief_card(ctx, brief)
    replies = [ctx.to_caller(card.text, card=card.card)]
    reference = await ctx.uow.briefs.confirmed(project.id)
    if reference is not None and reference.version < brief.version:
        replies.append(
            ctx.to_caller(
                ctx.t(
                    "The confirmed brief is still {version}; “brief {version}” shows it.",
                    version=reference.ref,
                )
            )
        )
    return replies


async def edit_brief(command: EditBrief, ctx: Context) -> list[Reply]:
    ctx.require("brief edit", ONLY_PM)
    for _ in range(ATTEMPTS):
        draft, started = await open_draft(ctx)
        edited, said = await _apply(ctx, draft, command)
        if await ctx.uow.briefs.save_draft(edited):
            break
    else:
        raise Conflict(CHANGED)
    await ctx.record("brief.edited", f"brief {edited.ref}", change=command.edit.value, said=said)
    return [ctx.to_caller(drafted_text(ctx, edited, said, started=started))]


async def open_draft(ctx: Context) -> tuple[Brief, bool]:
    """The draft to change: the newest version while it is one, else a new version drafted from
    the newest (or an empty v1); True when it was drafted just now."""
    project = ctx.require_project()
    latest = await ctx.uow.briefs.latest(project.id)
    if latest is None:
        first = Brief(project_id=project.id, drafted_by=ctx.actor, drafted_at=ctx.now)
        return await ctx.uow.briefs.add(first), True
    if not latest.editable:
        return await ctx.uow.briefs.add(latest.next_draft(by=ctx.actor, at=ctx.now)), True
    return latest, False


def drafted_text(ctx: Context, brief: Brief, said: str, *, started: bool) -> str:
    """What the PM is told after a change: which version it went into, and what next."""
    lead = (
        ctx.t("Brief {version} drafted.", version=brief.ref)
        if started
        else ctx.t("Brief {version}:", version=brief.ref)
    )
    tail = ctx.t("“brief” shows it; “brief send” posts it for the client's approvers.")
    return f"{lead} {said} {tail}" if ctx.locale == "en" else f"{lead}{said}{tail}"


async def _apply(ctx: Context, brief: Brief, command: EditBrief) -> tuple[Brief, str]:
    """The draft with the change made, and a sentence saying what changed."""
    edit, items = command.edit, list(brief.deliverables)
    if edit is BriefEdit.GOAL:
        goal = fields.GOAL.checked("brief", command.text, ctx.policy)
        return replace(brief, goal=goal), ctx.t("Goal set.")
    if edit is BriefEdit.ADD_DELIVERABLE:
        name = milestone_name(ctx, command.name)
        if any(name_key(item.name) == name_key(name) for item in items):
            raise Conflict(DOUBLE, name=name)
        if len(items) >= MAX_DELIVERABLES:
            raise UsageError("brief", TOO_MANY_DELIVERABLES, count=MAX_DELIVERABLES)
        due = read_due_date(ctx, command.due, verb="brief") if command.due else None
        items.append(
            BriefDeliverable(name=name, due=due, criteria=criteria_of(ctx, command.criteria))
        )
        said = ctx.t("Deliverable {number} added: “{name}”.", number=len(items), name=name)
        return replace(brief, deliverables=tuple(items)), said
    if edit is BriefEdit.ADD_OUT_OF_SCOPE:
        item = fields.SCOPE_ITEM.checked("brief", command.text, ctx.policy)
        if len(brief.out_of_scope) >= MAX_OUT_OF_SCOPE:
            raise UsageError("brief", TOO_MANY_ITEMS, count=MAX_OUT_OF_SCOPE)
        scope = (*brief.out_of_scope, item)
        said = ctx.t("Out of scope {number}: {item}.", number=len(scope), item=item)
        return replace(brief, out_of_scope=scope), said
    if edit is BriefEdit.REMOVE_OUT_OF_SCOPE:
        kept = list(brief.out_of_scope)
        gone = _pick(kept, command.number, NO_SCOPE_ITEM)
        del kept[command.number - 1]
        return replace(brief, out_of_scope=tuple(kept)), ctx.t("Removed: {item}.", item=gone)
    if edit is BriefEdit.BUDGET:
        budget = parse_money(command.text, brief.budget.currency if brief.budget else "")
        await refuse_other_currency(ctx, budget)
        said = ctx.t("Budget: {amount}.", amount=budget.shown(ctx.locale))
        return replace(brief, budget=budget), said
    if edit is BriefEdit.ROUNDS:
        rounds = command.rounds
        shown = rounds if rounds is not None else ctx.require_project().revision_rounds
        said = ctx.t("Revision rounds: {count} per milestone.", count=shown)
        return replace(brief, rounds=rounds), said
    item = _pick(items, command.number, NO_DELIVERABLE)
    index = items.index(item)
    if edit is BriefEdit.REMOVE_DELIVERABLE:
        del items[index]
        said = ctx.t("Deliverable “{name}” removed.", name=item.name)
    elif edit is BriefEdit.DUE:
        due = read_due_date(ctx, command.due, verb="brief")
        items[index] = replace(item, due=due)
        said = ctx.t("“{name}” is due {date}.", name=item.name, date=ctx.day(due))
    else:
        items[index] = replace(item, criteria=criteria_of(ctx, command.criteria))
        said = ctx.t("New criteria for “{name}”.", name=item.name)
    return replace(brief, deliverables=tuple(items)), said


async def refuse_other_currency(ctx: Context, budget: Money | None) -> None:
    """A project counts money in one currency: once a change request has a price, the brief's
    budget is in the same one (sums are never converted)."""
    if budget is None:
        return
    changes = await ctx.uow.changes.list(ctx.require_project().id)
    for price in (c.price for c in changes if c.price is not None):
        if price.currency != budget.currency:
            raise Conflict(
                "The change requests are priced in {currency}: the budget must be in "
                "{currency} too.",
                currency=price.currency,
            )


def _pick(items: list[Any], number: int, missing: str) -> Any:
    if not 1 <= number <= len(items):
        raise NotFound(missing, number=number)
    return items[number - 1]


async def send_brief(command: SendBrief, ctx: Context) -> list[Reply]:
    project = ctx.require_project()
    ctx.require("brief send", ONLY_PM)
    brief = await ctx.uow.briefs.latest(project.id)
    if brief is None:
        raise NotFound(NO_BRIEF)
    if not brief.editable:
        raise Conflict(
            "Brief {version} is already {state}; change something to draft the next version.",
            version=brief.ref,
            state=label(ctx.locale, brief.state),
        )
    _refuse_incomplete(brief)
    members = await ctx.uow.members.list(project.id)
    approvers = _approvers(members)
    if not approvers:
        raise Conflict(
            "Nobody can confirm the brief: this project has no client approvers. Add one with "
            "“member add @person approver”."
        )
    if not await ctx.uow.briefs.settle(
        brief, expected=BriefState.DRAFT, state=BriefState.SENT, by=ctx.actor, at=ctx.now
    ):
        raise Conflict(CHANGED)
    replies = await _supersede(ctx, brief)
    sent = replace(brief, state=BriefState.SENT, sent_by=ctx.actor, sent_at=ctx.now)
    await ctx.record("brief.sent", f"brief {sent.ref}", deliverables=len(sent.deliverables))
    card = brief_card(ctx, sent)
    names = join_items(ctx.locale, (a.person.display_name for a in approvers))
    ask = ctx.t("Brief {version} is ready for {names} to confirm.", version=sent.ref, names=names)
    return [
        *replies,
        ctx.to_channel(card.text, card=card.card, card_key=brief_card_key(sent)),
        ctx.to_channel(ask, mentions=tuple(a.person for a in approvers)),
    ]


def _refuse_incomplete(brief: Brief) -> None:
    if not brief.goal:
        raise UsageError("brief", "Say what the project is for first: brief set goal …")
    if not brief.deliverables:
        raise UsageError("brief", 'List a deliverable first: brief add deliverable "NAME" due DATE')
    if missing := brief.missing_dates():
        raise UsageError(
            "brief",
            "Deliverable {number} has no due date: brief due {number} DATE",
            number=missing[0],
        )


async def _supersede(ctx: Context, sent: Brief) -> list[Reply]:
    """An earlier version still waiting on the client is replaced by this one: its buttons go."""
    replies = []
    for earlier in await ctx.uow.briefs.list(sent.project_id):
        if earlier.version < sent.version and earlier.state is BriefState.SENT:
            if await ctx.uow.briefs.settle(
                earlier,
                expected=BriefState.SENT,
                state=BriefState.SUPERSEDED,
                by=ctx.actor,
                at=ctx.now,
            ):
                old = replace(earlier, state=BriefState.SUPERSEDED)
                key = brief_card_key(old)
                card = brief_card(ctx, old)
                replies.append(
                    ctx.to_channel(card.text, card=card.card, card_key=key, replaces=key)
                )
    return replies


def _approvers(members: Sequence[Member]) -> list[Member]:
    return [m for m in members if m.role is STAGE_DECIDER[Stage.CLIENT]]


async def brief_standing(ctx: Context) -> str:
    """Where the brief stands, in a line: confirmed (and a newer draft or sent version if
    there is one), waiting on the client and for how long, or still a draft; "" without one."""
    project = ctx.require_project()
    latest = await ctx.uow.briefs.latest(project.id)
    if latest is None:
        return ""
    reference = await ctx.uow.briefs.confirmed(project.id)
    parts = []
    if reference is not None and reference.decided_at is not None:
        parts.append(
            ctx.t(
                "{version} confirmed by {who} at {when}",
                version=reference.ref,
                who=name_of(reference.decided_by),
                when=ctx.when(reference.decided_at),
            )
        )
    else:
        parts.append(ctx.t("not confirmed"))
    # Versions, not objects: the two are read apart, so `is` never matched and the confirmed
    # version was said twice ("v1 confirmed by Ava at … · v1 confirmed").
    if reference is None or latest.version != reference.version:
        parts.append(_newest(ctx, latest))
    return separator(ctx.locale).join(parts)


def _newest(ctx: Context, brief: Brief) -> str:
    if brief.state is BriefState.SENT and brief.sent_at is not None:
        return ctx.t(
            "{version} waits on the client, for {duration}",
            version=brief.ref,
            duration=ctx.since(brief.sent_at),
        )
    return ctx.t("{version} {state}", version=brief.ref, state=label(ctx.locale, brief.state))
