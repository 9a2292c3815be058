"""Deliverables on every version: the links a version is submitted with are kept on it, shown
on its card and by M-n, exported with every decision on it; feedback names its version."""

from __future__ import annotations

import pytest

from bot.commands import SubmitMilestone
from bot.deliverables import MAX_URL, split_links
from bot.model import Deliverable, DeliverableKind, MilestoneState
from bot.queries import export_project
from tests.core.conftest import Studio

FIGMA = "https://www.figma.com/file/AbC123/Acme-logo-routes"
DRIVE = "https://drive.google.com/file/d/1x2y3z/view"


async def plan(studio: Studio) -> None:
    assert (await studio.say("paula", 'milestone add "Concepts" due 2026-12-20')).ok


async def test_a_version_keeps_its_links_and_every_decision_is_pinned_to_them(
    studio: Studio,
) -> None:
    await plan(studio)
    submit = await studio.say("dan", f"submit M-1 three routes {FIGMA} and the deck {DRIVE}.")
    assert submit.ok
    card = submit.replies[0].message
    assert card.card is not None
    assert [(link.label, link.url) for link in card.card.links] == [
        ("figma.com/Acme logo routes", FIGMA),
        ("drive.google.com/view", DRIVE),
    ]
    lines = card.text.splitlines()
    assert "Note: three routes and the deck." in lines
    assert f"Deliverable: figma.com/Acme logo routes {FIGMA}" in lines

    await studio.say("paula", "approve M-1")
    await studio.say("ava", "approve M-1 lovely")
    shown = (await studio.text("cleo", "M-1")).splitlines()
    assert f"  Deliverable: drive.google.com/view {DRIVE}" in shown

    record = await export_project("acme", studio.services)
    [version] = record["milestones"][0]["versions"]
    assert [(d["kind"], d["url"], d["sha256"]) for d in version["deliverables"]] == [
        ("figma", FIGMA, None),
        ("google_drive", DRIVE, None),
    ]
    for decision in record["decisions"]:
        assert decision["version"] == 1
        assert [d["url"] for d in decision["deliverables"]] == [FIGMA, DRIVE]


async def test_each_version_has_its_own_deliverables(studio: Studio) -> None:
    await plan(studio)
    await studio.say("dan", f"submit M-1 {FIGMA}")
    await studio.say("paula", "changes M-1 warmer")
    second = await studio.say("dan", "submit M-1 warmer https://frame.io/p/xyz")
    assert [link.url for link in second.replies[0].message.card.links] == ["https://frame.io/p/xyz"]
    record = await export_project("acme", studio.services)
    versions = record["milestones"][0]["versions"]
    assert [[d["kind"] for d in v["deliverables"]] for v in versions] == [["figma"], ["frame_io"]]


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ("submit M-1 http://example.com/logo.pdf",
         "Only https links can be deliverables: “http://example.com/logo.pdf”."),
        ("submit M-1 " + " ".join(f"https://x.io/{n}" for n in range(11)),
         "A version can carry at most 10 deliverables."),
        ("submit M-1 https://x.io/" + "a" * 2000, "A link can be at most 2000 characters."),
        ("submit M-1 https:///no-host", "Only https links can be deliverables: “https:///no-host”."),
    ],
)  # fmt: skip
async def test_a_link_that_cannot_be_a_deliverable_is_refused_and_nothing_is_submitted(
    studio: Studio, line: str, said: str
) -> None:
    await plan(studio)
    result = await studio.say("dan", line)
    assert not result.ok
    first, usage = result.replies[0].message.text.splitlines()[:2]
    assert first == said and usage.startswith("Usage: submit M-n [note]")
    assert result.field_errors == {"deliverables": said}  # where a form would show it
    [milestone] = studio.tables.milestones.values()
    assert (milestone.state, milestone.version) == (MilestoneState.PLANNED, 0)
    assert studio.tables.versions == []


