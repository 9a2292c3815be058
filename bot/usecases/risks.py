"""The risk register in chat: the studio raises, updates, shares and closes RK-n; the client
sees only the risks shared with them (a register often names the client as the risk)."""

from __future__ import annotations

from dataclasses import replace

from bot import fields
from bot.context import Context
from bot.errors import Conflict, NotFound
from bot.i18n import N_
from bot.labels import label, name_of
from bot.messages import Reply
from bot.review import ATTEMPTS
from bot.risk_commands import AddRisk, ChangeRisk, ListRisks, RiskAction, ShowRisk, UpdateRisk
from bot.risks import Level, Risk, RiskState
from bot.typography import separator
from bot.usecases.studio_people import studio_person

ONLY_STUDIO = N_("Only the studio (PM or designer) keeps the risk register.")
NO_RISKS = N_('No open risks. The studio adds one with “risk add "TITLE"”.')
CHANGED = N_("{ref} changed a moment ago; please look again.")


async def find_risk(ctx: Context, number: int) -> Risk:
    risk = await ctx.uow.risks.get(ctx.require_project().id, number)
    # A client asking for a risk not shared with them is told it is not there: its title
    # alone may be what the studio keeps from them.
    if risk is None or not (risk.shared or ctx.may("risk add")):
        raise NotFound("There is no risk RK-{number} in this project.", number=number)
    return risk


def risk_line(ctx: Context, risk: Risk) -> str:
    """ "RK-2 Client feedback arrives late · likelihood high, impact medium (6) · owner Paula" """
    parts = [
        f"{risk.ref} {risk.title}",
        ctx.t(
            "likelihood {likelihood}, impact {impact} ({score})",
            likelihood=label(ctx.locale, risk.likelihood),
            impact=label(ctx.locale, risk.impact),
            score=risk.score,
        ),
    ]
    if risk.owner is not None:
        parts.append(ctx.t("owner {who}", who=name_of(risk.owner)))
    if risk.shared:
        parts.append(ctx.t("shared with the client"))
    if risk.state is RiskState.CLOSED:
        parts.append(label(ctx.locale, risk.state))
    return separator(ctx.locale).join(parts)


async def list_risks(command: ListRisks, ctx: Context) -> list[Reply]:
    project = ctx.require_project()
    ctx.require("risks")
    studio = ctx.may("risk add")
    risks = [
        r
        for r in await ctx.uow.risks.list(project.id)
        if (studio or r.shared) and (command.closed or r.state is RiskState.OPEN)
    ]
    if not risks:
        return [ctx.to_caller(ctx.t(NO_RISKS))]
    # The register's order: the worst first, then the oldest.
    risks.sort(key=lambda r: (-r.score, r.number))
    return [ctx.to_caller("\n".join(risk_line(ctx, r) for r in risks))]


async def show_risk(command: ShowRisk, ctx: Context) -> list[Reply]:
    ctx.require("risks")
    risk = await find_risk(ctx, command.number)
    lines = [risk_line(ctx, risk)]
    if risk.mitigation:
        lines.append(ctx.t("Mitigation: {text}", text=risk.mitigation))
    if risk.evidence:
        lines.append(ctx.t("Evidence: {text}", text=risk.evidence))
    raised = name_of(risk.raised_by) if risk.raised_by else "Signoff"
    if risk.raised_at is not None:
        lines.append(ctx.t("Raised by {who} at {when}", who=raised, when=ctx.when(risk.raised_at)))
    if risk.closed_at is not None and risk.state is RiskState.CLOSED:
        closed = ctx.t(
            "Closed by {who} at {when}", who=name_of(risk.closed_by), when=ctx.when(risk.closed_at)
        )
        lines.append(
            ctx.t("{line}: {note}", line=closed, note=risk.close_note)
            if risk.close_note
            else closed
        )
    return [ctx.to_caller("\n".join(lines))]


async def add_risk(command: AddRisk, ctx: Context) -> list[Reply]:
    project = ctx.require_project()
    ctx.require("risk add", ONLY_STUDIO)
    title = fields.RISK_TITLE.checked("risk", command.title, ctx.policy)
    mitigation = fields.NOTE.checked("risk", command.mitigation, ctx.policy)
    owner = await studio_person(ctx, command.owner, verb="risk") if command.owner else None
    risk = await ctx.uow.risks.add(
        Risk(
            project_id=project.id,
            title=title,
            likelihood=command.likelihood or Level.MEDIUM,
            impact=command.impact or Level.MEDIUM,
            owner=owner,
            mitigation=mitigation,
            raised_by=ctx.actor,
            raised_at=ctx.now,
        )
    )
    if risk is None:  # pragma: no cover (only a risk with a key can be refused as a repeat)
        raise Conflict(CHANGED, ref="RK")
    await ctx.record("risk.added", risk.ref, title=title, score=risk.score)
    # Said to the caller: the client reads the channel, and the risk is the studio's.
    return [ctx.to_caller(ctx.t("{line} added.", line=risk_line(ctx, risk)))]


async def update_risk(command: UpdateRisk, ctx: Context) -> list[Reply]:
    ctx.require("risk update", ONLY_STUDIO)
    mitigation = fields.NOTE.checked("risk", command.mitigation, ctx.policy)
    owner = await studio_person(ctx, command.owner, verb="risk") if command.owner else None
    for _ in range(ATTEMPTS):
        risk = await find_risk(ctx, command.number)
        changed = replace(
            risk,
            likelihood=command.likelihood or risk.likelihood,
            impact=command.impact or risk.impact,
            owner=owner or risk.owner,
            mitigation=mitigation or risk.mitigation,
        )
        if await ctx.uow.risks.save_if_unchanged(changed):
            break
    else:
        raise Conflict(CHANGED, ref=risk.ref)
    await ctx.record("risk.updated", risk.ref, before=_terms(risk), after=_terms(changed))
    return [ctx.to_caller(ctx.t("{line} updated.", line=risk_line(ctx, changed)))]


async def change_risk(command: ChangeRisk, ctx: Context) -> list[Reply]:
    ctx.require(f"risk {command.action.value}", ONLY_STUDIO)
    note = fields.NOTE.checked("risk", command.note, ctx.policy)
    for _ in range(ATTEMPTS):
        risk = await find_risk(ctx, command.number)
        changed = _changed(ctx, risk, command.action, note)
        if await ctx.uow.risks.save_if_unchanged(changed):
            break
    else:
        raise Conflict(CHANGED, ref=risk.ref)
    await ctx.record(f"risk.{command.action.value}", risk.ref, note=note)
    return [ctx.to_caller(risk_line(ctx, changed))]


def _changed(ctx: Context, risk: Risk, action: RiskAction, note: str) -> Risk:
    if action is RiskAction.CLOSE:
        if risk.state is RiskState.CLOSED:
            raise Conflict("{ref} is already closed.", ref=risk.ref)
        return replace(risk, state=RiskState.CLOSED, closed_by=ctx.actor, closed_at=ctx.now,
                       close_note=note)  # fmt: skip
    if action is RiskAction.REOPEN:
        if risk.state is RiskState.OPEN:
            raise Conflict("{ref} is open.", ref=risk.ref)
        return replace(risk, state=RiskState.OPEN, closed_by=None, closed_at=None, close_note="")
    return replace(risk, shared=action is RiskAction.SHARE)


def _terms(risk: Risk) -> dict[str, object]:
    return {
        "likelihood": risk.likelihood.value,
        "impact": risk.impact.value,
        "owner": name_of(risk.owner) if risk.owner else None,
        "mitigation": risk.mitigation,
    }
