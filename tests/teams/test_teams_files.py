"""Deliverables shared on Teams, through botbuilder over HTTP.

Teams hands a bot the files of a message only in a personal chat (a download link that carries
its own authorization); there the PDF's bytes are read for their SHA-256 and no credential of
Signoff's is sent. In a channel it hands over none: with `teams.graph_files` on, Graph lists the
message's files and their bytes are read through it; without (or with Graph away) a submit whose
message had files is refused with the fix (links), nothing stored."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from adapters.composition import build_runtime
from adapters.fingerprints import Unreadable
from adapters.platforms import build_teams
from adapters.server import make_app
from adapters.teams.files import DOWNLOAD_INFO, TeamsFileReader
from bot.commands import AddMember, AddMilestone, BindConversation, CreateProject
from bot.model import Conversation, Identity, Platform, Role
from tests.teams.conftest import CHANNEL, PEOPLE, TENANT, Teams, teams_settings
from tests.teams.fake_connector import FakeConnector
from tests.teams.fake_graph import APP, TOKEN, FakeGraph
from tests.teams.test_teams_approvals import click, texts

FIGMA = "https://www.figma.com/file/AbC123/Acme-logo-routes"
SHAREPOINT = "https://contoso.sharepoint.com/sites/Acme/Shared%20Documents/Print/Acme%20print.pdf"
PDF = b"%PDF-1.7\n" + bytes(range(256)) * 400  # about 100 KB of print file
PAULA = Identity(platform=Platform.TEAMS, tenant=TENANT, user_id=PEOPLE["paula"][0])
# What Teams puts beside a channel message with a file attached: its HTML marks the file.
MARKED_FILE = {
    "contentType": "text/html",
    "content": '<div><div><at>Signoff</at> submit M-1</div><attachment id="9d1f"></attachment>'
    "</div>",
}


def opened(card: dict[str, Any]) -> list[tuple[str, str]]:
    """The card's Action.OpenUrl buttons, wherever they sit, as (title, url)."""
    found: list[tuple[str, str]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "Action.OpenUrl":
                found.append((node["title"], node["url"]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(card)
    return found


async def project_with_m1(teams: Teams) -> None:
    await teams.project()
    await teams.run(AddMilestone(name="Print files", due="2036-12-15"), "acme")
    for name in ("paula", "ava"):  # deciders who have spoken: their Teams ids are known
        await teams.say("milestones", who=name)
    await teams.settled()


async def test_files_teams_hands_over_in_a_personal_chat_are_fingerprinted_without_credentials(
    teams: Teams,
) -> None:
    await project_with_m1(teams)
    message = teams.personal_message(f"submit M-1 print files {FIGMA}", who="paula")
    personal = message["conversation"]["id"]
    where = Conversation(platform=Platform.TEAMS, tenant=TENANT, channel=personal)
    await teams.run(BindConversation(key="acme", conversation=where), "acme")
    pdf = teams.connector.share_file("Acme print v1.pdf", PDF)
    message["attachments"] = [*message["attachments"], pdf]

    response = await teams.post(message)
    assert response.status in (200, 201), await response.text()
    [post] = await teams.connector.wait_for(
        lambda: [p for p in teams.connector.posts() if p.card and p.conversation == personal]
    )
    assert opened(post.card) == [
        ("Acme print v1.pdf · contoso-my.sharepoint.com", pdf["contentUrl"]),
        ("figma.com/Acme logo routes", FIGMA),
    ]

    async def exported() -> dict[str, Any] | None:
        [version] = (await teams.export())["milestones"][0]["versions"]
        first = version["deliverables"][0]
        return version if first["sha256"] else None

    version = await teams.connector.wait_for_async(exported)
    assert [(d["kind"], d["name"], d["url"], d["sha256"]) for d in version["deliverables"]] == [
        ("file", "Acme print v1.pdf", pdf["contentUrl"], hashlib.sha256(PDF).hexdigest()),
        ("figma", "figma.com/Acme logo routes", FIGMA, None),
    ]
    assert version["deliverables"][0]["size"] == len(PDF)
    [read] = teams.connector.file_reads  # once, and the link's own query was the authorization
    assert "Authorization" not in read
    assert "tempauth" not in str(version)  # the download link is never kept or exported


async def test_a_channel_submit_whose_files_teams_kept_is_refused_with_the_fix(
    teams: Teams,
) -> None:
    await project_with_m1(teams)
    message = teams.channel_message(f"submit M-1 print files {FIGMA}", who="paula")
    message["attachments"] = [MARKED_FILE]
    response = await teams.post(message)
    assert response.status in (200, 201), await response.text()
    [told] = await teams.connector.wait_for(
        lambda: [p for p in teams.connector.posts() if "did not reach Signoff" in p.text]
    )
    assert "Teams gives apps only a message's text" in told.text
    assert "submit M-1 https://…" in told.text
    await teams.settled()
    [milestone] = (await teams.export())["milestones"]
    assert (milestone["status"], milestone["versions"]) == ("planned", [])  # nothing half-kept

    await teams.say(f"submit M-1 print files {FIGMA} [Acme print.pdf]({SHAREPOINT})", who="paula")
    [post] = await teams.connector.wait_for(lambda: [p for p in teams.connector.posts() if p.card])
    assert opened(post.card) == [
        ("figma.com/Acme logo routes", FIGMA),
        ("Acme print.pdf · contoso.sharepoint.com", SHAREPOINT),
    ]
    await click(teams, post.card, "milestone.approve", "paula")
    final = await click(teams, post.card, "milestone.approve", "ava")
    assert "Status: approved" in texts(final["value"])
    record = await teams.export()
    [_, client] = record["decisions"]
    assert (client["by"], client["stage"], client["version"]) == ("ava", "client", 1)
    assert [(d["kind"], d["url"]) for d in client["deliverables"]] == [
        ("figma", FIGMA),
        ("link", SHAREPOINT),
    ]


async def test_in_a_chinese_project_the_refusal_is_chinese(teams: Teams) -> None:
    await teams.run(CreateProject(key="acme", name="Acme", client="Acme Co.", locale="zh-CN"))
    where = Conversation(platform=Platform.TEAMS, tenant=TENANT, channel=CHANNEL)
    await teams.run(BindConversation(key="acme", conversation=where), "acme")
    await teams.run(AddMember(role=Role.PM, identity=PAULA, display_name="paula"), "acme")
    await teams.run(AddMilestone(name="印刷文件", due="2036-12-15"), "acme")
    message = teams.channel_message("提交 M-1 印刷文件", who="paula")
    message["attachments"] = [MARKED_FILE]
    await teams.post(message)
    [told] = await teams.connector.wait_for(
        lambda: [p for p in teams.connector.posts() if "没有传到 Signoff" in p.text]
    )
    assert "复制链接" in told.text and "submit M-1 https://…" in told.text


async def test_attachments_in_shapes_teams_never_sends_are_no_files_and_no_error(
    teams: Teams,
) -> None:
    await project_with_m1(teams)
    message = teams.channel_message(f"submit M-1 print files {FIGMA}", who="paula")
    message["attachments"] = [
        {"contentType": DOWNLOAD_INFO, "content": "not an object"},
        {"contentType": DOWNLOAD_INFO, "name": "a.pdf", "content": {"downloadUrl": 7}},
        {"contentType": DOWNLOAD_INFO, "content": {"downloadUrl": "file:///etc/passwd"}},
        {"contentType": "text/html", "content": None},
    ]
    response = await teams.post(message)
    assert response.status in (200, 201), await response.text()
    [post] = await teams.connector.wait_for(lambda: [p for p in teams.connector.posts() if p.card])
    assert opened(post.card) == [("figma.com/Acme logo routes", FIGMA)]


@pytest.mark.parametrize(
    "link",
    ["http://contoso-my.sharepoint.com/a.pdf", "file:///etc/passwd", "ftp://127.0.0.1/a.pdf"],
)
async def test_the_reader_reads_only_https_links(link: str) -> None:
    reader = TeamsFileReader(lambda: None, plain_http_hosts=frozenset({"127.0.0.1"}))
    with pytest.raises(Unreadable):
        async for _ in reader.chunks(link):
            pass


@pytest.fixture
async def graph(connector: FakeConnector) -> AsyncIterator[FakeGraph]:
    async with FakeGraph(connector) as fake:
        yield fake


@pytest.fixture
async def graph_teams(
    database_url: str, engine: object, connector: FakeConnector, graph: FakeGraph
) -> AsyncIterator[Teams]:
    """Signoff on Teams with `teams.graph_files` on, against fakes of the identity platform
    and Graph (the app's own credentials given here, as inbound tokens stay off in tests)."""
    block = {"allow_unauthenticated": True, "graph_url": f"{graph.url}/v1.0",
             "login_url": graph.url}  # fmt: skip
    async with await build_runtime(teams_settings(database_url, **block)) as runtime:
        platform = build_teams(
            runtime, graph_credentials=APP, plain_http_file_hosts=frozenset({"127.0.0.1"})
        )
        app = make_app(runtime, [lambda app, _runtime: platform.install(app)])
        async with TestClient(TestServer(app)) as client:
            yield Teams(client=client, connector=connector, runtime=runtime, platform=platform,
                        delays=[])  # fmt: skip
            await platform.aclose()


async def test_a_pdf_shared_in_a_channel_is_read_through_graph_and_the_decision_pinned_to_it(
    graph_teams: Teams, graph: FakeGraph
) -> None:
    teams = graph_teams
    await project_with_m1(teams)
    message = teams.channel_message(f"submit M-1 print files {FIGMA}", who="paula")
    link = graph.share_in_channel(message, "Acme print v1.pdf", PDF)
    response = await teams.post(message)
    assert response.status in (200, 201), await response.text()
    [post] = await teams.connector.wait_for(lambda: [p for p in teams.connector.posts() if p.card])
    assert opened(post.card) == [
        ("Acme print v1.pdf · contoso.sharepoint.com", link),
        ("figma.com/Acme logo routes", FIGMA),
    ]
    await click(teams, post.card, "milestone.approve", "paula")
    final = await click(teams, post.card, "milestone.approve", "ava")
    assert "Status: approved" in texts(final["value"])

    async def pinned() -> dict[str, Any] | None:
        [_, client] = (await teams.export())["decisions"]
        return client if client["deliverables"][0]["sha256"] else None

    client = await teams.connector.wait_for_async(pinned)
    assert (client["by"], client["stage"], client["version"]) == ("ava", "client", 1)
    assert [(d["kind"], d["url"], d["sha256"]) for d in client["deliverables"]] == [
        ("file", link, hashlib.sha256(PDF).hexdigest()),
        ("figma", FIGMA, None),
    ]
    # Graph was asked with the app's token for the message, then for the bytes; the download
    # link (another origin) got no token; one sign-in served both.
    [(message_path, auth), (content_path, auth_again)] = graph.reads
    assert message_path.endswith(f"/replies/{message['id']}") and auth == f"Bearer {TOKEN}"
    assert content_path.startswith("/v1.0/shares/u!") and auth_again == auth
    [download] = teams.connector.file_reads
    assert "Authorization" not in download
    [signed_in] = graph.token_requests
    assert signed_in["scope"] == "https://graph.microsoft.com/.default"


async def test_with_graph_away_the_channel_submit_asks_for_links_and_keeps_nothing(
    graph_teams: Teams, graph: FakeGraph
) -> None:
    teams = graph_teams
    await project_with_m1(teams)
    graph.down = True
    message = teams.channel_message(f"submit M-1 print files {FIGMA}", who="paula")
    graph.share_in_channel(message, "Acme print v1.pdf", PDF)
    await teams.post(message)
    await teams.connector.wait_for(
        lambda: [p for p in teams.connector.posts() if "did not reach Signoff" in p.text]
    )
    await teams.settled()
    [milestone] = (await teams.export())["milestones"]
    assert milestone["versions"] == []
