"""`issue` alone opens an Adaptive Card form; what is wrong is shown in the form itself."""

from __future__ import annotations

from bot.commands import AddMilestone
from tests.teams.conftest import Teams, find_action


async def form(teams: Teams) -> dict:
    await teams.project()
    await teams.run(AddMilestone(name="Concepts", due="2036-12-15"), "acme")
    await teams.say("issue")
    posts = await teams.connector.wait_for(lambda: [p for p in teams.connector.posts() if p.card])
    return posts[0].card


def inputs(card: dict) -> dict[str, dict]:
    return {e["id"]: e for e in card["body"] if e["type"].startswith("Input.")}


async def submit(teams: Teams, card: dict, **values: str) -> dict:
    response = await teams.post(teams.click(card, "issue.submit", who="cleo", **values))
    assert response.status == 200
    return await response.json()


async def test_the_form_asks_for_title_description_severity_and_milestone(teams: Teams) -> None:
    card = await form(teams)
    fields = inputs(card)
    assert list(fields) == ["title", "description", "severity", "milestone"]
    assert fields["title"]["isRequired"] is True
    assert fields["description"]["isMultiline"] is True
    assert [c["value"] for c in fields["severity"]["choices"]] == [
        "critical",
        "high",
        "medium",
        "low",
    ]
    assert fields["severity"]["value"] == "medium"
    assert [c["title"] for c in fields["milestone"]["choices"]] == ["M-1 Concepts"]
    assert find_action(card, "issue.submit")["type"] == "Action.Execute"


async def test_invalid_input_comes_back_in_the_form_and_nothing_is_stored(teams: Teams) -> None:
    card = await form(teams)
    answer = await submit(
        teams, card, title="x" * 500, description="the site is down", severity="high", milestone="1"
    )
    shown = answer["value"]
    assert answer["type"] == "application/vnd.microsoft.card.adaptive"
    body = shown["body"]
    errors = [(n, e["text"]) for n, e in enumerate(body) if e.get("color") == "Attention"]
    # Right under the title it is about, nothing above the form.
    [(where, said)] = errors
    assert body[where - 1]["id"] == "title"
    assert (
        said == "An issue title can be at most 200 characters; put the details in the description."
    )
    assert inputs(shown)["description"]["value"] == "the site is down"  # kept what was typed
    assert inputs(shown)["severity"]["value"] == "high"
    await teams.settled()
    assert (await teams.export())["issues"] == []


async def test_a_valid_form_raises_the_issue_and_tells_the_channel(teams: Teams) -> None:
    card = await form(teams)
    answer = await submit(
        teams,
        card,
        title="Site is down",
        description="since 9am",
        severity="critical",
        milestone="1",
    )
    assert "IS-1" in answer["value"]["fallbackText"]
    told = await teams.connector.wait_for(
        lambda: [p for p in teams.connector.posts() if "IS-1 raised" in p.text]
    )
    assert told
    issues = (await teams.export())["issues"]
    assert [(i["ref"], i["status"]) for i in issues] == [("IS-1", "open")]
    assert issues[0]["severity"] == "critical"
