"""Teams activities to the core's commands, without HTTP: mentions, threads, tenants, actions."""

from __future__ import annotations

from adapters.teams import translate
from bot import commands as c
from bot.actions import encode
from bot.model import DecisionKind, Platform, Severity
from tests.teams.conftest import fixture

CAPTURED = "channel_message_mentions_bot.captured.json"


def test_the_captured_channel_message_reads_as_the_text_after_the_mention() -> None:
    activity = fixture(CAPTURED)
    assert translate.command_text(activity) == "reply to thread"
    where = translate.where(activity)
    assert where.kind == "channel"
    assert where.conversation.channel == "19:6848757105754c8981c67612732d9aa7@thread.tacv2"
    assert where.conversation.tenant == "50612dbb-0237-4969-b378-8d42590f9c00"


def test_the_person_is_their_aad_object_id_in_the_tenant() -> None:
    who = translate.identity(fixture(CAPTURED))
    assert (who.platform, who.user_id) == (Platform.TEAMS, "b15a9416-0ad3-4172-9210-7beb711d3f70")
    assert who.tenant == "50612dbb-0237-4969-b378-8d42590f9c00"


def test_entities_are_decoded_and_other_peoples_mentions_kept_as_text() -> None:
    activity = fixture(CAPTURED)
    activity["text"] = (
        "<at>ridotest</at> feedback &lt;logo&gt; &amp; colours&nbsp;for <at>Dana</at>"
    )
    assert translate.command_text(activity) == "feedback <logo> & colours for"


def test_client_info_is_not_a_mention_so_an_unaddressed_channel_message_is_ignored() -> None:
    activity = fixture(CAPTURED)
    activity["entities"] = [e for e in activity["entities"] if e["type"] == "clientInfo"]
    assert translate.command_text(activity) is None


def test_a_personal_chat_needs_no_mention() -> None:
    activity = fixture("personal_message.docs.json")
    activity["text"] = "status"
    assert translate.command_text(activity) == "status"
    assert translate.where(activity).kind == "personal"


def test_a_resent_activity_has_the_same_delivery_id() -> None:
    first, again = translate.invocation(fixture(CAPTURED)), translate.invocation(fixture(CAPTURED))
    assert first.delivery_id == again.delivery_id and "1759944781430" in first.delivery_id


def test_card_actions_carry_their_command_as_data() -> None:
    data = encode(c.DecideMilestone(number=2, kind=DecisionKind.APPROVE, version=3))
    approve = {"action": {"verb": "milestone.approve", "data": {"command": data}}}
    assert translate.action_command(approve) == (
        "milestone.approve",
        c.DecideMilestone(number=2, kind=DecisionKind.APPROVE, version=3),
    )
    changes = {
        "action": {
            "verb": "milestone.changes",
            # A card posted before commands were data carried the typed command: still read.
            "data": {"command": "changes M-2@v3", "note": " warmer "},
        }
    }
    _, command = translate.action_command(changes) or ("", None)
    assert command == c.DecideMilestone(
        number=2, kind=DecisionKind.CHANGES, note="warmer", version=3
    )
    issue = {
        "action": {
            "verb": "issue.submit",
            "data": {"title": "Down", "severity": "high", "milestone": "2"},
        }
    }
    assert translate.action_command(issue) == (
        "issue.submit",
        c.RaiseIssue(title="Down", severity=Severity.HIGH, milestone=2),
    )
    assert translate.action_command({"action": {"verb": "something.else"}}) is None


def test_the_bot_itself_being_added_is_an_install() -> None:
    assert translate.bot_added(fixture("conversationUpdate_bot_added_to_team.docs.json"))
    joined = fixture("conversationUpdate_bot_added_to_team.docs.json")
    joined["membersAdded"] = [{"id": "29:someone"}]
    assert not translate.bot_added(joined)


def test_the_senders_own_time_zone_comes_from_the_activity_or_its_client_info() -> None:
    activity = fixture(CAPTURED)
    assert translate.invocation(activity).timezone == "America/Los_Angeles"
    del activity["localTimezone"]  # older clients: only the clientInfo entity carries it
    assert translate.invocation(activity).timezone == "America/Los_Angeles"
    activity["entities"] = [e for e in activity["entities"] if e.get("type") != "clientInfo"]
    assert translate.invocation(activity).timezone == ""


def test_malformed_entities_are_ignored_not_fatal() -> None:
    """Fields of the wrong type in entities (a client's bug, a fuzzer) never stop the message:
    the bot's own mention with a text that is no string still addresses it; entities that are
    not objects count as absent."""
    activity = fixture(CAPTURED)
    activity["entities"][0]["text"] = 123
    assert translate.command_text(activity) == "reply to thread"
    activity["entities"][0]["mentioned"] = "not an object"
    assert translate.command_text(activity) is None  # in a channel: not addressed
    for entities in ("not a list", [1, "two", None]):
        activity["entities"] = entities
        assert translate.command_text(activity) is None
        assert translate.invocation(activity).timezone == "America/Los_Angeles"
