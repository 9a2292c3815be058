"""Putting a project right: members removed or given other roles, a conversation unbound, the
project closed, reopened and renamed; one person per platform user; records that name people
by a stable identity."""

from __future__ import annotations

from dataclasses import replace

from bot.commands import AddMember, BindConversation, CreateProject
from bot.invocation import Invocation
from bot.messages import Audience
from bot.model import Conversation, Identity, Platform, ProjectStatus, Role
from bot.queries import export_project
from bot.service import handle, handle_text
from tests.core.conftest import CHANNEL, Studio, make_studio, person

OPERATOR = Identity(platform=Platform.CONSOLE, tenant="cli", user_id="op")


def roles_of(studio: Studio, who: str) -> set[Role]:
    person_id = studio.tables.people[person(who)].id
    return {m.role for m in studio.tables.members if m.person_id == person_id and not m.removed_at}


def project(studio: Studio, key: str = "acme"):
    return next(p for p in studio.tables.projects.values() if p.key == key)


def audit(studio: Studio, action: str) -> list[dict]:
    return [e.detail for e in studio.tables.audit if e.action == action]


async def as_operator(studio: Studio, command, key: str | None = "acme"):
    invocation = Invocation(identity=OPERATOR, project_key=key, operator=True)
    return await handle(command, invocation, studio.services)


async def plan_concepts(studio: Studio) -> None:
    assert (await studio.say("paula", 'milestone add "Concepts" due 2026-12-15')).ok


async def test_a_removed_member_loses_their_roles_but_keeps_their_record(studio: Studio) -> None:
    await plan_concepts(studio)

    removed = await studio.say("paula", "member remove @dan")

    assert removed.ok, removed.replies
    assert removed.replies[0].message.text == "Dan is no longer a member of acme."
    assert removed.replies[0].audience is Audience.CHANNEL
    assert roles_of(studio, "dan") == set()
    refused = await studio.say("dan", "submit M-1")
    assert not refused.ok
    [record] = [m for m in studio.tables.members if m.role is Role.DESIGNER]
    assert record.removed_at == studio.clock.now()
    assert record.removed_by == studio.tables.people[person("paula")].id
    [detail] = audit(studio, "member.removed")
    assert detail["roles_before"] == ["designer"] and detail["roles_after"] == []
    assert detail["person_id"] == "console:T1:dan"

    again = await studio.say("paula", "member add @dan designer")

    assert again.ok and roles_of(studio, "dan") == {Role.DESIGNER}
    assert (await studio.say("dan", "submit M-1")).ok
    assert len([m for m in studio.tables.members if m.role is Role.DESIGNER]) == 1


async def test_one_role_of_several_can_end(studio: Studio) -> None:
    assert (await studio.say("paula", "member add @cleo approver")).ok

    result = await studio.say("paula", "member remove @cleo approver")

    assert result.replies[0].message.text == ("Cleo is no longer approver on acme; still client.")
    assert roles_of(studio, "cleo") == {Role.CLIENT}


async def test_member_role_sets_exactly_the_roles_given(studio: Studio) -> None:
    result = await studio.say("paula", "member role @cleo client, approver")

    assert result.ok and result.replies[0].message.text == ("Cleo is now client, approver on acme.")
    assert roles_of(studio, "cleo") == {Role.CLIENT, Role.APPROVER}
    await studio.say("paula", "member role @cleo approver")
    assert roles_of(studio, "cleo") == {Role.APPROVER}
    same = await studio.say("paula", "member role @cleo approver")
    assert same.replies[0].message.text == "Cleo is already approver."
    changes = audit(studio, "member.role_changed")
    assert [(c["roles_before"], c["roles_after"]) for c in changes] == [
        (["client"], ["client", "approver"]),
        (["client", "approver"], ["approver"]),
    ]


async def test_the_last_pm_cannot_be_removed_or_demoted(studio: Studio) -> None:
    removed = await studio.say("paula", "member remove @paula")
    demoted = await studio.say("paula", "member role @paula designer")

    for refused in (removed, demoted):
        assert not refused.ok
        assert refused.replies[0].message.text == (
            "Paula is the only PM of acme: make someone else PM first."
        )
    assert roles_of(studio, "paula") == {Role.PM}

    await studio.say("paula", "member add @dan pm")
    assert (await studio.say("dan", "member remove @paula")).ok
    assert roles_of(studio, "paula") == set()