def test_links_are_read_as_typed_or_in_slacks_markup() -> None:
    note, found = split_links(
        "see <https://dropbox.com/s/abc/Print.pdf?dl=0|Print files>, "
        "and https://acme.example/brief (brief); again https://acme.example/brief"
    )
    assert note == "see, and (brief); again"
    assert [(d.name, d.kind) for d in found] == [
        ("Print files", DeliverableKind.DROPBOX),
        ("acme.example/brief", DeliverableKind.LINK),
    ]
    note, typed = split_links("see [the deck](https://docs.google.com/p/Deck), thanks")
    assert (note, [(d.name, d.url) for d in typed]) == (
        "see, thanks",
        [("the deck", "https://docs.google.com/p/Deck")],
    )  # Markdown, as Teams users type a link
    _, bare = split_links("the site https://www.Acme.example and https://docs.google.com/d/x")
    assert [(d.name, d.kind) for d in bare] == [
        ("acme.example", DeliverableKind.LINK),  # a host alone is named by it
        ("docs.google.com/x", DeliverableKind.GOOGLE_DRIVE),
    ]


async def test_feedback_names_the_version_it_is_about(studio: Studio) -> None:
    await plan(studio)
    await studio.say("dan", "submit M-1")
    await studio.say("paula", "changes M-1 warmer")
    await studio.say("dan", "submit M-1 warmer")
    said = await studio.text("cleo", "feedback M-1@v1 the first one had a better blue")
    assert said.splitlines() == [  # one reply: v1's card is not the one in the channel now
        "FB-1 logged on M-1 v1 from Cleo: “the first one had a better blue”",
        "Feedback on M-1 v1: 1.",
    ]
    said = await studio.say("cleo", "feedback the new blue is fine")  # the version in review
    logged, card = said.replies
    assert logged.message.text.splitlines()[-1] == "Feedback on M-1 v2: 1."
    # The version's card, posted with the submit, is redrawn with the count on it; feedback
    # on an earlier version (above) leaves the current card alone.
    assert card.replaces.endswith(":v2") and card.card_key == card.replaces
    assert card.message.card is not None
    assert ("Feedback", "1") in [(f.label, f.value) for f in card.message.card.fields]
    refused = await studio.say("cleo", "feedback M-1@v3 later")
    assert not refused.ok
    assert refused.replies[0].message.text == "M-1 has no v3: its latest is v2."
    assert len(studio.tables.feedback) == 2


async def test_feedback_on_a_version_with_no_record_shows_no_count(studio: Studio) -> None:
    # A database migrated from before versions were recorded kept only the one in review.
    await plan(studio)
    await studio.say("dan", "submit M-1")
    await studio.say("paula", "changes M-1 warmer")
    await studio.say("dan", "submit M-1 warmer")
    studio.tables.versions[:] = [v for v in studio.tables.versions if v.version != 1]
    said = await studio.text("cleo", "feedback M-1@v1 the first one had a better blue")
    assert said == "FB-1 logged on M-1 v1 from Cleo: “the first one had a better blue”"


async def test_withdrawn_feedback_is_no_longer_counted_on_the_card(studio: Studio) -> None:
    await plan(studio)
    await studio.say("dan", "submit M-1")
    await studio.say("cleo", "feedback warmer please")
    await studio.say("cleo", "feedback and bigger")
    withdrawn = await studio.say("cleo", "feedback withdraw FB-2 said twice")
    said, card = withdrawn.replies
    assert said.message.text.startswith("FB-2 withdrawn")
    assert card.replaces.endswith(":v1") and card.message.card is not None
    assert ("Feedback", "1") in [(f.label, f.value) for f in card.message.card.fields]
    unlinked = await studio.say("cleo", "feedback withdraw FB-1")
    [_, last] = unlinked.replies
    assert last.message.card is not None
    assert "Feedback" not in [f.label for f in last.message.card.fields]  # none left to count


PDF_SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"


