"""Satisfaction surveys in chat: an occasion opens when a milestone is signed off or the project
closes; the client's people answer once each (changeable for a day, every answer audited); a
low score or a complaint opens a risk the PMs are told of, never the client."""

from __future__ import annotations

from dataclasses import replace

from bot import fields, survey_form
from bot.context import Context
from bot.errors import Conflict, Forbidden, NotFound
from bot.i18n import N_
from bot.messages import Form, FormInput, InputKind, Reply
from bot.model import Milestone, Role
from bot.survey_card import about, question, score_inputs, survey_message
from bot.survey_commands import AnswerSurvey, OpenSurveyForm, SetSurveyMode
from bot.surveys import SurveyAnswer, SurveyMode, SurveyOccasion
from bot.usecases.survey_risks import raise_survey_risk

ANSWERERS = frozenset({Role.CLIENT, Role.APPROVER})
ONLY_CLIENT = N_(
    "Only the client's people answer the satisfaction survey; the studio reads the answers "
    "with “csat”."
)
NO_SURVEY_MILESTONE = N_("There is no survey for {ref}: one opens when it is signed off.")
NO_SURVEY_CLOSE = N_("There is no survey for the project's close: one opens when a PM closes it.")
TOO_LATE = N_(
    "You answered the survey for {about} at {when}; an answer can be changed only within 24 "
    "hours of the first."
)
THANKS = N_("Thank you: your score for {about} is {score}.")
CHANGED = N_("Your answer for {about} is now {score} (it was {before}).")
MODES = {
    SurveyMode.CHANNEL: N_("in this project's channel"),
    SurveyMode.DM: N_("in each client approver's direct messages"),
    SurveyMode.OFF: N_("not at all"),
}
MODE_SET = N_("Satisfaction surveys for {key} are now asked {where}.")
MODE_IS = N_(
    "Satisfaction surveys for {key} are asked {where}; a PM changes it with "
    "“project survey dm|channel|off”."
)


async def open_survey(ctx: Context, milestone: Milestone | None) -> list[Reply]:
    """Open the survey for a milestone just signed off (None: the project just closed), once,
    and post it in the channel unless the project asks by direct message (the scheduler sends
    those) or not at all. A closed project sends no nudges: its survey is always posted."""
    project = ctx.require_project()
    mode = await ctx.uow.surveys.mode(project.id)
    members = await ctx.uow.members.list(project.id)
    approvers = [m.person for m in members if m.role is Role.APPROVER]
    if mode is SurveyMode.OFF or not approvers:
        return []  # nobody of the client's to ask (the studio signed it off alone)
    occasion = SurveyOccasion(
        project_id=project.id,
        milestone_id=milestone.id if milestone is not None else None,
        opened_at=ctx.now,
    )
    opened = await ctx.uow.surveys.open(occasion)
    if opened is None:  # asked once: a project closed, reopened and closed again is not re-asked
        return []
    # Not audited of its own: the sign-off or the close that opened it is, and the occasion
    # keeps when it opened; every answer is.
    if mode is SurveyMode.DM and milestone is not None:
        return []
    message = survey_message(ctx.locale, project, milestone, approvers)
    return [ctx.to_channel(message.text, card=message.card, mentions=message.mentions)]


async def find_occasion(
    ctx: Context, number: int | None
) -> tuple[SurveyOccasion, Milestone | None]:
    project = ctx.require_project()
    milestone = None
    if number is not None:
        milestone = await ctx.uow.milestones.get(project.id, number)
        if milestone is None:
            raise NotFound(NO_SURVEY_MILESTONE, ref="M-" + str(number))
    wanted = milestone.id if milestone is not None else None
    for occasion in await ctx.uow.surveys.occasions(project.id):
        if occasion.milestone_id == wanted:
            return occasion, milestone
    if milestone is not None:
        raise NotFound(NO_SURVEY_MILESTONE, ref=milestone.ref)
    raise NotFound(NO_SURVEY_CLOSE)


async def _in_project(ctx: Context, key: str) -> None:
    """A card answered in a direct message names its project: the conversation has none."""
    if ctx.project is not None or not key:
        return
    project = await ctx.uow.projects.get_by_key(key)
    if project is None:
        raise NotFound("There is no project “{key}”.", key=key)
    ctx.project, ctx.locale = project, project.locale
    ctx.roles = await ctx.uow.members.roles(project.id, ctx.actor.id)


