"""The demo project: one command gives a newcomer a project to try every verb on."""

from __future__ import annotations

from pathlib import Path

from adapters.composition import build_runtime
from adapters.config import settings_from_mapping
from adapters.console import ConsoleIO, chat
from tests.adapters.conftest import Signoff


def test_demo_makes_a_ready_project_and_says_how_to_start(signoff: Signoff) -> None:
    out = signoff.ok("demo", "--as", "you")

    assert "signoff chat --as you --project demo" in out
    record = signoff.export("demo")
    assert record["project"]["name"] == "Acme rebrand"
    roles = {(m["by"], m["status"]) for m in record["members"]}
    assert roles == {("you", "pm"), ("dana", "designer"), ("cleo", "client"), ("alex", "approver")}
    assert [m["ref"] for m in record["milestones"]] == ["M-1", "M-2", "M-3"]
    assert all(m["criteria"] and m["due_date"] for m in record["milestones"])
    assert ("console", "demo") in {(b["platform"], b["channel"]) for b in record["bindings"]}


def test_a_second_demo_says_it_exists_and_adds_the_new_pm(signoff: Signoff) -> None:
    signoff.ok("demo", "--as", "you")
    before = signoff.export("demo")["milestones"]

    out = signoff.ok("demo", "--as", "sam")

    assert "already exists" in out
    assert signoff.export("demo")["milestones"] == before
    assert ("sam", "pm") in {(m["by"], m["status"]) for m in signoff.export("demo")["members"]}


def test_the_quickstart_flow_signs_a_milestone_off(signoff: Signoff) -> None:
    signoff.ok("demo", "--as", "you")
    signoff.ok("chat", "--as", "you", "--project", "demo", stdin="submit M-1 first ideas\n")
    signoff.ok("chat", "--as", "you", stdin="approve M-1\n")  # the only project: no --project
    out = signoff.ok("chat", "--as", "alex", stdin="approve M-1\n")

    assert "M-1 v1 is approved" in out
    assert signoff.export("demo")["milestones"][0]["status"] == "approved"


async def test_at_a_terminal_an_empty_database_offers_the_demo(tmp_path: Path) -> None:
    settings = settings_from_mapping({"database": {"url": f"sqlite:///{tmp_path / 'x.db'}"}})
    answers = iter(["y", "use nope", "status", "quit"])
    prompts: list[str] = []
    printed: list[str] = []

    async def read(prompt: str) -> str | None:
        prompts.append(prompt)
        return next(answers, None)

    async with await build_runtime(settings) as runtime:
        io = ConsoleIO(read=read, write=printed.append, interactive=True)
        status = await chat(runtime.services, person="newbie", project_key=None, io=io)

    assert status == 0
    assert "demo" in prompts[0] and "[y/N]" in prompts[0]
    assert prompts[1:] == ["signoff> "] * 3
    text = "\n".join(printed)
    assert "Created the demo project" in text
    assert "There is no project “nope”" in text
    assert "Acme rebrand for Acme Co.: status" in text  # still in the demo project
