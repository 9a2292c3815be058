"""Outcomes put into words: what the channel is told after a use case answered in data.

The use cases return what happened (`bot.review.Decided`); the sentences, in the project's
language, are written here and only here, so a surface, a test or a later digest can read the
outcome without parsing text.
"""

from __future__ import annotations

from bot.context import Context
from bot.labels import name_of
from bot.model import Stage
from bot.review import Decided
from bot.rules import MilestoneEvent
from bot.typography import join_items


def announce_decision(ctx: Context, decided: Decided) -> str:
    """The channel's line about a decision: who decided what, and who acts next."""
    milestone = decided.milestone
    who, ref = name_of(decided.decision.person), f"{milestone.ref} v{milestone.version}"
    names = join_items(ctx.locale, (name_of(p) for p in decided.called_on))
    if decided.event is MilestoneEvent.REQUEST_CHANGES:
        text = ctx.t(
            "{who} requested changes on {ref}: {note}", who=who, ref=ref, note=decided.decision.note
        )
        if decided.decision.stage is Stage.PM:
            return text  # the studio's own round: the contract's rounds are the client's
        return text + "\n" + _rounds(ctx, decided)
    if decided.event is MilestoneEvent.APPROVE_FINAL and not milestone.signed_by_client:
        return ctx.t(
            "{ref} is approved by the studio ({who}), without the client's sign-off: this "
            "project has no client approvers.",
            ref=ref,
            who=who,
        )
    if decided.event is MilestoneEvent.APPROVE_FINAL:
        return ctx.t("{ref} is approved. Signed off by {who}.", ref=ref, who=who)
    if decided.still_waiting:
        return ctx.t(
            "{who} approved {ref}. Still waiting on: {names}.", who=who, ref=ref, names=names
        )
    if not names:  # the only approvers decided the studio's stage themselves
        return ctx.t(
            "{who} approved {ref} for the studio. It now waits on the client, but no approver "
            "other than {who} can sign it off: a PM can add one with “member add @person "
            "approver”.",
            who=who,
            ref=ref,
        )
    return ctx.t(
        "{who} approved {ref} for the studio. Over to the client: {names}, please review "
        "and decide.",
        who=who,
        ref=ref,
        names=names,
    )


def _rounds(ctx: Context, decided: Decided) -> str:
    """Where a request for changes leaves the contract's revision rounds."""
    used, allowed = decided.milestone.rounds_used, decided.rounds_allowed
    if used > allowed:
        return ctx.t(
            "This is revision round {used}, beyond the {allowed} in the contract: "
            "{ms} is flagged over allowance, and further rounds are a change request.",
            used=used,
            allowed=allowed,
            ms=decided.milestone.ref,
        )
    if used == allowed:
        return ctx.t(
            "That was the last of the {allowed} revision rounds in the contract.", allowed=allowed
        )
    return ctx.t("Revision round {used} of {allowed}.", used=used, allowed=allowed)
