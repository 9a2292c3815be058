"""A survey answer the studio must hear about (a score of 1 or 2, or a complaint in the comment)
opens a risk, once per person and occasion: the studio's own, with the answer as its evidence.
The PMs are told privately by the `risk_raised` nudge, as of every risk Signoff raises."""

from __future__ import annotations

from bot.context import Context
from bot.i18n import N_
from bot.labels import name_of
from bot.model import Milestone
from bot.risks import Level, Risk
from bot.surveys import SurveyAnswer, SurveyOccasion, is_alarming, risk_key

TITLE = N_("Low client satisfaction: {who} on {about}")
EVIDENCE = N_("{who} scored {about} {score} of 5.")
EVIDENCE_COMMENT = N_("{who} scored {about} {score} of 5: “{comment}”.")


def levels(score: int) -> tuple[Level, Level]:
    """Likelihood and impact: the lowest score says the relationship is going sour now; a 2,
    or a complaint beside a fair score, that it may."""
    if score <= 1:
        return Level.HIGH, Level.HIGH
    if score == 2:
        return Level.MEDIUM, Level.HIGH
    return Level.MEDIUM, Level.MEDIUM


async def raise_survey_risk(
    ctx: Context, occasion: SurveyOccasion, milestone: Milestone | None, answer: SurveyAnswer
) -> None:
    """Raise the answer's risk unless it is fine or was raised before (even if closed since)."""
    if not is_alarming(answer.score, answer.comment):
        return
    project = ctx.require_project()
    key = risk_key(occasion, answer.person)
    # Looked for first: a refused insert would spend an RK number inside this command.
    if any(r.key == key for r in await ctx.uow.risks.list(project.id)):
        return
    who = name_of(answer.person)
    named = f"{milestone.ref} {milestone.name}" if milestone is not None else project.name
    evidence = (
        ctx.t(EVIDENCE_COMMENT, who=who, about=named, score=answer.score, comment=answer.comment)
        if answer.comment
        else ctx.t(EVIDENCE, who=who, about=named, score=answer.score)
    )
    likelihood, impact = levels(answer.score)
    risk = await ctx.uow.risks.add(
        Risk(
            project_id=project.id,
            title=ctx.t(TITLE, who=who, about=named),
            likelihood=likelihood,
            impact=impact,
            key=key,
            evidence=evidence,
            raised_by=None,  # Signoff: told to the PMs by the risk_raised nudge
            raised_at=ctx.now,
        )
    )
    if risk is None:  # raised by a click a moment ago
        return
    await ctx.record("risk.raised", risk.ref, key=key, title=risk.title, evidence=evidence,
                     likelihood=likelihood.value, impact=impact.value,
                     score=risk.score)  # fmt: skip
