"""The satisfaction surveys in the database: an occasion opened once per milestone (and once for
the close), one answer per person and occasion however many clicks arrive at once, a change
kept with the first answer's time, and the mode each project asks in."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from storage_helpers import Studio, UowFactory

from bot.surveys import SurveyAnswer, SurveyMode, SurveyOccasion

AT = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)


async def opened(uow_factory: UowFactory, studio: Studio) -> SurveyOccasion:
    async with uow_factory() as uow:
        occasion = await uow.surveys.open(
            SurveyOccasion(project_id=studio.project.id, milestone_id=None, opened_at=AT)
        )
        await uow.commit()
    assert occasion is not None
    return occasion


def answer(studio: Studio, score: int, comment: str = "", at: datetime = AT) -> SurveyAnswer:
    return SurveyAnswer(person=studio.client, score=score, comment=comment, answered_at=at,
                        first_answered_at=at)  # fmt: skip


async def test_an_occasion_opens_once_and_reads_back_with_its_answers(
    uow_factory: UowFactory, studio: Studio
) -> None:
    occasion = await opened(uow_factory, studio)
    async with uow_factory() as uow:
        again = SurveyOccasion(project_id=studio.project.id, milestone_id=None, opened_at=AT)
        assert await uow.surveys.open(again) is None
        assert await uow.surveys.answer(occasion.id, answer(studio, 2, "太慢了 too slow"))
        await uow.commit()
    async with uow_factory() as uow:
        [read] = await uow.surveys.occasions(studio.project.id)
    assert (read.id, read.milestone_id, read.opened_at) == (occasion.id, None, AT)
    assert read.answers == (answer(studio, 2, "太慢了 too slow"),)


async def test_one_answer_per_person_however_many_clicks_at_once(
    uow_factory: UowFactory, studio: Studio
) -> None:
    occasion = await opened(uow_factory, studio)

    async def click(score: int) -> bool:
        async with uow_factory() as uow:
            stored = await uow.surveys.answer(occasion.id, answer(studio, score))
            await uow.commit()
            return stored

    stored = await asyncio.gather(*(click(score) for score in (1, 2, 3, 4, 5, 1, 2, 3)))
    assert stored.count(True) == 1
    async with uow_factory() as uow:
        [read] = await uow.surveys.occasions(studio.project.id)
    assert len(read.answers) == 1
    assert read.answers[0].score == (1, 2, 3, 4, 5, 1, 2, 3)[stored.index(True)]


async def test_a_change_replaces_the_answer_and_keeps_when_it_was_first_given(
    uow_factory: UowFactory, studio: Studio
) -> None:
    occasion = await opened(uow_factory, studio)
    later = AT + timedelta(hours=3)
    async with uow_factory() as uow:
        assert not await uow.surveys.change(occasion.id, answer(studio, 4))  # nothing yet
        assert await uow.surveys.answer(occasion.id, answer(studio, 2))
        assert await uow.surveys.change(occasion.id, answer(studio, 4, "better", at=later))
        await uow.commit()
    async with uow_factory() as uow:
        [read] = await uow.surveys.occasions(studio.project.id)
    [kept] = read.answers
    assert (kept.score, kept.comment, kept.answered_at, kept.first_answered_at) == (
        4,
        "better",
        later,
        AT,
    )


async def test_the_mode_is_the_channel_until_a_pm_sets_another(
    uow_factory: UowFactory, studio: Studio
) -> None:
    async with uow_factory() as uow:
        assert await uow.surveys.mode(studio.project.id) is SurveyMode.CHANNEL
        await uow.surveys.set_mode(studio.project.id, SurveyMode.DM)
        await uow.surveys.set_mode(studio.project.id, SurveyMode.OFF)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.surveys.mode(studio.project.id) is SurveyMode.OFF
