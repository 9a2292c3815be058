"""`help` answers for every verb the grammar knows, and a topic it does not know gets the list."""

from __future__ import annotations

import pytest

from bot import aliases
from bot.commands import Help, Unparsed
from bot.grammar import USAGE, VERBS
from bot.i18n import tr
from bot.invocation import Invocation
from bot.model import Conversation, Platform
from bot.service import handle_text
from tests.core.conftest import make_studio, person

LOCALES = ["en", "zh-CN"]


def shown_usage(locale: str, verb: str) -> str:
    """A verb's usage in `locale`; a zh-CN project names the Chinese command word beside it."""
    text = tr(locale, USAGE[verb])
    return aliases.with_chinese(text) if locale == "zh-CN" else text


def first_lines(locale: str) -> list[str]:
    """The first usage line of every verb, as `help` shows it in `locale`."""
    return [shown_usage(locale, verb).splitlines()[0] for verb in VERBS]


def test_every_verb_the_grammar_lists_has_a_usage() -> None:
    assert [verb for verb in VERBS if not USAGE.get(verb)] == []


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("verb", VERBS)
async def test_help_on_a_verb_answers_its_usage_in_the_projects_language(
    verb: str, locale: str
) -> None:
    studio = await make_studio(locale=locale)

    result = await studio.say("cleo", f"help {verb.upper()}")

    assert result.ok
    [reply] = result.replies
    usage = tr(locale, "Usage: {usage}", usage=shown_usage(locale, verb))
    assert reply.message.text == usage


@pytest.mark.parametrize("locale", LOCALES)
async def test_help_alone_lists_every_verb(locale: str) -> None:
    studio = await make_studio(locale=locale)

    [reply] = (await studio.say("zed", "help")).replies

    assert all(line in reply.message.text for line in first_lines(locale))


@pytest.mark.parametrize("locale", LOCALES)
async def test_help_on_an_unknown_topic_lists_every_verb_and_stores_nothing(locale: str) -> None:
    studio = await make_studio(locale=locale)
    before = repr(studio.tables)

    result = await studio.say("cleo", "help frobnicate")

    [reply] = result.replies
    text = reply.message.text
    assert text.startswith(tr(locale, "I have no help on “{topic}”.", topic="frobnicate"))
    assert all(line in text for line in first_lines(locale))
    assert not result.ok  # nothing was done, and /metrics counts it with the unparsed lines
    assert repr(studio.tables) == before


async def test_help_in_an_unbound_conversation_follows_the_callers_language() -> None:
    studio = await make_studio()
    elsewhere = Conversation(platform=Platform.SLACK, tenant="T1", channel="C-nowhere")
    invocation = Invocation(identity=person("zed"), conversation=elsewhere, locale="zh-CN")

    [reply] = (await handle_text("help 咖啡", invocation, studio.services)).replies

    assert reply.message.text.startswith("没有关于“咖啡”的帮助。")
    assert all(line in reply.message.text for line in first_lines("zh-CN"))


async def test_help_made_outside_the_grammar_on_an_unknown_topic_says_so() -> None:
    # The grammar reads "help frobnicate" as a line it cannot read; a surface that builds the
    # command itself (a button, a form) reaches the core's own answer.
    studio = await make_studio()
    result = await studio.run("cleo", Help(topic="Frobnicate"))
    first = result.replies[0].message.text.splitlines()[0]
    assert first == (
        "I have no help on “frobnicate”. Signoff keeps feedback, issues and sign-offs on record. "
        "Commands:"
    )


async def test_a_line_no_grammar_read_and_no_verb_names_is_answered_with_how_to_get_help() -> None:
    studio = await make_studio()
    result = await studio.run("cleo", Unparsed(verb="frobnicate"))
    assert (result.ok, result.replies[0].message.text) == (
        False,
        "I don't know “frobnicate”. Type “help” to see what I understand.",
    )
