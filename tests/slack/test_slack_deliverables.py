"""A version's deliverables on Slack, over real HTTP: the links typed with a submit are on the
card as links Slack opens itself, and the export pins the decision to them."""

from __future__ import annotations

from slack_harness import APPROVER, CLIENT, PM, Harness
from test_slack_approval import button
from test_slack_signoff_rules import card_of

from bot.queries import export_project

FIGMA = "https://www.figma.com/file/AbC123/Acme-logo-routes"


async def test_the_links_of_a_submit_are_on_its_card_and_pinned_to_its_decisions(
    slack: Harness,
) -> None:
    await slack.seed()
    # Slack sends a link typed in a slash command as <url>, and one with a label as <url|label>.
    card = await card_of(slack, f"submit M-1 three routes <{FIGMA}|Logo routes> <https://x.io/b>")
    [links] = [
        b for b in card["blocks"] if b["type"] == "context" and "<https://" in str(b["elements"])
    ]
    assert [e["text"] for e in links["elements"]] == [
        f"<{FIGMA}|Logo routes · figma.com>",
        "<https://x.io/b|x.io/b>",
    ]
    await slack.click(button(card, "milestone_approve"), user=PM)
    await slack.fake.wait_call("chat.update")
    await slack.click(button(card, "milestone_approve"), user=APPROVER)
    final = (await slack.fake.wait_call("chat.update", count=2))[1].args
    assert "Logo routes" in str(final["blocks"])  # still on the decided card

    record = await export_project("acme", slack.runtime.services)
    assert [(d["by"], d["version"], [x["url"] for x in d["deliverables"]])
            for d in record["decisions"]] == [
        ("Paula", 1, [FIGMA, "https://x.io/b"]),
        ("Alex", 1, [FIGMA, "https://x.io/b"]),
    ]  # fmt: skip


async def test_feedback_given_while_a_version_is_in_review_is_counted_on_its_card(
    slack: Harness,
) -> None:
    await slack.seed()
    card = await card_of(slack, f"submit M-1 three routes {FIGMA}")
    assert not [f for f in fields(card["blocks"]) if f.startswith("*Feedback*")]
    await slack.slash("feedback the blue feels cold", user=CLIENT)
    [redrawn] = await slack.fake.wait_call("chat.update")
    assert "*Feedback*\n1" in fields(redrawn.args["blocks"])
    assert "Feedback: 1" in redrawn.args["text"]
    await slack.slash("feedback and the logo is too small", user=CLIENT)
    [_, again] = await slack.fake.wait_call("chat.update", count=2)
    assert "*Feedback*\n2" in fields(again.args["blocks"])


def fields(blocks: list[dict]) -> list[str]:
    """The texts of a card's fields, as Slack shows them (*label* over value)."""
    return [f["text"] for b in blocks for f in b.get("fields", ())]
