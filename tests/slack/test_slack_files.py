"""Files shared in Slack as deliverables, over real HTTP: a PM submits M-1 with a Figma link and
a PDF shared in the message; the card shows both; the client's approver approves; the export pins
the decision to version 1, its two deliverables and the PDF's SHA-256, read with the bot token."""

from __future__ import annotations

import asyncio
import copy
import hashlib
from collections.abc import Awaitable, Callable
from typing import TypeVar

from slack_harness import APPROVER, CLIENT, PM, Harness, inbound
from test_slack_approval import button, card_recorded
from test_slack_signoff_rules import posted

from bot.model import Deliverable, DeliverableKind
from bot.queries import export_project

FIGMA = "https://www.figma.com/file/AbC123/Acme-logo-routes"
PDF = b"%PDF-1.7\n" + bytes(range(256)) * 400  # about 100 KB of print file
T = TypeVar("T")


def mention(slack: Harness, text: str, *, files: list[dict], user: str = PM) -> dict:
    payload = copy.deepcopy(inbound("event_callback_app_mention.json"))
    payload["event_id"] = f"Ev{len(slack.fake.calls)}"
    payload["event"].update(text=f"<@W23456789> {text}", user=user, files=files)
    return payload


def shortcut(slack: Harness, text: str, *, files: list[dict], user: str = PM) -> dict:
    payload = copy.deepcopy(inbound("block_actions.payload.json"))
    payload.pop("actions")
    payload["user"].update(id=user)
    payload.update(
        type="message_action", callback_id="submit_for_signoff", message_ts="1.2",
        message={"type": "message", "user": user, "text": text, "ts": "1.2", "files": files},
        channel={"id": "C111", "name": "acme"}, response_url=slack.fake.hook_url(),
    )  # fmt: skip
    return payload


async def eventually(probe: Callable[[], Awaitable[T | None]], *, within: float = 15.0) -> T:
    """Poll an async `probe` until it answers, failing after `within` seconds."""
    end = asyncio.get_running_loop().time() + within
    while (found := await probe()) is None:
        if asyncio.get_running_loop().time() > end:
            raise AssertionError("timed out")
        await asyncio.sleep(0.05)
    return found


async def stored_files(slack: Harness) -> list[Deliverable]:
    async with slack.runtime.services.uow() as uow:
        project = await uow.projects.get_by_key("acme")
        assert project is not None
        milestone = await uow.milestones.get(project.id, 1)
        assert milestone is not None
        [version] = await uow.versions.list(milestone.id)
    return [d for d in version.deliverables if d.kind is DeliverableKind.FILE]


async def exported_file(slack: Harness) -> dict:
    """The PDF as the export has it, once the worker has read it."""

    async def read() -> dict | None:
        record = await export_project("acme", slack.runtime.services)
        [version] = record["milestones"][0]["versions"]
        pdf = next(d for d in version["deliverables"] if d["kind"] == "file")
        return pdf if pdf["sha256"] else None

    return await eventually(read)


async def test_a_pdf_and_a_link_are_the_version_and_the_decision_is_pinned_to_their_bytes(
    slack: Harness,
) -> None:
    await slack.seed()
    pdf = slack.fake.share_file("Acme print v1.pdf", PDF)
    await slack.event(mention(slack, f"submit M-1 print files <{FIGMA}|Logo routes>", files=[pdf]))
    card = await posted(slack, lambda args: "blocks" in args)
    await card_recorded(slack)
    links = [e["text"] for b in card["blocks"] if b["type"] == "context" for e in b["elements"]
             if e["text"].startswith("<https://")]  # fmt: skip
    assert links == [
        f"<{pdf['permalink']}|Acme print v1.pdf · acme.slack.com>",
        f"<{FIGMA}|Logo routes · figma.com>",
    ]
    await slack.click(button(card, "milestone_approve"), user=PM)
    await slack.fake.wait_call("chat.update")
    await slack.click(button(card, "milestone_approve"), user=APPROVER)
    await posted(slack, lambda args: "M-1 v1 is approved. Signed off by Alex." in args["text"])

    read = await exported_file(slack)
    assert (read["sha256"], read["size"]) == (hashlib.sha256(PDF).hexdigest(), len(PDF))
    assert "source" not in read  # where the bytes were read is never exported
    assert slack.fake.file_reads == ["Bearer xoxb-not-a-real-token"]  # once, with the bot token
    record = await export_project("acme", slack.runtime.services)
    [_, client] = record["decisions"]
    assert (client["by"], client["stage"], client["version"]) == ("Alex", "client", 1)
    assert [(d["kind"], d["sha256"]) for d in client["deliverables"]] == [
        ("file", hashlib.sha256(PDF).hexdigest()),
        ("figma", None),
    ]
    shown = await slack.slash("M-1", user=CLIENT)
    assert shown.status == 200
    said = (await slack.fake.wait_hook())[-1].args["text"]
    assert f"SHA-256 {hashlib.sha256(PDF).hexdigest()}" in said


async def test_the_shortcut_submits_a_messages_files_for_the_milestone_it_names(
    slack: Harness,
) -> None:
    await slack.seed()
    pdf = slack.fake.share_file("Print.pdf", PDF)
    await slack.interact(shortcut(slack, "here are the print files", files=[pdf]))
    told = (await slack.fake.wait_hook())[0].args
    assert told["text"].startswith("To submit a message's files for sign-off, name the milestone")

    await slack.interact(shortcut(slack, "M-1 final print files", files=[pdf]))
    card = await posted(slack, lambda args: "blocks" in args)
    assert "Note: final print files" in card["text"]
    assert f"Deliverable: Print.pdf {pdf['permalink']}" in card["text"]


async def test_a_file_slack_will_not_give_keeps_its_record_without_a_fingerprint(
    slack: Harness,
) -> None:
    await slack.seed()
    pdf = slack.fake.share_file("Gone.pdf", PDF)
    slack.fake.files.clear()  # deleted before it could be read: 404
    await slack.event(mention(slack, "submit M-1 print files", files=[pdf]))
    await posted(slack, lambda args: "blocks" in args)
    await slack.fake.wait_for(lambda: slack.fake.file_reads)

    async def given_up() -> list[Deliverable] | None:
        files = await stored_files(slack)
        return files if not any(d.source for d in files) else None

    [kept] = await eventually(given_up)
    assert (kept.name, kept.sha256, kept.size) == ("Gone.pdf", "", len(PDF))
