"""Which language an answer is in, and what a conversation bound to no project is told: the
project's language where there is one, else the studio's default, and the result says which
(a surface words its own follow-ups, a form's field errors, in it)."""

from __future__ import annotations

from dataclasses import replace

from bot.model import Conversation, Platform
from bot.policy import Policy
from bot.service import handle_text
from tests.core.conftest import Studio, make_studio

ELSEWHERE = Conversation(platform=Platform.SLACK, tenant="T1", channel="C-elsewhere")
UNBOUND = (
    "This conversation is not bound to a project. A PM can bind it with “project bind KEY”, or "
    'create one with “project create KEY "NAME" client "CLIENT"”.'
)


async def test_a_conversation_bound_to_no_project_is_told_how_to_bind_it(studio: Studio) -> None:
    result = await replace(studio, conversation=ELSEWHERE).say("paula", "feedback the logo")
    assert not result.ok and [r.message.text for r in result.replies] == [UNBOUND]
    assert result.locale == "en"


async def test_without_a_project_the_studios_own_language_answers(studio: Studio) -> None:
    chinese_studio = replace(studio.services, policy=Policy(default_locale="zh-CN"))
    elsewhere = replace(studio, services=chinese_studio, conversation=ELSEWHERE)
    result = await elsewhere.say("paula", "feedback the logo")
    assert result.locale == "zh-CN"
    assert result.replies[0].message.text.startswith("此会话尚未绑定项目。")


async def test_a_projects_answers_say_they_are_in_its_language() -> None:
    studio = await make_studio(locale="zh-CN")
    logged = await studio.say("cleo", "feedback 标志太小")
    refused = await studio.say("paula", "approve M-9")
    assert (logged.ok, logged.locale) == (True, "zh-CN")
    assert (refused.ok, refused.locale) == (False, "zh-CN")


async def test_a_project_named_at_the_admin_cli_that_does_not_exist_is_named_back(
    studio: Studio,
) -> None:
    operator = replace(studio.invocation("paula"), operator=True, project_key="nope",
                       conversation=None)  # fmt: skip
    result = await handle_text("status", operator, studio.services)
    assert not result.ok
    assert [r.message.text for r in result.replies] == ["There is no project “nope”."]


async def test_a_project_created_in_a_conversation_bound_to_none_is_bound_to_it(
    studio: Studio,
) -> None:
    elsewhere = replace(studio, conversation=ELSEWHERE)
    said = await elsewhere.text("paula", 'project create newco "New site" client "Newco"')
    assert said == (
        "Created project newco: New site for Newco. You are its PM. "
        "This conversation is now bound to it."
    )
    assert (await elsewhere.say("paula", "feedback the logo")).ok


async def test_a_client_whose_name_ends_the_sentence_gets_one_full_stop(studio: Studio) -> None:
    elsewhere = replace(studio, conversation=ELSEWHERE)
    said = await elsewhere.text("paula", 'project create acme-co "Acme rebrand" client "Acme Co."')
    assert said == (
        "Created project acme-co: Acme rebrand for Acme Co. You are its PM. "
        "This conversation is now bound to it."
    )
