"""Commands typed in Teams: @mentions in channels, the bare verb in personal and group chats."""

from __future__ import annotations

from sqlalchemy import event

from adapters.platforms import build_teams
from bot.commands import AddMember, BindConversation, CreateProject
from bot.messages import Message
from bot.model import Conversation, Identity, Platform, Role
from tests.teams.conftest import CHANNEL, PEOPLE, TENANT, Teams, fixture


async def test_a_personal_chat_takes_the_bare_verb_and_answers_in_that_chat(teams: Teams) -> None:
    activity = teams.personal_message("help")
    response = await teams.post(activity)
    assert response.status in (200, 201)
    reply = await teams.connector.wait_for(lambda: teams.connector.posts())
    assert reply[0].conversation == activity["conversation"]["id"]
    assert "Commands:" in reply[0].text


async def test_a_group_chat_takes_the_bare_verb(teams: Teams) -> None:
    activity = teams.personal_message("help project")
    activity["conversation"].update(conversationType="groupChat", isGroup=True, id="19:g@thread.v2")
    await teams.post(activity)
    reply = await teams.connector.wait_for(lambda: teams.connector.posts())
    assert reply[0].conversation == "19:g@thread.v2"
    assert "project bind KEY" in reply[0].text


async def test_the_mention_is_stripped_entities_decoded_and_the_reply_stays_in_the_thread(
    teams: Teams,
) -> None:
    typed = "project create acme &quot;Acme rebrand&quot; client &quot;Acme &amp; Co.&quot;"
    activity = teams.channel_message(typed, who="paula")
    await teams.post(activity)
    reply = await teams.connector.wait_for(lambda: teams.connector.posts())
    assert "Created project acme: Acme rebrand for Acme & Co." in reply[0].text
    assert reply[0].conversation == activity["conversation"]["id"]  # the thread, ;messageid=…
    record = await teams.export()
    assert record["project"]["client"] == "Acme & Co."
    bound = [b for b in record["bindings"] if b["platform"] == "teams"]
    assert [b["channel"] for b in bound] == [CHANNEL]  # without the thread suffix


async def test_channel_messages_that_do_not_mention_the_bot_are_ignored(teams: Teams) -> None:
    await teams.project()
    activity = teams.channel_message("feedback not for the bot")
    activity["entities"] = [e for e in activity["entities"] if e["type"] == "clientInfo"]
    activity["text"] = "feedback not for the bot"
    await teams.post(activity)
    mentioned = teams.channel_message("feedback for the bot")
    await teams.post(mentioned)
    await teams.connector.wait_for(lambda: teams.connector.posts())
    await teams.settled()
    assert [f["summary"] for f in (await teams.export())["feedback"]] == ["for the bot"]
    assert len(teams.connector.posts()) == 1


async def test_a_thread_reply_belongs_to_the_channels_project_and_a_resend_counts_once(
    teams: Teams,
) -> None:
    await teams.project()
    activity = teams.channel_message("feedback the blue feels cold")
    for _ in range(2):
        assert (await teams.post(activity)).status in (200, 201)
    await teams.connector.wait_for(lambda: teams.connector.posts())
    await teams.settled()
    feedback = (await teams.export())["feedback"]
    assert [(f["ref"], f["by"]) for f in feedback] == [("FB-1", "cleo")]
    assert len(teams.connector.posts()) == 1


async def test_a_pm_binds_the_channel_with_an_at_mention(teams: Teams) -> None:
    await teams.run(CreateProject(key="acme", name="Acme rebrand", client="Acme Co."))
    paula = Identity(platform=Platform.TEAMS, tenant=TENANT, user_id=PEOPLE["paula"][0])
    await teams.run(AddMember(role=Role.PM, identity=paula, display_name="paula"), "acme")
    await teams.say("project bind acme", who="paula")
    reply = await teams.connector.wait_for(lambda: teams.connector.posts())
    assert "now bound to acme" in reply[0].text
    bound = [(b["tenant"], b["channel"]) for b in (await teams.export())["bindings"]]
    assert bound == [(TENANT, CHANNEL)]


async def test_an_activity_from_another_tenant_is_refused_for_the_project(teams: Teams) -> None:
    await teams.project()
    activity = teams.channel_message("feedback sneaky")
    activity["conversation"]["tenantId"] = "another-tenant"
    activity["channelData"]["tenant"]["id"] = "another-tenant"
    await teams.post(activity)
    reply = await teams.connector.wait_for(lambda: teams.connector.posts())
    assert "not bound to a project" in reply[0].text
    assert (await teams.export())["feedback"] == []


