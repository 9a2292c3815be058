"""The contract's sign-off terms: who signs a version off and in which order, how many of a
stage's deciders must approve, the revision rounds included, and whether one person may decide
two stages. `project rules` shows them, a PM changes them one term per line; `milestone rounds`
gives one milestone rounds of its own.

A change applies from the next decision: a version in review is decided under the terms in
force when its decision is made, and the channel is told so.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from bot.commands import SetMilestoneRounds, SetSignoffTerms
from bot.context import Context
from bot.errors import Conflict
from bot.i18n import N_
from bot.labels import label
from bot.messages import Field, Reply
from bot.model import ApprovalRule, MilestoneState, Project
from bot.rules import rounds_included
from bot.usecases.milestone_changes import claimed_milestone
from bot.usecases.milestones import card_update

ONLY_PM = N_("Only the project's PM can change its sign-off rules.")


def terms_fields(ctx: Context, project: Project) -> list[Field]:
    """The terms as a card's fields, in the order a PM reads a contract."""
    if project.studio_stage:
        stages = ctx.t("the studio's PM, then the client's approvers")
        needed = ctx.t(
            "studio: {pm} · client: {client}",
            pm=_rule(ctx, project.pm_rule, pm=True),
            client=_rule(ctx, project.client_rule, pm=False),
        )
    else:
        stages = ctx.t("the client's approvers alone")
        needed = _rule(ctx, project.client_rule, pm=False)
    self_approval = (
        ctx.t("allowed: one person may decide both stages")
        if project.self_approval
        else ctx.t("not allowed: one person decides one stage of a version")
    )
    return [
        Field(label=ctx.t("Signed off by"), value=stages),
        Field(label=ctx.t("Approvals needed"), value=needed),
        Field(
            label=ctx.t("Revision rounds"),
            value=ctx.t("{count} per milestone", count=project.revision_rounds),
        ),
        Field(label=ctx.t("Self-approval"), value=self_approval),
    ]


def terms_summary(ctx: Context, project: Project) -> str:
    """The terms on one line, as `status` shows them."""
    client = _rule(ctx, project.client_rule, pm=False)
    if project.studio_stage:
        pm = _rule(ctx, project.pm_rule, pm=True)
        who = ctx.t("{pm} at the studio, then {client} at the client", pm=pm, client=client)
    else:
        who = ctx.t("{client} at the client only", client=client)
    parts = [who, ctx.t("{count} revision rounds per milestone", count=project.revision_rounds)]
    if project.self_approval:
        parts.append(ctx.t("self-approval allowed"))
    return " · ".join(parts)


def _rule(ctx: Context, rule: ApprovalRule, *, pm: bool) -> str:
    if rule is ApprovalRule.ALL:
        return ctx.t("every PM") if pm else ctx.t("every approver")
    return ctx.t("any one PM") if pm else ctx.t("any one approver")


async def set_signoff_terms(command: SetSignoffTerms, ctx: Context) -> list[Reply]:
    project = ctx.require_project()
    if not command.changes:
        ctx.require("project rules")
        return [ctx.to_caller(_terms_text(ctx, project, ctx.t("Sign-off rules")))]
    ctx.require("project rules set", ONLY_PM)
    changed = replace(project, **command.changes)
    before = {name: _plain(getattr(project, name)) for name in command.changes}
    after = {name: _plain(value) for name, value in command.changes.items()}
    if before == after:
        heading = ctx.t("Nothing changed; the sign-off rules are already these")
        return [ctx.to_caller(_terms_text(ctx, project, heading))]
    await ctx.uow.projects.set_terms(changed)
    await ctx.record("project.terms_changed", project.key, before=before, after=after)
    heading = ctx.t("New sign-off rules, from the next decision on")
    return [ctx.to_channel(_terms_text(ctx, changed, heading))]


def _terms_text(ctx: Context, project: Project, heading: str) -> str:
    lines = [
        ctx.t("{label}: {value}", label=f.label, value=f.value) for f in terms_fields(ctx, project)
    ]
    return "\n".join([ctx.t("{heading} ({key})", heading=heading, key=project.key), *lines])


def _plain(value: object) -> Any:
    """A term as the audit keeps it: rules by name, numbers and switches as they are."""
    return value.value if isinstance(value, ApprovalRule) else value


async def set_milestone_rounds(command: SetMilestoneRounds, ctx: Context) -> list[Reply]:
    milestone = await claimed_milestone(ctx, command.number, "milestone rounds")
    project = ctx.require_project()
    if milestone.state in (MilestoneState.APPROVED, MilestoneState.CANCELLED):
        raise Conflict(
            "{ref} is {state}: its revision rounds can no longer change.",
            ref=milestone.ref,
            state=label(ctx.locale, milestone.state),
        )
    before = rounds_included(project, milestone)
    if command.rounds == milestone.rounds_included:
        return [ctx.to_caller(_rounds_text(ctx, milestone.ref, before, milestone.rounds_used))]
    milestone.rounds_included = command.rounds
    allowed = rounds_included(project, milestone)
    # An amended contract decides whether the rounds already spent go beyond it.
    milestone.over_allowance = milestone.rounds_used > allowed
    await ctx.uow.milestones.save(milestone)
    await ctx.record(
        "milestone.rounds_changed",
        milestone.ref,
        before=before,
        after=allowed,
        own=command.rounds is not None,
    )
    text = _rounds_text(ctx, milestone.ref, allowed, milestone.rounds_used)
    return [ctx.to_channel(text), *await card_update(ctx, milestone)]


def _rounds_text(ctx: Context, ref: str, allowed: int, used: int) -> str:
    return ctx.t(
        "Revision rounds for {ref}: {allowed} included, {used} used.",
        ref=ref,
        allowed=allowed,
        used=used,
    )
