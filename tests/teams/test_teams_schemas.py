"""Every Adaptive Card Signoff sends is valid Adaptive Card 1.5, and its Teams app package is a
valid v1.17 manifest (with its localizations): checked against the published schemas."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from adapters.cli import main
from adapters.teams import render
from bot.commands import AddMilestone
from bot.messages import (
    Action,
    ActionStyle,
    Card,
    Field,
    Form,
    FormInput,
    InputKind,
    Link,
    Message,
)
from tests.fixtures.published_schemas import (
    ADAPTIVE_CARD,
    TEAMS_LOCALIZATION,
    TEAMS_MANIFEST,
    assert_valid,
    errors,
)
from tests.teams.conftest import Teams, fixture
from tests.teams.test_teams_approvals import submitted

CARD = "application/vnd.microsoft.card.adaptive"
FIGMA = "https://www.figma.com/file/k/Logo-routes"
LONG = "Warmer blue, bigger logo, and the tagline on one line. " * 80  # ~4,400 characters
# The longest the core takes (bot/policy.py, bot/usecases/milestones.py): text, titles, criteria.
TEXT, TITLE, CRITERIA = LONG[:4000], LONG[:200], tuple(f"{n:02} {LONG[:197]}" for n in range(20))


async def shown(teams: Teams, activity: dict[str, Any], cards: list[dict]) -> dict[str, Any]:
    """Post an invoke; keep the card its answer shows (if any)."""
    response = await teams.post(activity)
    assert response.status == 200, await response.text()
    answer = await response.json()
    if answer["type"] == CARD:
        cards.append(answer["value"])
    return answer


async def test_every_card_of_a_whole_story_is_a_valid_adaptive_card(teams: Teams) -> None:
    answered: list[dict[str, Any]] = []
    post = await submitted(teams)  # the approval card, with a Request changes card inside
    await teams.run(AddMilestone(name=TITLE, due="2036-12-20", criteria=CRITERIA), "acme")
    # The longest card the core makes, with a deliverable to open.
    await teams.say(f"submit M-2 {FIGMA} " + TEXT[:3800], who="dan")
    await teams.say("issue")  # the issue form
    [form] = await teams.connector.wait_for(
        lambda: [p.card for p in teams.connector.posts() if p.card and is_form(p.card)]
    )
    wrong = teams.click(form, "issue.submit", who="cleo", title="x" * 500, severity="high")
    await shown(teams, wrong, answered)  # the form again, with the refusal above it
    right = teams.click(form, "issue.submit", who="cleo", title="Site is down", severity="low")
    await shown(teams, right, answered)  # the form gives way to what was raised
    await shown(teams, teams.click(post.card, "milestone.approve", who="paula"), answered)
    await teams.settled()
    refresh = {"actions": [post.card["refresh"]["action"]]}
    await shown(teams, teams.click(refresh, "milestone.refresh", who="ava"), answered)
    changes = teams.click(post.card, "milestone.changes", who="ava", note=TEXT)
    await shown(teams, changes, answered)  # the decided card, no live buttons
    await teams.say("status")
    install = fixture("conversationUpdate_bot_added_to_team.docs.json")
    install["serviceUrl"] = teams.connector.url
    await teams.post(install)  # the welcome card
    await teams.connector.wait_for(lambda: [p for p in teams.connector.posts() if is_welcome(p)])
    await teams.settled()

    sent = [call.card for call in teams.connector.calls if call.card is not None]
    for card in sent + answered:
        assert_valid(card, ADAPTIVE_CARD)
    assert len(sent) >= 7 and len(answered) == 5  # what each step above shows
    assert any(is_form(c) for c in answered) and any("refresh" in c for c in sent)
    assert any("actions" not in c and "requested changes" in c["fallbackText"] for c in sent)
    opens = [a for c in sent for e in c["body"] if e["type"] == "ActionSet" for a in e["actions"]]
    assert {"type": "Action.OpenUrl", "title": "figma.com/Logo routes", "url": FIGMA} in opens


def is_form(card: dict[str, Any]) -> bool:
    return any(e["type"].startswith("Input.") for e in card["body"])


def is_welcome(call: Any) -> bool:
    return call.card is not None and "project bind" in call.text


FULL = Card(
    title="M-12 " + LONG,
    subtitle="Acme rebrand · 确认",
    fields=(Field(label="Due", value="Dec 15, 2036"), Field(label="Rounds", value=LONG)),
    items=(LONG, "", "a mono logo"),
    actions=(
        Action(label="Approve " + LONG, command="approve M-12@v3", style=ActionStyle.PRIMARY),
        Action(label="Comment", command="feedback M-12"),
        Action(
            label="Request changes",
            command="changes M-12@v3",
            style=ActionStyle.DANGER,
            needs_input="What should change?",
        ),
    ),
    footer=LONG,
    links=(
        Link(label=LONG, url="https://www.figma.com/file/k/Logo"),
        Link(label="", url="https://x.io"),
    ),
)
FORM = Form(
    kind="issue",
    title="Raise an issue",
    inputs=(
        FormInput(name="title", label="Title", required=True),
        FormInput(name="description", label="What happened", kind=InputKind.LONG_TEXT),
        FormInput(
            name="severity",
            label="Severity",
            kind=InputKind.CHOICE,
            choices=(("high", "High"), ("low", "Low")),
            initial="low",
        ),
        FormInput(name="milestone", label="Milestone", kind=InputKind.CHOICE, choices=()),
    ),
    submit_label="Raise",
)


@pytest.mark.parametrize(
    "card",
    [
        render.adaptive_card(
            Message(text=LONG, card=FULL),
            card_key="milestone:1:v3",
            refresh_users=[f"29:{n}" for n in range(80)],
        ),
        render.adaptive_card(Message(text=LONG, card=FULL)),
        render.adaptive_card(Message(text="", card=Card(title=""))),
        render.adaptive_card(Message(text="x", form=FORM)),
        render.adaptive_card(Message(text="x", form=FORM), error=LONG, values={"title": LONG}),
    ],
    ids=["every part with refresh", "every part", "empty", "form", "form refused"],
)
def test_every_shape_of_card_is_valid_at_its_limits(card: dict[str, Any]) -> None:
    assert_valid(card, ADAPTIVE_CARD)


def test_the_schema_check_catches_a_card_teams_would_refuse() -> None:
    card = render.adaptive_card(Message(text="x", card=FULL))
    assert card is not None
    card["body"][0]["weight"] = "Heavy"
    assert errors(card, ADAPTIVE_CARD) == [
        "body/0/weight: 'Heavy' is not valid under any of the given schemas"
    ]


@pytest.fixture
def package(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> zipfile.ZipFile:
    out = tmp_path / "signoff-teams.zip"
    app_id = "9f1c2d3e-4b5a-4c6d-8e7f-0123456789ab"
    assert main(["manifest", "teams", "--app-id", app_id, "--out", str(out)]) == 0
    capsys.readouterr()
    return zipfile.ZipFile(out)


def test_the_package_manifest_and_each_localization_match_the_published_schemas(
    package: zipfile.ZipFile,
) -> None:
    manifest = json.loads(package.read("manifest.json"))
    assert_valid(manifest, TEAMS_MANIFEST)
    info = manifest.get("localizationInfo") or {}
    listed = [language["file"] for language in info.get("additionalLanguages", [])]
    if info.get("defaultLanguageFile"):
        listed.append(info["defaultLanguageFile"])
    held = [n for n in package.namelist() if n.endswith(".json") and n != "manifest.json"]
    assert sorted(held) == sorted(listed)  # every localization file is declared, and present
    for name in held:
        assert_valid(json.loads(package.read(name)), TEAMS_LOCALIZATION)