async def test_guests_are_people_and_answers_follow_the_projects_language(teams: Teams) -> None:
    await teams.run(CreateProject(key="acme", name="Acme", client="Acme Co.", locale="zh-CN"))
    where = Conversation(platform=Platform.TEAMS, tenant=TENANT, channel=CHANNEL)
    await teams.run(BindConversation(key="acme", conversation=where), "acme")
    activity = teams.channel_message("feedback 颜色太冷")
    activity["from"] = {"id": "29:guest", "name": "Gita (Guest)", "aadObjectId": "aad-guest"}
    await teams.post(activity)
    reply = await teams.connector.wait_for(lambda: teams.connector.posts())
    assert "FB-1" in reply[0].text
    assert any("\u4e00" <= ch <= "\u9fff" for ch in reply[0].text.replace("颜色太冷", ""))
    assert [f["by"] for f in (await teams.export())["feedback"]] == ["Gita (Guest)"]


async def test_the_reference_kept_on_a_message_lets_a_new_instance_post_proactively(
    teams: Teams,
) -> None:
    await teams.project()
    await teams.say("status")
    await teams.connector.wait_for(lambda: teams.connector.posts())
    await teams.settled()
    restarted = build_teams(teams.runtime)  # nothing in memory: only the database
    where = Conversation(platform=Platform.TEAMS, tenant=TENANT, channel=CHANNEL)
    message_id = await restarted.messenger.send(where, Message(text="Weekly digest"))
    post = teams.connector.posts()[-1]
    # A new post in the channel, not a reply to some earlier activity.
    assert (post.conversation, post.activity_id, post.text) == (CHANNEL, "", "Weekly digest")
    assert message_id.startswith("1:")
    await restarted.aclose()


async def test_a_card_submitted_as_a_message_is_not_read_as_typed_text(teams: Teams) -> None:
    await teams.project()
    activity = fixture("message_with_value_card_messageBack.docs.json")
    activity.update(
        serviceUrl=teams.connector.url, conversation={"id": CHANNEL, "tenantId": TENANT}
    )
    activity["channelData"]["tenant"]["id"] = TENANT
    activity["entities"].append(
        {"type": "mention", "mentioned": activity["recipient"], "text": "<at>MyBot</at>"}
    )
    await teams.post(activity)  # "User just clicked the MessageBack button": not a command
    activity = {**activity, "id": "f:2", "value": {"command": "feedback from a card"}}
    await teams.post(activity)
    reply = await teams.connector.wait_for(lambda: teams.connector.posts())
    await teams.settled()
    assert len(teams.connector.posts()) == 1 and "FB-1" in reply[0].text
    assert [f["summary"] for f in (await teams.export())["feedback"]] == ["from a card"]


async def test_the_senders_own_time_zone_is_kept_for_direct_messages(teams: Teams) -> None:
    await teams.project()
    message = teams.channel_message("status", who="paula")
    message["localTimezone"] = "Asia/Shanghai"
    await teams.post(message)
    await teams.connector.wait_for(lambda: teams.connector.posts())
    await teams.settled()
    paula = Identity(platform=Platform.TEAMS, tenant=TENANT, user_id=PEOPLE["paula"][0])
    async with teams.runtime.services.uow() as uow:
        assert (await uow.people.find(paula)).timezone == "Asia/Shanghai"
    nonsense = teams.channel_message("status", who="paula")
    nonsense["localTimezone"] = "Mars/Olympus_Mons"  # not a zone: the known one stays
    await teams.post(nonsense)
    await teams.connector.wait_for(lambda: len(teams.connector.posts()) >= 2)
    await teams.settled()
    async with teams.runtime.services.uow() as uow:
        assert (await uow.people.find(paula)).timezone == "Asia/Shanghai"


async def test_an_unchanged_reference_is_not_written_again_on_every_message(
    teams: Teams,
) -> None:
    """Every activity carries the conversation's reference and the sender's Teams id; when
    neither changed, the message costs no write for them (only the command's own)."""
    await teams.project()
    await teams.say("status", who="paula")
    await teams.connector.wait_for(lambda: teams.connector.posts())
    await teams.settled()
    writes: list[str] = []

    def seen(_conn, _cursor, statement: str, *_args: object) -> None:
        kept = "conversation_refs" in statement or "platform_people" in statement
        if kept and not statement.lstrip().startswith("SELECT"):
            writes.append(statement)

    engine = teams.runtime.engine.sync_engine
    event.listen(engine, "before_cursor_execute", seen)
    try:
        await teams.say("status", who="paula")
        await teams.connector.wait_for(lambda: len(teams.connector.posts()) >= 2)
        await teams.settled()
        assert writes == []
        moved = teams.channel_message("status", who="paula")
        moved["serviceUrl"] = teams.connector.url + "/moved"  # Teams moved the conversation
        await teams.post(moved)
        await teams.connector.wait_for(lambda: writes)
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    async with teams.runtime.services.uow() as uow:
        where = Conversation(platform=Platform.TEAMS, tenant=TENANT, channel=CHANNEL)
        assert (await uow.platform.reference(where))["serviceUrl"].endswith("/moved")
