"""The satisfaction surveys' nudge, `survey_waiting`: in a project that asks by direct message,
the survey itself to each client approver as soon as it opens; then, once, 2 working days after
it opened, a reminder to the approvers who have not answered (in the channel, or each one's
DMs). Never more; an approver who answered meanwhile is not reminded."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from bot.i18n import N_, tr
from bot.labels import name_of
from bot.messages import Message
from bot.model import Conversation, Member, Role
from bot.nudges.calendar import NudgeCalendar
from bot.nudges.model import NudgeConfig, NudgeKind, Occurrence
from bot.nudges.snapshot import ProjectSnapshot, direct
from bot.survey_card import survey_message
from bot.surveys import SurveyMode, SurveyOccasion
from bot.typography import join_items

ASK, REMIND = 0, 1  # the rounds: the survey itself (by DM), the one reminder
REMINDER = N_("A reminder: {people}, how satisfied are you with {about}? It takes one click.")

_Found = Iterator[tuple[Occurrence, datetime | None]]


def survey_waiting(
    snap: ProjectSnapshot, config: NudgeConfig, cal: NudgeCalendar, since: datetime, until: datetime
) -> _Found:
    """The occurrences of each open occasion's survey (by DM) and its one reminder."""
    if snap.survey_mode is SurveyMode.OFF:
        return
    rule = config.rule(NudgeKind.SURVEY_WAITING)
    by_dm = snap.survey_mode is SurveyMode.DM
    approvers = snap.people(Role.APPROVER)
    for occasion in snap.surveys:
        if occasion.milestone_id is None or snap.milestone(occasion.milestone_id) is None:
            continue  # the close's survey: a closed project sends no nudges
        waiting = [m for m in approvers if occasion.answer_of(m.person.id) is None]
        if by_dm:
            for member in waiting:
                at = cal.in_zone(member.person.timezone).next_allowed(occasion.opened_at)
                yield _at(snap, occasion, ASK, direct(member.person.identity), at)
        day = cal.add_working_days(cal.local(occasion.opened_at).date(), rule.days)
        due = cal.next_allowed(cal.at(day, rule.at), keep=rule.at)
        if by_dm:
            for member in waiting:
                personal = cal.in_zone(member.person.timezone).next_allowed(due, keep=rule.at)
                yield _at(snap, occasion, REMIND, direct(member.person.identity), personal)
        elif waiting:
            for target in snap.bindings:
                yield _at(snap, occasion, REMIND, target, due)


def _at(
    snap: ProjectSnapshot,
    occasion: SurveyOccasion,
    round_: int,
    target: Conversation,
    due: datetime,
) -> tuple[Occurrence, datetime]:
    subject = {"survey": occasion.id, "round": round_}
    occurrence = Occurrence(kind=NudgeKind.SURVEY_WAITING, project_id=snap.project.id,
                            target=target, due_at=due, subject=subject)  # fmt: skip
    return occurrence, occasion.opened_at


def survey_nudge(
    occurrence: Occurrence,
    snap: ProjectSnapshot,
    config: NudgeConfig,
    cal: NudgeCalendar,
    now: datetime,
) -> Message | None:
    """The survey card for those still to answer; None once they all have (or it is gone)."""
    occasion = next((o for o in snap.surveys if o.id == occurrence.subject.get("survey")), None)
    if occasion is None or occasion.milestone_id is None:
        return None
    milestone = snap.milestone(occasion.milestone_id)
    if milestone is None:
        return None
    waiting = _waiting(snap, occasion, occurrence.target)
    if not waiting:
        return None
    loc = snap.project.locale
    people = [m.person for m in waiting]
    message = survey_message(loc, snap.project, milestone, people)
    if occurrence.subject.get("round") != REMIND:
        return message
    reminder = tr(loc, REMINDER, people=join_items(loc, (name_of(p) for p in people)),
                  about=milestone.ref + " " + milestone.name)  # fmt: skip
    return Message(text=f"{reminder}\n{message.text}", card=message.card, mentions=message.mentions)


def _waiting(snap: ProjectSnapshot, occasion: SurveyOccasion, target: Conversation) -> list[Member]:
    """The approvers the message is for who have not answered: the one whose DM it goes to,
    or all of them in the channel."""
    waiting = [m for m in snap.people(Role.APPROVER) if occasion.answer_of(m.person.id) is None]
    if target in snap.bindings:
        return waiting
    return [m for m in waiting if direct(m.person.identity) == target]
