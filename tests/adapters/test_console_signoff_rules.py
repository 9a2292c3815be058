"""The sign-off rules through the console and the admin CLI, on a real database: a version
submitted with a link, approved by the studio then the client, the export pinning the decision
to it; one person decides one stage; a project without approvers is never the client's."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from adapters import console_files
from bot.i18n import tr
from tests.adapters.conftest import Signoff
from tests.adapters.test_console import chat, set_up

FIGMA = "https://www.figma.com/file/AbC123/Acme-logo-routes"


def test_a_version_is_signed_off_by_the_client_and_pinned_to_its_link(signoff: Signoff) -> None:
    set_up(signoff, "acme")
    signoff.ok("member", "add", "acme", "--console-user", "paula", "--role", "approver")
    chat(signoff, "paula", "acme", 'milestone add "Concepts" due 2036-12-15\n')
    card = chat(signoff, "dan", "acme", f"submit M-1 routes {FIGMA}\n")
    assert f"│ ⤷ figma.com/Acme logo routes: {FIGMA}" in card  # the card opens it
    chat(signoff, "paula", "acme", "approve M-1\n")
    refused = chat(signoff, "paula", "acme", "approve M-1\n")
    assert "another of the client's approvers must sign it off" in refused
    said = chat(signoff, "ava", "acme", "approve M-1 lovely\n")
    assert "M-1 v1 is approved. Signed off by ava." in said

    record = signoff.export("acme")
    [milestone] = record["milestones"]
    assert milestone["signed_off_by_client"] is True
    assert [(d["by"], d["stage"], [x["url"] for x in d["deliverables"]])
            for d in record["decisions"]] == [
        ("paula", "pm", [FIGMA]),
        ("ava", "client", [FIGMA]),
    ]  # fmt: skip


def test_without_client_approvers_the_console_never_shows_a_clients_sign_off(
    signoff: Signoff,
) -> None:
    signoff.ok("project", "create", "solo", "--name", "Solo", "--client", "Acme Co.")
    signoff.ok("project", "bind", "solo", "--console-channel", "solo")
    signoff.ok("member", "add", "solo", "--console-user", "sol", "--role", "pm", "--name", "sol")
    chat(signoff, "sol", "solo", 'milestone add "Concepts" due 2036-12-15\n')
    said = chat(signoff, "sol", "solo", "submit M-1\napprove M-1\nstatus\n")
    assert "Nobody can sign M-1 off for the client" in said
    assert "M-1 v1 is approved by the studio (sol), without the client's sign-off" in said
    assert "M-1 Concepts · approved by the studio, no client sign-off v1" in said
    assert "Signed off by" not in said
    [milestone] = signoff.export("solo")["milestones"]
    assert milestone["signed_off_by_client"] is False


def test_a_file_shared_at_the_console_pins_the_decision_to_its_bytes(
    signoff: Signoff, tmp_path: Path
) -> None:
    set_up(signoff, "acme")
    pdf = tmp_path / "Acme print v1.pdf"
    pdf.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 400)
    chat(signoff, "paula", "acme", 'milestone add "Print files" due 2036-12-15\n')
    refused = chat(signoff, "dan", "acme", f"submit M-1 print files file:{tmp_path}/nope.pdf\n")
    assert f"There is no file “{tmp_path}/nope.pdf” to submit." in refused
    assert signoff.export("acme")["milestones"][0]["versions"] == []  # nothing half-kept

    card = chat(signoff, "dan", "acme", f'submit M-1 print files {FIGMA} file:"{pdf}"\n')
    assert f"│ ⤷ Acme print v1.pdf: {pdf.as_uri()}" in card
    assert "Note: print files" in card
    chat(signoff, "paula", "acme", "approve M-1\n")
    chat(signoff, "ava", "acme", "approve M-1\n")
    record = signoff.export("acme")
    [_, client] = record["decisions"]
    assert [(d["kind"], d["sha256"], d["size"]) for d in client["deliverables"]] == [
        ("file", hashlib.sha256(pdf.read_bytes()).hexdigest(), pdf.stat().st_size),
        ("figma", None, None),
    ]


async def test_a_file_over_the_cap_is_refused_and_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(console_files, "LIMIT", 1024 * 1024)
    big = tmp_path / "big.tif"
    big.write_bytes(b"\0" * (1024 * 1024 + 1))
    with pytest.raises(console_files.FileProblem) as refused:
        await console_files.take_files(f"print files file:{big}")
    assert tr("en", refused.value.message, **refused.value.params) == (
        f"“{big}” is larger than 1 MB: share a link to it instead."
    )
