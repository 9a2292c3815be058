"""Projects, bindings, people and members round-trip; unique rules answer with Conflict."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from storage_helpers import T0, T1, Studio, UowFactory, new_project, slack_user

from bot.errors import Conflict
from bot.model import (
    ApprovalRule,
    Conversation,
    Identity,
    Member,
    Platform,
    ProjectStatus,
    Role,
)

CHANNEL = Conversation(platform=Platform.SLACK, tenant="T1", channel="C-acme")
TEAMS_CHANNEL = Conversation(
    platform=Platform.TEAMS, tenant="tenant-guid", channel="19:abc@thread.tacv2"
)


async def test_a_project_round_trips(uow_factory: UowFactory) -> None:
    project = new_project(status=ProjectStatus.CLOSED, client_rule=ApprovalRule.ALL)
    async with uow_factory() as uow:
        added = await uow.projects.add(project)
        await uow.commit()

    assert added.id > 0
    async with uow_factory() as uow:
        by_id = await uow.projects.get(added.id)
        by_key = await uow.projects.get_by_key("ACME")
        assert await uow.projects.get_by_key("NOPE") is None
        assert await uow.projects.get(added.id + 1000) is None
        assert await uow.projects.count() == 1
    assert by_id == by_key == added
    assert by_id.name == "Acme 品牌重塑"
    assert by_id.created_at == T0
    assert by_id.created_at.utcoffset() is not None and by_id.created_at.tzinfo == UTC
    assert (by_id.status, by_id.pm_rule, by_id.client_rule) == (
        ProjectStatus.CLOSED,
        ApprovalRule.ANY,
        ApprovalRule.ALL,
    )


async def test_a_project_without_created_at_is_stamped(uow_factory: UowFactory) -> None:
    async with uow_factory() as uow:
        added = await uow.projects.add(new_project(created_at=None))
        assert added.created_at is not None and added.created_at.tzinfo is not None
        assert await uow.projects.get(added.id) == added


async def test_a_taken_key_is_a_conflict_and_the_unit_of_work_goes_on(
    uow_factory: UowFactory, studio: Studio
) -> None:
    async with uow_factory() as uow:
        with pytest.raises(Conflict) as refused:
            await uow.projects.add(new_project("ACME", name="Another"))
        assert refused.value.message == "A project with key {key} already exists."
        assert refused.value.params == {"key": "ACME"}
        other = await uow.projects.add(new_project("BETA"))
        await uow.commit()

    async with uow_factory() as uow:
        assert await uow.projects.count() == 2
        assert (await uow.projects.get_by_key("BETA")) == other
        assert (await uow.projects.get_by_key("ACME")).name == "Acme 品牌重塑"


async def test_conversations_bind_to_one_project(uow_factory: UowFactory, studio: Studio) -> None:
    async with uow_factory() as uow:
        other = await uow.projects.add(new_project("BETA"))
        await uow.projects.bind(studio.project.id, CHANNEL)
        await uow.projects.bind(studio.project.id, TEAMS_CHANNEL)
        await uow.projects.bind(studio.project.id, CHANNEL)  # again: nothing changes
        with pytest.raises(Conflict) as refused:
            await uow.projects.bind(other.id, CHANNEL)
        assert refused.value.message == "This conversation is already bound to {other}."
        assert refused.value.params == {"other": "ACME"}
        await uow.commit()

    async with uow_factory() as uow:
        assert await uow.projects.bindings(studio.project.id) == [CHANNEL, TEAMS_CHANNEL]
        assert await uow.projects.bindings(other.id) == []
        assert await uow.projects.for_conversation(TEAMS_CHANNEL) == studio.project
        same_channel_elsewhere = Conversation(
            platform=Platform.SLACK, tenant="T2", channel="C-acme"
        )
        assert await uow.projects.for_conversation(same_channel_elsewhere) is None


async def test_projects_of_a_person_are_those_they_hold_a_role_on_by_key(
    uow_factory: UowFactory, studio: Studio
) -> None:
    async with uow_factory() as uow:
        zeta = await uow.projects.add(new_project("ZETA"))
        await uow.projects.add(new_project("MIDDLE"))
        alpha = await uow.projects.add(new_project("ALPHA"))
        for project in (zeta, alpha):
            await uow.members.add(project.id, studio.pm.id, Role.PM)
        await uow.members.add(alpha.id, studio.pm.id, Role.DESIGNER)  # two roles, listed once
        await uow.commit()

    async with uow_factory() as uow:
        keys = [p.key for p in await uow.projects.of_person(studio.pm.id)]
        assert keys == ["ACME", "ALPHA", "ZETA"]
        assert [p.key for p in await uow.projects.of_person(studio.client.id)] == ["ACME"]


async def test_ensure_creates_a_person_once_and_keeps_the_latest_name(
    uow_factory: UowFactory,
) -> None:
    alice = slack_user("U-alice")
    async with uow_factory() as uow:
        created = await uow.people.ensure(alice, "Alice")
        again = await uow.people.ensure(alice)  # no name given: the stored one stays
        await uow.commit()
    assert created == again
    assert created.identity == alice and created.display_name == "Alice"

    async with uow_factory() as uow:
        renamed = await uow.people.ensure(alice, "爱丽丝")
        await uow.commit()
    assert renamed.id == created.id and renamed.display_name == "爱丽丝"

    async with uow_factory() as uow:
        assert await uow.people.find(alice) == renamed
        assert await uow.people.find(slack_user("U-alice", tenant="T2")) is None
        teams_alice = Identity(platform=Platform.TEAMS, tenant="T1", user_id="U-alice")
        assert (await uow.people.ensure(teams_alice, "Alice")).id != created.id


async def test_a_persons_own_time_zone_is_kept_and_read_back(uow_factory: UowFactory) -> None:
    async with uow_factory() as uow:
        await uow.people.ensure(slack_user("U-kai"), "Kai", "Pacific/Auckland")
        await uow.commit()
    async with uow_factory() as uow:
        kai = await uow.people.find(slack_user("U-kai"))
        again = await uow.people.ensure(slack_user("U-kai"))  # no zone given: the stored one
    assert kai is not None and kai.timezone == again.timezone == "Pacific/Auckland"


async def test_members_hold_roles_listed_by_role_then_name(
    uow_factory: UowFactory, studio: Studio
) -> None:
    project_id = studio.project.id
    async with uow_factory() as uow:
        zoe = await uow.people.ensure(slack_user("U-zoe"), "zoe")
        ava = await uow.people.ensure(slack_user("U-ava"), "Ava")
        assert await uow.members.add(project_id, zoe.id, Role.APPROVER) is True
        assert await uow.members.add(project_id, ava.id, Role.APPROVER) is True
        assert await uow.members.add(project_id, studio.client.id, Role.APPROVER) is True
        assert await uow.members.add(project_id, ava.id, Role.APPROVER) is False  # had it
        await uow.commit()

    async with uow_factory() as uow:
        assert await uow.members.roles(project_id, studio.client.id) == {
            Role.CLIENT,
            Role.APPROVER,
        }
        assert await uow.members.roles(project_id, 99_999) == frozenset()
        members = await uow.members.list(project_id)
    assert members == [
        Member(project_id=project_id, person=studio.pm, role=Role.PM),
        Member(project_id=project_id, person=studio.client, role=Role.CLIENT),
        Member(project_id=project_id, person=ava, role=Role.APPROVER),
        Member(project_id=project_id, person=zoe, role=Role.APPROVER),
        Member(project_id=project_id, person=studio.client, role=Role.APPROVER),
    ]


async def test_a_naive_datetime_is_refused_rather_than_guessed(uow_factory: UowFactory) -> None:
    async with uow_factory() as uow:
        with pytest.raises(ValueError, match="naive datetime"):
            await uow.projects.add(new_project(created_at=datetime(2026, 11, 27, 9, 30)))
        assert (await uow.projects.add(new_project())).key == "ACME"  # the transaction goes on


async def test_someone_stored_without_a_tenant_takes_the_first_tenant_they_speak_with(
    uow_factory: UowFactory, studio: Studio
) -> None:
    unscoped = slack_user("W111", tenant="")
    async with uow_factory() as uow:
        added = await uow.people.ensure(unscoped, "Pat (admin)", name_given=True)
        await uow.members.add(studio.project.id, added.id, Role.DESIGNER)
        await uow.commit()

    async with uow_factory() as uow:
        assert (await uow.people.find(slack_user("W111", tenant="T0456"))) == added
        spoke = await uow.people.ensure(slack_user("W111", tenant="T0456"), "pat", "Asia/Tokyo")
        await uow.commit()

    assert spoke.id == added.id
    assert spoke.identity == slack_user("W111", tenant="T0456")
    assert (spoke.display_name, spoke.timezone) == ("Pat (admin)", "Asia/Tokyo")
    async with uow_factory() as uow:
        assert await uow.members.roles(studio.project.id, spoke.id) == {Role.DESIGNER}
        assert await uow.people.find(unscoped) is None  # merged, not copied
        again = await uow.people.ensure(slack_user("W111", tenant="T0456"), "pat")
        assert again.display_name == "Pat (admin)"


async def test_a_name_no_administrator_gave_follows_the_platform(uow_factory: UowFactory) -> None:
    async with uow_factory() as uow:
        await uow.people.ensure(slack_user("W222", tenant=""))
        await uow.commit()
    async with uow_factory() as uow:
        spoke = await uow.people.ensure(slack_user("W222"), "Sam from Slack")
        await uow.commit()
    assert spoke.display_name == "Sam from Slack"
    async with uow_factory() as uow:
        renamed = await uow.people.ensure(slack_user("W222"), "Sam", name_given=True)
        kept = await uow.people.ensure(slack_user("W222"), "sam.slack")
        await uow.commit()
    assert renamed.display_name == kept.display_name == "Sam"


async def test_a_failed_unit_of_work_merges_nobody(uow_factory: UowFactory) -> None:
    async with uow_factory() as uow:
        await uow.people.ensure(slack_user("W333", tenant=""), "Kim")
        await uow.commit()
    async with uow_factory() as uow:
        await uow.people.ensure(slack_user("W333"), "kim")
        # no commit: the command was refused or the database failed

    async with uow_factory() as uow:
        assert (await uow.people.find(slack_user("W333", tenant=""))).display_name == "Kim"
        assert (await uow.people.find(slack_user("W333"))).identity.tenant == ""


async def test_concurrent_first_sightings_merge_into_one_person(
    uow_factory: UowFactory,
) -> None:
    async with uow_factory() as uow:
        first = await uow.people.ensure(slack_user("W444", tenant=""), "Lee")
        await uow.commit()

    async def speak() -> int:
        async with uow_factory() as uow:
            person = await uow.people.ensure(slack_user("W444", tenant="T9"), "lee")
            await uow.commit()
            return person.id

    ids = await asyncio.gather(*(speak() for _ in range(8)))

    assert set(ids) == {first.id}


async def test_a_binding_without_a_tenant_is_found_and_takes_the_tenant(
    uow_factory: UowFactory, studio: Studio
) -> None:
    unscoped = Conversation(platform=Platform.TEAMS, tenant="", channel="19:x@thread.tacv2")
    scoped = replace(unscoped, tenant="tenant-guid")
    async with uow_factory() as uow:
        await uow.projects.bind(studio.project.id, unscoped)
        await uow.commit()

    async with uow_factory() as uow:
        assert await uow.projects.for_conversation(scoped) is None
        assert await uow.projects.find_bound(scoped) == studio.project
        await uow.commit()

    async with uow_factory() as uow:
        assert await uow.projects.for_conversation(scoped) == studio.project
        assert await uow.projects.bindings(studio.project.id) == [scoped]
        assert await uow.projects.find_bound(replace(scoped, channel="19:other")) is None


async def test_a_role_ends_keeping_its_record_and_can_be_given_again(
    uow_factory: UowFactory, studio: Studio
) -> None:
    project_id = studio.project.id
    async with uow_factory() as uow:
        sam = await uow.people.ensure(slack_user("U-sam"), "Sam")
        assert await uow.members.add(project_id, sam.id, Role.DESIGNER, by=studio.pm.id, at=T1)
        assert await uow.members.remove(project_id, sam.id, Role.DESIGNER, by=studio.pm.id, at=T1)
        assert not await uow.members.remove(project_id, sam.id, Role.DESIGNER, by=None, at=T1)
        await uow.commit()

    async with uow_factory() as uow:
        assert await uow.members.roles(project_id, sam.id) == frozenset()
        assert sam.id not in {m.person.id for m in await uow.members.list(project_id)}
        assert [p.key for p in await uow.projects.of_person(sam.id)] == []
        [ended] = [m for m in await uow.members.list(project_id, removed=True) if m.person == sam]
        assert (ended.added_by, ended.added_at) == (studio.pm, T1)
        assert (ended.removed_by, ended.removed_at) == (studio.pm, T1)
        assert await uow.members.add(project_id, sam.id, Role.DESIGNER, by=studio.client.id, at=T1)
        assert not await uow.members.add(project_id, sam.id, Role.DESIGNER)
        await uow.commit()

    async with uow_factory() as uow:
        [held] = [m for m in await uow.members.list(project_id) if m.person == sam]
        assert (held.role, held.added_by, held.removed_at) == (Role.DESIGNER, studio.client, None)


async def test_a_project_is_saved_renamed_and_closed_and_a_binding_removed(
    uow_factory: UowFactory, studio: Studio
) -> None:
    async with uow_factory() as uow:
        await uow.projects.bind(studio.project.id, CHANNEL)
        project = replace(studio.project, name="新名字", client="Acme Group")
        project.status = ProjectStatus.CLOSED
        await uow.projects.save(project)
        await uow.commit()

    async with uow_factory() as uow:
        assert await uow.projects.get(studio.project.id) == project
        assert await uow.projects.unbind(CHANNEL) is True
        assert await uow.projects.unbind(CHANNEL) is False
        await uow.commit()

    async with uow_factory() as uow:
        assert await uow.projects.bindings(studio.project.id) == []
        assert await uow.projects.for_conversation(CHANNEL) is None


async def test_a_projects_sign_off_terms_are_written_and_read_back(uow_factory: UowFactory) -> None:
    async with uow_factory() as uow:
        added = await uow.projects.add(new_project())
        await uow.commit()
    assert (added.studio_stage, added.self_approval, added.pm_rule) == (
        True,
        False,
        ApprovalRule.ANY,
    )
    changed = replace(added, studio_stage=False, self_approval=True, pm_rule=ApprovalRule.ALL,
                      client_rule=ApprovalRule.ALL, revision_rounds=4)  # fmt: skip
    async with uow_factory() as uow:
        await uow.projects.set_terms(changed)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.projects.get(added.id) == changed
