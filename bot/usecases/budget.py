"""The project's money: the brief's budget, the change requests accepted on top of it, the
total committed, and what still waits on the client. Sums are exact (minor units), in the
project's one currency."""

from __future__ import annotations

from dataclasses import dataclass

from bot.brief import Brief
from bot.change_commands import ShowBudget
from bot.change_requests import ChangeRequest, ChangeState
from bot.context import Context
from bot.labels import label
from bot.messages import Reply
from bot.money import Money, zero
from bot.usecases.change_requests import change_line, project_currency


@dataclass(frozen=True, kw_only=True)
class Budget:
    brief: Brief | None  # the brief whose budget counts: the confirmed one, else the newest
    base: Money  # its budget (zero without one)
    accepted: tuple[ChangeRequest, ...]
    waiting: tuple[ChangeRequest, ...]

    @property
    def accepted_total(self) -> Money:
        return _sum(self.accepted, self.base.currency)

    @property
    def committed(self) -> Money:
        return self.base + self.accepted_total

    @property
    def waiting_total(self) -> Money:
        return _sum(self.waiting, self.base.currency)


def _sum(changes: tuple[ChangeRequest, ...], currency: str) -> Money:
    total = zero(currency)
    for change in changes:
        if change.price is not None:
            total += change.price
    return total


async def budget_of(ctx: Context) -> Budget:
    project = ctx.require_project()
    brief = await ctx.uow.briefs.confirmed(project.id) or await ctx.uow.briefs.latest(project.id)
    currency = await project_currency(ctx)
    base = brief.budget if brief is not None and brief.budget is not None else zero(currency)
    changes = await ctx.uow.changes.list(project.id)
    return Budget(
        brief=brief,
        base=base,
        accepted=tuple(c for c in changes if c.state is ChangeState.ACCEPTED),
        waiting=tuple(c for c in changes if c.state is ChangeState.SENT),
    )


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
