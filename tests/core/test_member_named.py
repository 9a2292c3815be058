"""Whom `member add` names: the @ of a mention is dropped (and only the @), and on Slack a word
that is no user id is refused with the line to type."""

from __future__ import annotations

from dataclasses import replace

from bot.commands import AddMember
from bot.model import Identity, Platform, Role
from bot.service import handle_text
from tests.core.conftest import Studio

SLACK_PM = Identity(platform=Platform.SLACK, tenant="T1", user_id="U0PAULA01")


async def test_a_mention_names_the_person_without_its_at_sign(studio: Studio) -> None:
    await studio.say("paula", 'milestone add "Concepts" due 2026-12-20')
    assert await studio.text("paula", "member add @Xavier designer") == (
        "Xavier is now designer on acme."
    )
    # Xavier, and not "avier" or "@Xavier", holds the role: he may submit.
    assert (await studio.text("xavier", "submit M-1 routes")).startswith("Only the PM")
    assert (await studio.say("Xavier", "submit M-1 routes")).ok


async def test_on_slack_a_word_that_is_no_user_is_refused_with_the_usage(studio: Studio) -> None:
    assert (await studio.run("paula", AddMember(role=Role.PM, identity=SLACK_PM,
                                                display_name="Paula"))).ok  # fmt: skip
    on_slack = replace(studio.invocation("paula"), identity=SLACK_PM)
    result = await handle_text("member add @alice designer", on_slack, studio.services)
    said = result.replies[0].message.text.splitlines()
    assert not result.ok
    assert said[0] == "“alice” is not a Slack user: @-mention them, so Slack says who they are."
    assert said[1].startswith("Usage: member add @person")


async def test_a_command_built_with_a_mention_drops_its_at_sign_too(studio: Studio) -> None:
    await studio.say("paula", 'milestone add "Concepts" due 2026-12-20')
    assert (await studio.run("paula", AddMember(role=Role.DESIGNER, user="@Xena@"))).ok
    assert (await studio.say("Xena@", "submit M-1 routes")).ok  # only the leading @ goes
