"""`budget`: the project's money in the channel (bot/budget.py counts it)."""

from __future__ import annotations

from bot.budget import Budget, budget_from
from bot.change_commands import ShowBudget
from bot.context import Context
from bot.labels import label
from bot.messages import Reply
from bot.usecases.change_requests import change_line


async def budget_of(ctx: Context) -> Budget:
    project = ctx.require_project()
    briefs = await ctx.uow.briefs.list(project.id)
    return budget_from(briefs, await ctx.uow.changes.list(project.id))


async def show_budget(command: ShowBudget, ctx: Context) -> list[Reply]:
    ctx.require("budget")
    budget = await budget_of(ctx)
    if budget.brief is None and not budget.accepted and not budget.waiting:
        return [
            ctx.to_caller(
                ctx.t("No budget yet. A PM sets the brief's with “brief budget 12000 EUR”.")
            )
        ]
    lines = []
    if budget.brief is not None and budget.brief.budget is not None:
        lines.append(
            ctx.t(
                "Brief {version} ({state}): {amount}",
                version=budget.brief.ref,
                state=label(ctx.locale, budget.brief.state),
                amount=budget.base.shown(ctx.locale),
            )
        )
    else:
        lines.append(ctx.t("The brief has no budget yet."))
    if not budget.base.currency:  # nothing anywhere has a price
        return [ctx.to_caller("\n".join([*lines, ctx.t("Nothing is priced yet.")]))]
    added = budget.accepted_total
    lines.append(ctx.t("Accepted changes: {amount}", amount=added.shown(ctx.locale)))
    lines += [f"  {change_line(ctx, c)}" for c in budget.accepted]
    lines.append(ctx.t("Total committed: {amount}", amount=budget.committed.shown(ctx.locale)))
    if budget.waiting:
        lines.append(
            ctx.t(
                "Waiting on the client: {amount}",
                amount=budget.waiting_total.shown(ctx.locale),
            )
        )
        lines += [f"  {change_line(ctx, c)}" for c in budget.waiting]
    return [ctx.to_caller("\n".join(lines))]
