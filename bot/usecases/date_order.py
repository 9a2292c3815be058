"""`project dates`: how a project reads a date that reads two ways, like 03/04/2027."""

from __future__ import annotations

from bot.commands import SetDateOrder
from bot.context import Context
from bot.dates import parse_due, project_date_order
from bot.i18n import N_
from bot.messages import Reply
from bot.model import DateOrder

EXAMPLE = "03/04/2027"
# How each order is named to the reader: the letters in English, 年月日 and so on in Chinese.
ORDER_NAMES = {DateOrder.DMY: N_("dmy"), DateOrder.MDY: N_("mdy"), DateOrder.YMD: N_("ymd")}


async def set_date_order(command: SetDateOrder, ctx: Context) -> list[Reply]:
    project = ctx.require_project()
    current = project_date_order(project)
    if not command.order:
        ctx.require("project dates")
        text = ctx.t(
            "Here {example} means {date} (date order {order}). A PM can change it with "
            "“project dates dmy|mdy|ymd”.",
            example=EXAMPLE,
            date=_example(ctx, current),
            order=ctx.t(ORDER_NAMES[current]),
        )
        return [ctx.to_caller(text)]
    ctx.require("project dates set", "Only the project's PM can change how dates are read.")
    order = DateOrder(command.order)
    if order is current:
        text = ctx.t(
            "Dates are already read {order} here: {example} means {date}.",
            order=ctx.t(ORDER_NAMES[order]),
            example=EXAMPLE,
            date=_example(ctx, order),
        )
        return [ctx.to_caller(text)]
    await ctx.uow.projects.set_date_order(project.id, order)
    await ctx.record(
        "project.date_order_changed", project.key, before=current.value, after=order.value
    )
    text = ctx.t(
        "From now on {example} means {date} in this project (date order {order}, was {before}).",
        example=EXAMPLE,
        date=_example(ctx, order),
        order=ctx.t(ORDER_NAMES[order]),
        before=ctx.t(ORDER_NAMES[current]),
    )
    return [ctx.to_channel(text)]


def _example(ctx: Context, order: DateOrder) -> str:
    day = parse_due(EXAMPLE, timezone=ctx.timezone, today=ctx.today, order=order)
    return ctx.day(day) if day else EXAMPLE
