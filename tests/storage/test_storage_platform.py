"""The adapters' plumbing on both databases: handled deliveries, card posts, conversation
references, and problems recorded on bindings."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest
from storage_helpers import T0, T1, UowFactory, new_project

from bot.model import Conversation, Identity, Platform

CHANNEL = Conversation(platform=Platform.SLACK, tenant="T1", channel="C1")
TEAMS = Conversation(platform=Platform.TEAMS, tenant="tenant-1", channel="19:abc@thread.tacv2")


async def test_a_delivery_is_new_once_even_when_retried_concurrently(
    uow_factory: UowFactory,
) -> None:
    async def deliver() -> bool:
        async with uow_factory() as uow:
            first = await uow.inbound.first_time(Platform.SLACK, "Ev0001", T0)
            await uow.commit()
            return first

    outcomes = await asyncio.gather(*(deliver() for _ in range(10)))

    assert outcomes.count(True) == 1


async def test_a_delivery_rolled_back_is_new_again(uow_factory: UowFactory) -> None:
    async with uow_factory() as uow:
        assert await uow.inbound.first_time(Platform.TEAMS, "act-1", T0)
        await uow.rollback()
    async with uow_factory() as uow:
        assert await uow.inbound.first_time(Platform.TEAMS, "act-1", T0)
        await uow.commit()
    async with uow_factory() as uow:
        assert not await uow.inbound.first_time(Platform.TEAMS, "act-1", T1)
        assert await uow.inbound.first_time(Platform.SLACK, "act-1", T1)  # per platform


async def test_card_posts_are_listed_per_key_once_each(uow_factory: UowFactory) -> None:
    async with uow_factory() as uow:
        await uow.platform.note_post("milestone:1:v1", CHANNEL, "1700000000.000100", T0)
        await uow.platform.note_post("milestone:1:v1", CHANNEL, "1700000000.000100", T1)
        await uow.platform.note_post("milestone:1:v1", TEAMS, "1:act", T0)
        await uow.platform.note_post("milestone:1:v2", CHANNEL, "1700000001.000100", T0)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.platform.posts("milestone:1:v1") == [
            (CHANNEL, "1700000000.000100"),
            (TEAMS, "1:act"),
        ]


async def test_a_conversation_reference_is_kept_and_replaced(uow_factory: UowFactory) -> None:
    first = {"serviceUrl": "https://smba.example/teams/", "conversation": {"id": TEAMS.channel}}
    async with uow_factory() as uow:
        assert await uow.platform.reference(TEAMS) is None
        await uow.platform.keep_reference(TEAMS, first, T0)
        await uow.commit()
    second = {**first, "serviceUrl": "https://smba.example/emea/"}
    async with uow_factory() as uow:
        await uow.platform.keep_reference(TEAMS, second, T1)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.platform.reference(TEAMS) == second


async def test_the_latest_card_of_a_key_is_kept(uow_factory: UowFactory) -> None:
    first, second = {"body": [{"text": "M-1 v1"}]}, {"body": [{"text": "M-1 v1 approved"}]}
    async with uow_factory() as uow:
        assert await uow.platform.card("milestone:1:v1") is None
        await uow.platform.keep_card("milestone:1:v1", first, T0)
        await uow.platform.keep_card("milestone:2:v1", first, T0)
        await uow.commit()
    async with uow_factory() as uow:
        await uow.platform.keep_card("milestone:1:v1", second, T1)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.platform.card("milestone:1:v1") == second
        assert await uow.platform.card("milestone:2:v1") == first


async def test_peoples_platform_ids_are_read_together_for_those_known(
    uow_factory: UowFactory,
) -> None:
    ana, bo, cy = (Identity(platform=Platform.TEAMS, tenant="t1", user_id=u)
                   for u in ("aad-ana", "aad-bo", "aad-cy"))  # fmt: skip
    elsewhere = replace(ana, tenant="t2")  # the same user id in another tenant is someone else
    async with uow_factory() as uow:
        await uow.platform.keep_platform_id(ana, "29:ana-old", T0)
        await uow.platform.keep_platform_id(bo, "29:bo", T0)
        await uow.platform.keep_platform_id(elsewhere, "29:other", T0)
        await uow.commit()
    async with uow_factory() as uow:
        await uow.platform.keep_platform_id(ana, "29:ana", T1)  # latest wins
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.platform.platform_ids([ana, bo, cy]) == {ana: "29:ana", bo: "29:bo"}
        assert await uow.platform.platform_ids([]) == {}


async def test_a_binding_problem_is_recorded_and_cleared(uow_factory: UowFactory) -> None:
    async with uow_factory() as uow:
        project = await uow.projects.add(new_project("acme"))
        await uow.projects.bind(project.id, CHANNEL)
        await uow.projects.mark_binding(CHANNEL, problem="channel_not_found", at=T0)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.projects.binding_problems(project.id) == {CHANNEL: "channel_not_found"}
        await uow.projects.mark_binding(CHANNEL, problem="", at=T1)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.projects.binding_problems(project.id) == {}


async def test_a_channel_bound_under_one_tenant_cannot_be_bound_elsewhere_under_another(
    uow_factory: UowFactory,
) -> None:
    from bot.errors import Conflict

    async with uow_factory() as uow:
        a = await uow.projects.add(new_project("acme"))
        b = await uow.projects.add(new_project("beta"))
        await uow.projects.bind(a.id, CHANNEL)
        await uow.commit()
    async with uow_factory() as uow:
        with pytest.raises(Conflict) as refused:
            await uow.projects.bind(b.id, replace(CHANNEL, tenant="T2"))
        assert refused.value.params == {"other": "acme"}
        await uow.projects.bind(a.id, replace(CHANNEL, tenant=""))  # the same project: fine
        await uow.commit()


async def test_a_projects_own_nudge_settings_round_trip(uow_factory: UowFactory) -> None:
    from datetime import date, time

    from bot.nudges.model import NudgeKind

    async with uow_factory() as uow:
        project = await uow.projects.add(new_project("acme"))
        settings = (await uow.nudges.settings(project.id)).retime(NudgeKind.DIGEST, time(10), 1)
        settings = settings.retime(NudgeKind.DUE_SOON, time(14, 30), None)
        await uow.nudges.save_settings(
            replace(settings, country="CN", holidays=frozenset({date(2026, 12, 24)}))
        )
        await uow.commit()
    async with uow_factory() as uow:
        stored = await uow.nudges.settings(project.id)
    assert set(stored.retimed) == {
        (NudgeKind.DIGEST, time(10), 1),
        (NudgeKind.DUE_SOON, time(14, 30), None),
    }
    assert stored.country == "CN" and stored.holidays == frozenset({date(2026, 12, 24)})
