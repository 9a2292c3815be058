"""When Teams pushes back: throttling retried with back-off, a lost conversation marked on its
binding and reported to the PM elsewhere, never a crash or a loop."""

from __future__ import annotations

import pytest

from adapters.teams.messenger import Backoff, DeliveryFailed
from bot.commands import BindConversation
from bot.messages import Message
from bot.model import Conversation, Platform
from tests.teams.conftest import CHANNEL, TENANT, Teams

WHERE = Conversation(platform=Platform.TEAMS, tenant=TENANT, channel=CHANNEL)


async def channel_known(teams: Teams) -> None:
    await teams.project()
    await teams.say("status")
    await teams.connector.wait_for(lambda: teams.connector.posts())
    await teams.settled()
    teams.connector.calls.clear()


async def test_throttling_is_retried_after_retry_after(teams: Teams) -> None:
    await channel_known(teams)
    teams.connector.fail_next(429, retry_after="3")
    teams.connector.fail_next(412)
    teams.connector.fail_next(502)
    teams.connector.fail_next(504)
    await teams.platform.messenger.send(WHERE, Message(text="digest"))
    assert [c.text for c in teams.connector.posts()] == ["digest"] * 5  # four refused, one taken
    assert teams.delays[0] == 3.0  # Retry-After honoured
    assert all(0 <= d <= Backoff().cap for d in teams.delays[1:])


def test_back_off_grows_with_jitter() -> None:
    backoff = Backoff(base=1.0, cap=8.0)
    assert all(0 <= backoff.delay(0, None) <= 1.0 for _ in range(50))
    late = {round(backoff.delay(5, None), 3) for _ in range(50)}
    assert max(late) <= 8.0 and len(late) > 1  # capped, and jittered
    assert backoff.delay(2, 120.0) == 8.0  # a huge Retry-After is capped too


async def test_persistent_throttling_gives_up_after_a_bounded_number_of_attempts(
    teams: Teams,
) -> None:
    await channel_known(teams)
    for _ in range(10):
        teams.connector.fail_next(429, retry_after="1")
    with pytest.raises(DeliveryFailed):
        await teams.platform.messenger.send(WHERE, Message(text="digest"))
    assert len(teams.connector.posts()) == Backoff().attempts
    async with teams.runtime.services.uow() as uow:
        project = await uow.projects.get_by_key("acme")
        assert await uow.projects.binding_problems(project.id) == {}  # throttled is not lost


@pytest.mark.parametrize(
    ("status", "code"), [(403, "BotNotInConversationRoster"), (404, "ConversationNotFound")]
)
async def test_a_lost_conversation_is_marked_and_the_pm_is_told_elsewhere(
    teams: Teams, status: int, code: str
) -> None:
    await channel_known(teams)
    chat = teams.personal_message("status", who="paula")  # the PM's personal chat, bound too
    elsewhere = Conversation(
        platform=Platform.TEAMS, tenant=TENANT, channel=chat["conversation"]["id"]
    )
    await teams.run(BindConversation(key="acme", conversation=elsewhere), "acme")
    await teams.post(chat)
    await teams.connector.wait_for(lambda: teams.connector.posts())
    await teams.settled()
    teams.connector.calls.clear()
    teams.connector.fail_next(status, code=code)
    with pytest.raises(DeliveryFailed):
        await teams.platform.messenger.send(WHERE, Message(text="digest"))
    warned = teams.connector.posts()[-1]
    assert warned.conversation == elsewhere.channel
    assert "can no longer post" in warned.text and code in warned.text
    assert len(teams.connector.calls) == 2  # one refused post, one warning: no retry, no loop
    await teams.say("status", who="paula")
    status_reply = await teams.connector.wait_for(
        lambda: [p for p in teams.connector.posts() if "Cannot post to" in p.text]
    )
    assert code in status_reply[0].text


async def test_a_reply_into_a_lost_conversation_does_not_loop(teams: Teams) -> None:
    await channel_known(teams)
    teams.connector.fail_next(403, code="BotDisabledByAdmin")
    await teams.say("status")
    await teams.connector.wait_for(lambda: teams.connector.calls)
    await teams.settled()
    assert len(teams.connector.calls) == 1  # nowhere else to warn: nothing more is sent
    async with teams.runtime.services.uow() as uow:
        project = await uow.projects.get_by_key("acme")
        problems = await uow.projects.binding_problems(project.id)
    assert "BotDisabledByAdmin" in problems[WHERE]


async def test_updates_are_retried_by_signoff_alone(teams: Teams) -> None:
    await channel_known(teams)
    message_id = await teams.platform.messenger.send(WHERE, Message(text="v1"))
    teams.connector.fail_next(502)
    await teams.platform.messenger.update(WHERE, message_id, Message(text="v1, decided"))
    puts = teams.connector.updates()
    assert [(p.activity_id, p.text) for p in puts] == [(message_id, "v1, decided")] * 2
    assert len(teams.delays) == 1  # the SDK's own (urllib3) retry is off: one policy, ours


async def test_the_schedulers_messenger_hands_throttling_back_at_once(teams: Teams) -> None:
    """The scheduler paces itself: a 429 comes back with its Retry-After, without a retry or a
    wait inside the call, and the conversation is not marked lost."""
    await channel_known(teams)
    teams.connector.fail_next(429, retry_after="7")
    with pytest.raises(DeliveryFailed) as throttled:
        await teams.platform.paced_messenger.send(WHERE, Message(text="digest"))
    assert not throttled.value.permanent and throttled.value.retry_after == 7.0
    assert len(teams.connector.posts()) == 1 and teams.delays == []
    teams.connector.fail_next(502)  # other transient answers are still retried in the call
    await teams.platform.paced_messenger.send(WHERE, Message(text="digest"))
    assert [c.text for c in teams.connector.posts()] == ["digest"] * 3