async def test_only_a_pm_changes_members_and_a_stranger_is_named(studio: Studio) -> None:
    refused = await studio.say("cleo", "member remove @dan")
    unknown = await studio.say("paula", "member remove @zoe")

    assert not refused.ok and "Only the project's PM can change members." in (
        refused.replies[0].message.text
    )
    assert roles_of(studio, "dan") == {Role.DESIGNER}
    assert not unknown.ok and unknown.replies[0].message.text == "zoe holds no role on acme."


async def test_a_closed_project_takes_no_new_records_but_stays_readable(studio: Studio) -> None:
    await plan_concepts(studio)
    await studio.say("cleo", "feedback before closing")

    closed = await studio.say("paula", "project close")

    assert closed.ok and closed.replies[0].audience is Audience.CHANNEL
    assert project(studio).status is ProjectStatus.CLOSED
    for who, line in [
        ("cleo", "feedback one more thing"),
        ("cleo", "issue the site is down high"),
        ("cleo", "issue"),
        ("paula", 'milestone add "Finals" due 2026-12-20'),
        ("dan", "submit M-1"),
        ("paula", "approve M-1"),
    ]:
        refused = await studio.say(who, line)
        assert not refused.ok, line
        assert refused.replies[0].message.text.startswith("acme is closed: it takes no new"), line
    assert len(studio.tables.feedback) == 1 and not studio.tables.issues
    assert (await studio.say("cleo", "status")).ok
    assert "M-1 Concepts" in await studio.text("cleo", "milestones")
    assert "closed: it sends no nudges" in await studio.text("paula", "nudges")
    record = await export_project("acme", studio.services)
    assert record["project"]["status"] == "closed"

    reopened = await studio.say("paula", "project reopen")

    assert reopened.ok and (await studio.say("cleo", "feedback after reopening")).ok
    assert [(d["status_before"], d["status_after"]) for d in audit(studio, "project.closed")] == [
        ("active", "closed")
    ]
    assert audit(studio, "project.reopened")[0]["status_after"] == "active"


async def test_closing_twice_or_by_a_client_changes_nothing(studio: Studio) -> None:
    assert "Only the project's PM" in await studio.text("cleo", "project close")
    await studio.say("paula", "project close")
    assert await studio.text("paula", "project close") == "acme is already closed."
    assert len(audit(studio, "project.closed")) == 1


async def test_a_project_is_renamed_with_its_client(studio: Studio) -> None:
    result = await studio.say("paula", 'project rename "Acme brand" client "Acme Group"')

    assert result.ok
    assert result.replies[0].message.text == "acme is now Acme brand for Acme Group."
    renamed = project(studio)
    assert (renamed.name, renamed.client) == ("Acme brand", "Acme Group")
    [detail] = audit(studio, "project.renamed")
    assert detail == {
        "name_before": "Acme rebrand",
        "name_after": "Acme brand",
        "client_before": "Acme Co.",
        "client_after": "Acme Group",
    }
    assert not (await studio.say("dan", 'project rename "Mine"')).ok


async def test_unbinding_the_conversation_leaves_the_project_bound_nowhere(
    studio: Studio,
) -> None:
    assert not (await studio.say("cleo", "project unbind")).ok

    result = await studio.say("paula", "project unbind")

    assert result.ok
    assert result.replies[0].message.text == (
        "C-acme is no longer bound to acme. No channel will get digests: bind one with "
        "“project bind acme”."
    )
    assert studio.tables.bindings == {}
    assert audit(studio, "project.unbound") == [
        {"platform": "slack", "tenant": "T1", "channel": "C-acme"}
    ]
    assert "not bound to a project" in await studio.text("paula", "status")
    by_key = Invocation(identity=person("paula"), project_key="acme")
    status = await handle_text("status", by_key, studio.services)
    assert "No channel will get digests: bind one with “project bind acme”." in (
        status.replies[0].message.text
    )


async def test_a_binding_on_a_platform_this_signoff_does_not_serve_says_how_to_enable_it(
    studio: Studio,
) -> None:
    policy = replace(studio.services.policy, platforms=frozenset({Platform.TEAMS}))
    studio.services = replace(studio.services, policy=policy)

    text = await studio.text("paula", "status")
    nudges = await studio.text("paula", "nudges")

    for said in (text, nudges):
        assert "Slack is not turned on in this Signoff, so nothing reaches C-acme" in said
        assert "SLACK_BOT_TOKEN" in said
    assert text.splitlines()[-1] == (
        "Channels: Slack is not turned on in this Signoff, so nothing reaches C-acme: set "
        "SLACK_BOT_TOKEN with SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode) and "
        "restart it."
    )


