"""`project page`: the PM alone gets a private link to the project's read-only page, signed and
expiring; `project page revoke` makes every link of the project stop working at once."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from bot.messages import Audience
from bot.pages import PageSite, Refusal, sign
from bot.policy import Policy
from bot.usecases.pages import open_page_link
from tests.core.conftest import Studio, make_studio

SITE = PageSite(public_url="https://signoff.example.com/", secret="s" * 40)
LINK = re.compile(r"https://signoff\.example\.com/p/(\S+)")


def with_pages(studio: Studio, site: PageSite = SITE) -> Studio:
    studio.services = replace(studio.services, policy=Policy(pages=site))
    return studio


@pytest.fixture
async def paged() -> Studio:
    return with_pages(await make_studio())


async def token_from(studio: Studio, line: str = "project page") -> str:
    said = await studio.say("paula", line)
    assert said.ok, said.replies
    [reply] = said.replies
    assert reply.audience is Audience.CALLER  # never posted to the channel
    found = LINK.search(reply.message.text)
    assert found, reply.message.text
    return found[1]


async def opens(studio: Studio, token: str) -> int | Refusal:
    return await open_page_link(studio.database, SITE, token, now=studio.clock.now())


async def test_the_pm_gets_a_private_link_that_opens_the_project_for_thirty_days(
    paged: Studio,
) -> None:
    said = await paged.text("paula", "project page")
    assert said.startswith("The read-only page of Acme rebrand, for you to pass on: https://")
    assert "It works until Sun 27 Dec, 10:00\u202fAM" in said  # the clock's 27 Nov + 30 days
    token = LINK.search(said)[1]  # type: ignore[index]
    assert "acme" not in token.lower()
    project_id = next(iter(paged.tables.projects))
    assert await opens(paged, token) == project_id

    paged.clock.advance(days=30)
    assert await opens(paged, token) is Refusal.EXPIRED
    [event] = [e for e in paged.tables.audit if e.action == "page.link"]
    assert event.detail["days"] == 30 and token not in str(event.detail)


async def test_days_set_how_long_a_link_works(paged: Studio) -> None:
    token = await token_from(paged, "project page days 2")
    paged.clock.advance(days=1, hours=23)
    assert isinstance(await opens(paged, token), int)
    paged.clock.advance(hours=1)
    assert await opens(paged, token) is Refusal.EXPIRED


async def test_revoke_stops_every_link_of_the_project_and_no_other(paged: Studio) -> None:
    first, second = await token_from(paged), await token_from(paged, "project page days 7")
    other = with_pages(await make_studio())
    theirs = await token_from(other)
    said = await paged.say("paula", "project page revoke")
    assert said.replies[0].message.text == (
        "Every link to the page of acme has stopped working (2 revoked)."
    )
    assert said.replies[0].audience is Audience.CALLER
    assert await opens(paged, first) is Refusal.REVOKED
    assert await opens(paged, second) is Refusal.REVOKED
    assert isinstance(await opens(other, theirs), int)
    assert [e.action for e in paged.tables.audit if e.action.startswith("page.")] == [
        "page.link", "page.link", "page.revoked"
    ]  # fmt: skip
    again = await paged.text("paula", "project page revoke")
    assert again == "No link to the page of acme was working; nothing changed."
    # A new link after a revoke works: revoking ends the links handed out, not the page.
    assert isinstance(await opens(paged, await token_from(paged)), int)


async def test_a_forged_or_foreign_token_opens_nothing(paged: Studio) -> None:
    token = await token_from(paged)
    link_id, signature = token.split(".")
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
    assert await opens(paged, f"{link_id}.{flipped}") is Refusal.FORGED
    assert await opens(paged, token[:-1]) is Refusal.FORGED
    assert await opens(paged, "../../etc/passwd") is Refusal.FORGED
    # Signed with another studio's secret: as good as forged.
    assert await opens(paged, sign("t" * 40, link_id)) is Refusal.FORGED
    # Signed right but never handed out (another database, a deleted project): unknown.
    assert await opens(paged, sign(SITE.secret, "A" * 22)) is Refusal.UNKNOWN


@pytest.mark.parametrize(
    ("who", "line", "said"),
    [
        ("cleo", "project page", "Only a PM of acme can hand out or revoke links to its page."),
        ("dan", "project page", "Only a PM of acme can hand out or revoke links to its page."),
        ("ava", "project page revoke", "Only a PM of acme can hand out or revoke links to its "
         "page."),
        ("paula", "project page days 0", "Say for how many days the link works: a whole number "
         "from 1 to 365."),
        ("paula", "project page days 366", "Say for how many days the link works: a whole "
         "number from 1 to 365."),
        ("paula", "project page tomorrow", "I did not understand “tomorrow” at the end."),
    ],
)  # fmt: skip
async def test_a_wrong_line_or_caller_gets_no_link(
    paged: Studio, who: str, line: str, said: str
) -> None:
    refused = await paged.say(who, line)
    assert not refused.ok
    assert refused.replies[0].message.text.splitlines()[0] == said
    assert paged.tables.page_links == []
    assert "https://" not in refused.replies[0].message.text


async def test_without_a_secret_or_address_pages_are_off_and_say_how_to_turn_them_on(
    studio: Studio,
) -> None:
    for site in (PageSite(), PageSite(public_url="https://x.example"), PageSite(secret="s" * 40)):
        with_pages(studio, site)
        refused = await studio.say("paula", "project page")
        assert not refused.ok
        text = refused.replies[0].message.text
        assert text.startswith("Project pages are off on this Signoff")
        assert "SIGNOFF_PAGE_SECRET" in text and "SIGNOFF_PUBLIC_URL" in text
    assert studio.tables.page_links == []


async def test_a_chinese_project_gets_its_link_in_chinese() -> None:
    studio = with_pages(await make_studio(locale="zh-CN"))
    said = await studio.text("paula", "项目 页面 天数 7")
    assert said.startswith("“Acme rebrand”的只读项目页面链接（仅您可见，可转发给客户）：https://")
    assert "有效期至 12月4日（周五）10:00" in said
    revoked = await studio.text("paula", "项目 页面 撤销")
    assert revoked == "acme 的项目页面链接已全部失效（撤销 1 个）。"