async def test_a_file_shared_with_a_submit_shows_its_name_and_fingerprint_everywhere(
    studio: Studio,
) -> None:
    await plan(studio)
    pdf = Deliverable(name="print.pdf", url="file:///proofs/print.pdf",
                      kind=DeliverableKind.FILE, size=1234, sha256=PDF_SHA)  # fmt: skip
    submit = await studio.run("dan", SubmitMilestone(number=1, note="print", files=(pdf,)))
    card = submit.replies[0].message.card
    assert card is not None
    # A link with no host is named by its name alone; one with a label names its host too.
    assert [(link.label, link.url) for link in card.links] == [("print.pdf", pdf.url)]
    shown = (await studio.text("cleo", "M-1")).splitlines()
    assert f"  Deliverable: print.pdf {pdf.url} · SHA-256 {PDF_SHA}" in shown
    [version] = (await export_project("acme", studio.services))["milestones"][0]["versions"]
    assert version["deliverables"] == [{"name": "print.pdf", "url": pdf.url, "kind": "file",
                                        "size": 1234, "sha256": PDF_SHA}]  # fmt: skip


async def test_a_labelled_link_says_the_host_it_opens(studio: Studio) -> None:
    await plan(studio)
    submit = await studio.say(
        "dan", f"submit M-1 [Logo routes]({FIGMA}) [figma.com board]({FIGMA}/b)"
    )
    card = submit.replies[0].message.card
    assert card is not None
    assert [link.label for link in card.links] == ["Logo routes · figma.com", "figma.com board"]


async def test_a_link_may_be_as_long_as_the_limit_and_no_longer(studio: Studio) -> None:
    await plan(studio)
    longest = "https://x.io/" + "a" * (MAX_URL - len("https://x.io/"))
    assert (await studio.say("dan", f"submit M-1 {longest}")).ok
    await studio.say("paula", "changes M-1 shorter")
    refused = await studio.say("dan", f"submit M-1 {longest}b")
    assert refused.replies[0].message.text.splitlines()[0] == (
        f"A link can be at most {MAX_URL} characters."
    )
    plain = "http://example.com/" + "p" * 100
    refused = await studio.say("dan", f"submit M-1 {plain}")
    assert refused.replies[0].message.text.splitlines()[0] == (
        f"Only https links can be deliverables: “{plain[:60]}”."
    )


async def test_feedback_on_a_version_before_any_was_submitted_is_refused_by_name(
    studio: Studio,
) -> None:
    await plan(studio)
    refused = await studio.say("cleo", "feedback M-1@v1 too early")
    assert refused.replies[0].message.text == ("M-1 has not been submitted yet, so it has no v1.")
    await studio.say("dan", "submit M-1")
    await studio.say("paula", "changes M-1 warmer")
    await studio.say("dan", "submit M-1 warmer")
    latest = await studio.say("cleo", "feedback M-1@v2 on the latest")  # the latest is fine
    assert latest.ok and latest.replies[0].message.text.startswith("FB-1 logged on M-1 v2")


async def test_a_version_carries_ten_deliverables_and_not_one_more(studio: Studio) -> None:
    await plan(studio)
    ten = " ".join(f"https://x.io/{n}" for n in range(10))
    eleven = f"{ten} https://x.io/10"
    refused = await studio.say("dan", f"submit M-1 {eleven}")
    assert refused.replies[0].message.text.splitlines() == [
        "A version can carry at most 10 deliverables.",
        "Usage: submit M-n [note] [link …] — submit a milestone for sign-off, with its links",
    ]
    pdf = Deliverable(name="print.pdf", url="file:///print.pdf", kind=DeliverableKind.FILE)
    nine = " ".join(f"https://x.io/{n}" for n in range(9))
    refused = await studio.run("dan", SubmitMilestone(number=1, note=ten, files=(pdf,)))
    assert refused.replies[0].message.text.splitlines() == [
        "A version can carry at most 10 deliverables.",
        "Usage: submit M-n [note] [link …] — submit a milestone for sign-off, with its links",
    ]
    assert studio.tables.versions == []  # nothing half-kept
    assert (await studio.run("dan", SubmitMilestone(number=1, note=nine, files=(pdf,)))).ok
    await studio.say("paula", "changes M-1 fewer")
    assert (await studio.say("dan", f"submit M-1 {ten}")).ok
