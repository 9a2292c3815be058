"""Installing the app: the conversation reference is kept and a welcome card says how to bind."""

from __future__ import annotations

from bot.commands import BindConversation, CreateProject
from bot.messages import Message
from bot.model import Conversation, Platform
from tests.teams.conftest import Teams, fixture


def installed_in_team(teams: Teams) -> dict:
    activity = fixture("conversationUpdate_bot_added_to_team.docs.json")
    activity["serviceUrl"] = teams.connector.url
    return activity


async def test_added_to_a_team_the_bot_welcomes_the_channel_once(teams: Teams) -> None:
    activity = installed_in_team(teams)
    for _ in range(2):  # a re-sent conversationUpdate
        assert (await teams.post(activity)).status in (200, 201)
    welcome = await teams.connector.wait_for(lambda: teams.connector.posts())
    await teams.settled()
    assert len(teams.connector.posts()) == 1
    assert welcome[0].conversation == activity["conversation"]["id"]
    assert "@Signoff project bind KEY" in welcome[0].text
    assert "KEY is the project's short name" in welcome[0].text  # and where to find it
    assert welcome[0].card is not None


async def test_the_reference_stored_on_install_reaches_a_channel_nobody_spoke_in(
    teams: Teams,
) -> None:
    activity = installed_in_team(teams)
    await teams.post(activity)
    await teams.connector.wait_for(lambda: teams.connector.posts())
    await teams.settled()
    where = Conversation(
        platform=Platform.TEAMS,
        tenant=activity["conversation"]["tenantId"],
        channel=activity["conversation"]["id"],
    )
    await teams.platform.messenger.send(where, Message(text="Reminder: M-1 is due Friday"))
    assert teams.connector.posts()[-1].text == "Reminder: M-1 is due Friday"


async def test_added_to_a_personal_chat_the_bot_welcomes_the_user(teams: Teams) -> None:
    activity = fixture("conversationUpdate_bot_added_personal.docs.json")
    activity["serviceUrl"] = teams.connector.url
    # The docs write the bot's id as a placeholder in `recipient`; it is the first member added.
    activity["recipient"]["id"] = activity["membersAdded"][0]["id"]
    await teams.post(activity)
    welcome = await teams.connector.wait_for(lambda: teams.connector.posts())
    assert welcome[0].conversation == "***"


async def test_an_installation_update_welcomes_too(teams: Teams) -> None:
    activity = installed_in_team(teams)
    activity.update(type="installationUpdate", action="add", id="install-1")
    activity.pop("membersAdded")
    await teams.post(activity)
    welcome = await teams.connector.wait_for(lambda: teams.connector.posts())
    assert "project bind" in welcome[0].text


async def test_someone_else_joining_gets_no_welcome(teams: Teams) -> None:
    activity = installed_in_team(teams)
    activity["membersAdded"] = [{"id": "29:someone-else"}]
    await teams.post(activity)
    await teams.settled()
    assert teams.connector.posts() == []


async def test_the_welcome_speaks_the_installers_language(teams: Teams) -> None:
    activity = installed_in_team(teams)
    activity["locale"] = "zh-CN"
    await teams.post(activity)
    welcome = await teams.connector.wait_for(lambda: teams.connector.posts())
    assert "项目经理" in welcome[0].text and "@Signoff project bind 项目标识" in welcome[0].text
    assert "项目标识是项目的简称" in welcome[0].text


async def test_added_again_later_the_bot_does_not_welcome_twice(teams: Teams) -> None:
    first = installed_in_team(teams)
    await teams.post(first)
    await teams.connector.wait_for(lambda: teams.connector.posts())
    again = installed_in_team(teams)
    again["id"] = "f:re-added-later"  # a new activity: removed and added again, same channel
    await teams.post(again)
    await teams.settled()
    assert len(teams.connector.posts()) == 1


async def test_a_conversation_already_bound_gets_no_welcome(teams: Teams) -> None:
    activity = installed_in_team(teams)
    await teams.run(CreateProject(key="acme", name="Acme", client="Acme Co."))
    where = Conversation(
        platform=Platform.TEAMS,
        tenant=activity["conversation"]["tenantId"],
        channel=activity["conversation"]["id"],
    )
    await teams.run(BindConversation(key="acme", conversation=where), "acme")
    await teams.post(activity)
    await teams.settled()
    assert teams.connector.posts() == []