def _require_client(ctx: Context) -> None:
    # The roles really held: a guest in a shared channel acts as the client elsewhere, but a
    # satisfaction score speaks for the client and is counted.
    if not ctx.roles & ANSWERERS:
        raise Forbidden(ONLY_CLIENT)


async def answer_survey(command: AnswerSurvey, ctx: Context) -> list[Reply]:
    await _in_project(ctx, command.project)
    ctx.require_project()
    _require_client(ctx)
    comment = fields.NOTE.checked("csat", command.comment, ctx.policy)
    occasion, milestone = await find_occasion(ctx, command.milestone)
    named = milestone.ref if milestone is not None else ctx.t(N_("the project"))
    answer = SurveyAnswer(
        person=ctx.actor,
        score=command.score,
        comment=comment,
        answered_at=ctx.now,
        first_answered_at=ctx.now,
    )
    before = occasion.answer_of(ctx.actor.id)
    if before is None and await ctx.uow.surveys.answer(occasion.id, answer):
        await ctx.record("survey.answered", named, score=answer.score, comment=comment)
        text = ctx.t(THANKS, about=named, score=answer.score)
    else:
        if before is None:  # a second click of theirs won the race: this one changes it
            occasion, _ = await find_occasion(ctx, command.milestone)
            before = occasion.answer_of(ctx.actor.id)
            assert before is not None
        if not before.changeable(ctx.now):
            raise Conflict(TOO_LATE, about=named, when=ctx.when(before.first_answered_at))
        answer = replace(answer, first_answered_at=before.first_answered_at)
        if not await ctx.uow.surveys.change(occasion.id, answer):  # the row went meanwhile
            raise Conflict(N_("{ref} changed a moment ago; please look again."), ref=named)
        await ctx.record("survey.changed", named, score_before=before.score, score=answer.score,
                         comment_before=before.comment, comment=comment)  # fmt: skip
        text = ctx.t(CHANGED, about=named, score=answer.score, before=before.score)
    await raise_survey_risk(ctx, occasion, milestone, answer)
    # Said to the one who answered: the channel does not see who scored what.
    return [ctx.to_caller(text)]


async def open_survey_form(command: OpenSurveyForm, ctx: Context) -> list[Reply]:
    """The score and a comment in one form (Slack's modal after "Add a comment")."""
    await _in_project(ctx, command.project)
    project = ctx.require_project()
    _require_client(ctx)
    occasion, milestone = await find_occasion(ctx, command.milestone)
    mine = occasion.answer_of(ctx.actor.id)
    named = about(milestone)
    occasion_input = FormInput(
        name=survey_form.OCCASION,
        label=ctx.t(N_("Survey")),
        kind=InputKind.CHOICE,
        required=True,
        initial=f"{project.key}/{named}",  # answered by DM, the form must say its project
        choices=((f"{project.key}/{named}", question(ctx.locale, project, milestone)),),
    )
    choice, note = score_inputs(ctx.locale, score=str(mine.score) if mine else "")
    form = Form(
        kind=survey_form.KIND,
        title=ctx.t(N_("Your satisfaction")),
        submit_label=ctx.t(N_("Send")),
        inputs=(occasion_input, choice, replace(note, initial=mine.comment if mine else "")),
    )
    typed = ctx.t(N_("Or type: csat {about} SCORE [comment]"), about=named)
    return [ctx.to_caller(typed, form=form)]


async def set_survey_mode(command: SetSurveyMode, ctx: Context) -> list[Reply]:
    project = ctx.require_project()
    if command.mode is None:
        mode = await ctx.uow.surveys.mode(project.id)
        return [ctx.to_caller(ctx.t(MODE_IS, key=project.key, where=ctx.t(MODES[mode])))]
    ctx.require("project survey", "Only the project's PM can change where surveys are asked.")
    before = await ctx.uow.surveys.mode(project.id)
    await ctx.uow.surveys.set_mode(project.id, command.mode)
    await ctx.record("survey.mode", project.key, before=before.value, after=command.mode.value)
    return [ctx.to_caller(ctx.t(MODE_SET, key=project.key, where=ctx.t(MODES[command.mode])))]
