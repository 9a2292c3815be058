"""The whole brief at once, from a file or a form: every field checked as a typed edit would
check it, a refusal naming the field (`deliverables[2].due`), nothing stored unless all pass."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

from bot import fields
from bot.brief import MAX_DELIVERABLES, MAX_OUT_OF_SCOPE, Brief, BriefDeliverable
from bot.brief_commands import ImportBrief, OpenBriefForm
from bot.brief_form import brief_form
from bot.context import Context
from bot.errors import Conflict, InvalidField, SignoffError
from bot.grammar_terms import MAX_ROUNDS
from bot.i18n import N_
from bot.messages import Reply
from bot.money import Money, parse_money
from bot.review import ATTEMPTS
from bot.usecases.briefs import (
    CHANGED,
    DOUBLE,
    ONLY_PM,
    TOO_MANY_DELIVERABLES,
    TOO_MANY_ITEMS,
    drafted_text,
    open_draft,
    refuse_other_currency,
)
from bot.usecases.due_dates import read_due_date
from bot.usecases.milestone_input import criteria_of, milestone_name, name_key

# Said with the form, and instead of it where no form can be opened.
TYPE_IT = N_("Edit the brief in the form, or type it: brief set goal …, brief add deliverable …")
ROUNDS_RANGE = N_("Give the revision rounds as a whole number from 0 to {max}.")


@contextmanager
def naming(field: str) -> Iterator[None]:
    """Re-raise a refusal from inside as one naming `field`, as a form shows it."""
    try:
        yield
    except SignoffError as refusal:  # a field rule's own name ("name") gives way to the path
        raise InvalidField("brief", field, refusal.message, **refusal.params) from None


async def open_brief_form(command: OpenBriefForm, ctx: Context) -> list[Reply]:
    ctx.require("brief edit", ONLY_PM)
    latest = await ctx.uow.briefs.latest(ctx.require_project().id)
    form = brief_form(ctx.locale, latest)
    return [ctx.to_caller(ctx.t(TYPE_IT), form=form)]


async def import_brief(command: ImportBrief, ctx: Context) -> list[Reply]:
    ctx.require("brief edit", ONLY_PM)
    content = _content(ctx, command)
    with naming("budget"):
        await refuse_other_currency(ctx, content.budget)
    for _ in range(ATTEMPTS):
        draft, started = await open_draft(ctx)
        filled = replace(
            draft,
            goal=content.goal,
            deliverables=content.deliverables,
            out_of_scope=content.out_of_scope,
            budget=content.budget,
            rounds=content.rounds,
        )
        if await ctx.uow.briefs.save_draft(filled):
            break
    else:
        raise Conflict(CHANGED)
    await ctx.record("brief.imported", f"brief {filled.ref}", deliverables=len(filled.deliverables))
    said = ctx.t(
        "Imported: {count} deliverables, {items} out-of-scope items.",
        count=len(filled.deliverables),
        items=len(filled.out_of_scope),
    )
    return [ctx.to_caller(drafted_text(ctx, filled, said, started=started))]


def _content(ctx: Context, command: ImportBrief) -> Brief:
    with naming("goal"):
        goal = fields.GOAL.checked("brief", command.goal, ctx.policy)
    if len(command.deliverables) > MAX_DELIVERABLES:
        raise InvalidField("brief", "deliverables", TOO_MANY_DELIVERABLES, count=MAX_DELIVERABLES)
    items: list[BriefDeliverable] = []
    for n, typed in enumerate(command.deliverables, 1):
        with naming(f"deliverables[{n}].name"):
            name = milestone_name(ctx, typed.name)
            if any(name_key(item.name) == name_key(name) for item in items):
                raise Conflict(DOUBLE, name=name)
        with naming(f"deliverables[{n}].due"):
            due = read_due_date(ctx, typed.due, verb="brief") if typed.due else None
        with naming(f"deliverables[{n}].criteria"):
            criteria = criteria_of(ctx, typed.criteria)
        items.append(BriefDeliverable(name=name, due=due, criteria=criteria))
    if len(command.out_of_scope) > MAX_OUT_OF_SCOPE:
        raise InvalidField("brief", "out_of_scope", TOO_MANY_ITEMS, count=MAX_OUT_OF_SCOPE)
    scope = []
    for n, item in enumerate(command.out_of_scope, 1):
        with naming(f"out_of_scope[{n}]"):
            scope.append(fields.SCOPE_ITEM.checked("brief", item, ctx.policy))
    budget: Money | None = None
    with naming("budget"):
        budget = parse_money(command.budget) if command.budget else None
    if command.rounds is not None and not 0 <= command.rounds <= MAX_ROUNDS:
        raise InvalidField("brief", "rounds", ROUNDS_RANGE, max=MAX_ROUNDS)
    return Brief(
        project_id=ctx.require_project().id,
        goal=goal,
        deliverables=tuple(items),
        out_of_scope=tuple(scope),
        budget=budget,
        rounds=command.rounds,
    )
