"""Withdrawing a version from review: its submitter (or a PM) takes it back before anyone has
decided on it; the milestone returns to where it was, and the version number stays used."""

from __future__ import annotations

from bot.commands import WithdrawVersion
from bot.context import Context
from bot.errors import Conflict
from bot.labels import label, name_of
from bot.messages import Reply
from bot.model import Decision, MilestoneState
from bot.review import ATTEMPTS
from bot.usecases.milestones import cancelled, card_update, find_review


async def withdraw_version(command: WithdrawVersion, ctx: Context) -> list[Reply]:
    for _ in range(ATTEMPTS):
        review = await find_review(ctx, command.number)
        milestone = review.milestone
        version = command.version or milestone.version
        if milestone.state is MilestoneState.CANCELLED:
            raise cancelled(milestone)
        current = version == milestone.version
        submitted = (
            review.submitted if current else await ctx.uow.versions.get(milestone.id, version)
        )
        if submitted is not None and submitted.withdrawn_at is not None:
            raise Conflict(
                "{ref} v{version} was withdrawn by {who} at {when}.",
                ref=milestone.ref,
                version=version,
                who=name_of(submitted.withdrawn_by),
                when=ctx.when(submitted.withdrawn_at),
            )
        decided = list(review.decisions) if current else [
            d for d in await ctx.uow.decisions.for_milestone(milestone.id) if d.version == version
        ]  # fmt: skip
        if decided:
            raise _decided(ctx, milestone.ref, version, decided[0])
        if milestone.state is not MilestoneState.IN_REVIEW or not current:
            raise Conflict(
                "{ref} has no version in review to withdraw (it is {state}).",
                ref=milestone.ref,
                state=label(ctx.locale, milestone.state),
            )
        submitter = submitted.submitted_by if submitted else None
        ctx.require(
            "withdraw",
            "Only whoever submitted {ref} v{version} ({who}) or a PM can withdraw it.",
            author=submitter,
            ref=milestone.ref,
            version=version,
            who=name_of(submitter),
        )
        withdrawn = review.withdraw()
        # Matches only while the milestone is as read: a decision that landed since (on
        # PostgreSQL, one this write waited for) sends it back to read, and refuse, again.
        if await ctx.uow.milestones.save_if_unchanged(withdrawn.milestone):
            break
    else:
        raise Conflict("{ref} changed a moment ago; please look again.", ref=milestone.ref)
    if review.submitted is None:
        await ctx.uow.versions.add(withdrawn.version)
    await ctx.uow.versions.withdraw(milestone.id, version, by=ctx.actor, at=ctx.now)
    milestone = withdrawn.milestone
    await ctx.record(
        "milestone.withdrawn", milestone.ref, version=version, after=milestone.state.value
    )
    text = ctx.t(
        "{who} withdrew {ref} v{version} from review. The next submit will be v{next}.",
        who=name_of(ctx.actor),
        ref=milestone.ref,
        version=version,
        next=version + 1,
    )
    return [*await card_update(ctx, milestone), ctx.to_channel(text)]


def _decided(ctx: Context, ref: str, version: int, decision: Decision) -> Conflict:
    return Conflict(
        "{ref} v{version} has a decision, so it can't be withdrawn: {who} {outcome} at {when}.",
        who=name_of(decision.person),
        outcome=label(ctx.locale, decision.kind),
        ref=ref,
        version=version,
        when=ctx.when(decision.decided_at),
    )
