"""A project lived through the core for the project page's tests (HTTP and browser): milestones,
a version in review, feedback and an issue; then `project page` hands the PM a link."""

from __future__ import annotations

import re

from bot.commands import AddMember, CreateProject
from bot.invocation import Invocation
from bot.model import Conversation, Identity, Platform, Role
from bot.service import Services, handle, handle_text

SECRET = "page-secret-for-tests-" + "x" * 20
PUBLIC_URL = "https://signoff.example.com"
LINK = re.compile(re.escape(PUBLIC_URL) + r"/p/(\S+)")


def invocation(key: str, who: str) -> Invocation:
    return Invocation(
        identity=Identity(platform=Platform.CONSOLE, tenant="T1", user_id=who),
        display_name=who.title(),
        conversation=Conversation(platform=Platform.CONSOLE, tenant="T1", channel=f"C-{key}"),
    )


async def say(services: Services, key: str, who: str, line: str) -> str:
    result = await handle_text(line, invocation(key, who), services)
    said = "\n".join(reply.message.text for reply in result.replies)
    assert result.ok, said
    return said


async def lived_project(
    services: Services, *, key: str, name: str, client: str, locale: str = "en", texts: dict
) -> None:
    """`texts`: milestones (two names), feedback, issue: the words a client would look for;
    criteria and note (optional) in the project's language."""
    created = await handle(
        CreateProject(key=key, name=name, client=client, locale=locale),
        invocation(key, "paula"),
        services,
    )
    assert created.ok, created.replies
    await say(services, key, "paula", f"project bind {key}")
    for who, role in (("dan", Role.DESIGNER), ("cleo", Role.CLIENT), ("ava", Role.APPROVER)):
        added = await handle(AddMember(user=who, role=role, display_name=who.title()),
                             invocation(key, "paula"), services)  # fmt: skip
        assert added.ok, added.replies
    first, second = texts["milestones"]
    await say(
        services,
        key,
        "paula",
        f'milestone add "{first}" due 2027-01-15 criteria: {texts.get("criteria", "3 ideas")}',
    )
    await say(services, key, "paula", f'milestone add "{second}" due 2027-02-15')
    await say(
        services,
        key,
        "dan",
        f"submit M-1 {texts.get('note', 'first round')} https://www.figma.com/file/abc",
    )
    await say(services, key, "cleo", f"feedback M-1 {texts['feedback']}")
    await say(services, key, "cleo", f"issue {texts['issue']} high")


async def page_token(services: Services, key: str, line: str = "project page") -> str:
    """The token of a new link to the project's page, from what the PM is told."""
    found = LINK.search(await say(services, key, "paula", line))
    assert found, "no link in the answer"
    return found[1]