async def test_someone_added_without_a_tenant_is_one_person_when_they_speak() -> None:
    studio = await make_studio()
    await plan_concepts(studio)
    unscoped = Identity(platform=Platform.CONSOLE, tenant="", user_id="zed")
    added = await as_operator(
        studio, AddMember(role=Role.DESIGNER, identity=unscoped, display_name="Zed Admin-Named")
    )
    assert added.ok

    submitted = await studio.say("zed", "submit M-1")  # speaks with tenant T1, name "Zed"

    assert submitted.ok, submitted.replies
    zeds = [p for p in studio.tables.people.values() if p.identity.user_id == "zed"]
    assert [(p.identity.tenant, p.display_name) for p in zeds] == [("T1", "Zed Admin-Named")]


async def test_a_person_without_a_given_name_takes_the_platforms() -> None:
    studio = await make_studio()
    unscoped = Identity(platform=Platform.CONSOLE, tenant="", user_id="yan")
    await as_operator(studio, AddMember(role=Role.CLIENT, identity=unscoped))

    await studio.say("yan", "feedback hello")

    assert studio.tables.people[person("yan")].display_name == "Yan"


async def test_a_conversation_bound_without_a_tenant_takes_the_first_speakers() -> None:
    studio = await make_studio()
    await as_operator(studio, CreateProject(key="beta", name="Beta", client="B"), None)
    unscoped = Conversation(platform=Platform.SLACK, tenant="", channel="C-beta")
    await as_operator(studio, BindConversation(key="beta", conversation=unscoped), "beta")
    studio.conversation = replace(unscoped, tenant="T1")

    result = await studio.say("cleo", "feedback found without a tenant")

    assert result.ok
    assert studio.tables.bindings[studio.conversation] == project(studio, "beta").id
    assert unscoped not in studio.tables.bindings


async def test_corrections_answer_in_chinese_in_a_chinese_project() -> None:
    studio = await make_studio(locale="zh-CN")

    closed = await studio.text("paula", "project close")
    refused = await studio.text("cleo", "feedback 还有一点")
    last_pm = await studio.text("paula", "member remove @paula")

    assert "已关闭" in closed and "已关闭" in refused
    assert "唯一的项目经理" in last_pm
    assert CHANNEL in studio.tables.bindings


async def test_binding_names_a_missing_project_and_needs_a_conversation(studio: Studio) -> None:
    assert await studio.text("paula", "project bind nope") == "There is no project “nope”."
    nowhere = Invocation(identity=person("root"), display_name="root", operator=True)
    result = await handle(BindConversation(key="acme"), nowhere, studio.services)
    assert result.replies[0].message.text.splitlines()[:2] == [
        "Run “project bind KEY” in the conversation to bind.",
        'Usage: project create KEY "NAME" client "CLIENT" [timezone TZ] [locale en|zh-CN] — '
        "create a project",
    ]


async def test_a_project_is_renamed_with_its_client_in_one_line(studio: Studio) -> None:
    renamed = await studio.text("paula", 'project rename "Acme two" client "Acme Ltd"')
    assert renamed == "acme is now Acme two for Acme Ltd."
    [project] = studio.tables.projects.values()
    assert (project.name, project.client) == ("Acme two", "Acme Ltd")


async def test_a_member_command_naming_nobody_in_chinese_is_answered_with_the_usage() -> None:
    studio = await make_studio(locale="zh-CN")
    result = await studio.run("paula", AddMember(user="@", role=Role.DESIGNER))
    assert result.replies[0].message.text.startswith("用法：")


async def test_a_member_command_naming_nobody_is_answered_with_the_usage(studio: Studio) -> None:
    for nobody in (AddMember(user="@", role=Role.DESIGNER),
                   AddMember(identity=Identity(platform=Platform.CONSOLE, tenant="T1", user_id=""),
                             role=Role.DESIGNER)):  # fmt: skip
        result = await studio.run("paula", nobody)
        assert not result.ok
        assert result.replies[0].message.text.startswith(
            "Usage: member add @person pm|designer|client|approver — give someone one more role"
        )


async def test_a_milestone_name_that_differs_only_in_spaces_or_case_is_taken(
    studio: Studio,
) -> None:
    await studio.say("paula", 'milestone add "Concepts" due 2026-12-15')
    for name in ("Con cepts", "CONCEPTS"):
        taken = await studio.say("paula", f'milestone add "{name}" due 2026-12-16')
        assert (taken.ok, taken.replies[0].message.text) == (
            False,
            "There is already a milestone “Concepts” in this project: M-1.",
        )
