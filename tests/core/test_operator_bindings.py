"""The installer binds and unbinds conversations from the admin CLI, naming the project and the
conversation; a conversation named without its tenant (the CLI's `--slack-channel C…`) is the
project's binding on that channel in whichever tenant it was bound."""

from __future__ import annotations

from bot.commands import BindConversation, UnbindConversation
from bot.invocation import Invocation
from bot.messages import Audience
from bot.model import Conversation, Identity, Platform
from bot.service import Result, handle
from tests.core.conftest import CHANNEL, Studio

OPERATOR = Invocation(
    identity=Identity(platform=Platform.CONSOLE, tenant="cli", user_id="root"),
    display_name="root",
    project_key="acme",
    operator=True,
)
REVIEW_ROOM = Conversation(platform=Platform.SLACK, tenant="T1", channel="C-review")


async def as_operator(studio: Studio, command) -> Result:
    return await handle(command, OPERATOR, studio.services)


def said(result: Result) -> str:
    return "\n".join(reply.message.text for reply in result.replies)


def bindings(studio: Studio) -> set[tuple[str, str]]:
    return {(c.tenant, c.channel) for c in studio.tables.bindings}


async def test_a_channel_named_without_its_tenant_is_unbound_in_the_tenant_it_was_bound(
    studio: Studio,
):
    assert (await as_operator(studio, BindConversation(key="acme", conversation=REVIEW_ROOM))).ok
    tenantless = Conversation(platform=Platform.SLACK, tenant="", channel="C-review")

    result = await as_operator(studio, UnbindConversation(key="acme", conversation=tenantless))

    assert result.ok
    assert said(result) == "C-review is no longer bound to acme."
    # Told to the operator who typed it, not posted into a channel nobody there asked about.
    assert [reply.audience for reply in result.replies] == [Audience.CALLER]
    assert bindings(studio) == {("T1", "C-acme")}


async def test_unbinding_the_last_channel_warns_that_no_channel_will_get_digests(studio: Studio):
    result = await as_operator(studio, UnbindConversation(key="acme", conversation=CHANNEL))

    assert result.ok
    assert said(result) == (
        "C-acme is no longer bound to acme. "
        "No channel will get digests: bind one with “project bind acme”."
    )
    assert bindings(studio) == set()


async def test_a_channel_of_another_tenant_or_not_bound_is_refused_by_name(studio: Studio):
    elsewhere = Conversation(platform=Platform.SLACK, tenant="T2", channel="C-acme")
    teams = Conversation(platform=Platform.TEAMS, tenant="T1", channel="C-acme")
    for wanted in (elsewhere, teams, REVIEW_ROOM):
        result = await as_operator(studio, UnbindConversation(key="acme", conversation=wanted))

        assert not result.ok
        assert said(result).splitlines()[0] == f"{wanted.channel} is not bound to acme."
    assert bindings(studio) == {("T1", "C-acme")}


async def test_unbinding_from_a_project_that_does_not_exist_names_it(studio: Studio):
    result = await as_operator(studio, UnbindConversation(key="nope", conversation=CHANNEL))

    assert not result.ok
    assert said(result).splitlines()[0] == "There is no project “nope”."
    assert bindings(studio) == {("T1", "C-acme")}
