"""Console chat: a whole project told through piped scripts, in English and in Chinese."""

from __future__ import annotations

import re

import pytest

from tests.adapters.conftest import Signoff

CJK = re.compile(r"[\u4e00-\u9fff]")
TEAM = (("paula", "pm"), ("dan", "designer"), ("cleo", "client"), ("ava", "approver"))


def set_up(signoff: Signoff, key: str, locale: str = "en") -> None:
    signoff.ok("project", "create", key, "--name", "Acme rebrand", "--client", "Acme Co.",
               "--locale", locale)  # fmt: skip
    signoff.ok("project", "bind", key, "--console-channel", key)
    for name, role in TEAM:
        signoff.ok("member", "add", key, "--console-user", name, "--role", role, "--name", name)


def chat(signoff: Signoff, who: str, key: str, script: str) -> str:
    return signoff.ok("chat", "--as", who, "--project", key, stdin=script)


def story(signoff: Signoff, key: str) -> dict[str, str]:
    """Every verb, each typed by someone allowed to; returns what each step printed."""
    said = {}
    said["plan"] = chat(
        signoff,
        "paula",
        key,
        f"""
        # the PM plans the work
        help
        help approve
        milestone add "Concepts" due 2036-12-15 criteria: three routes; a mono logo
        milestone add "Final files" due 2037-01-20
        milestones
        member add @bob designer
        project create {key}-side "Side job" client "Acme Co." timezone Europe/London
    """,
    )
    said["submit"] = chat(signoff, "dan", key, "submit M-1 first routes\n")
    said["client"] = chat(
        signoff,
        "cleo",
        key,
        """
        feedback the blue feels cold
        feedback M-2 put the new logo on the cover
        issue Site is down critical
        issue M-1 Typo on the cover low
        issue
        issues
        status
    """,
    )
    said["pm approves"] = chat(signoff, "paula", key, "approve M-1 looks right\n")
    said["changes"] = chat(signoff, "ava", key, "changes M-1 a warmer blue please\n")
    said["round 2"] = chat(
        signoff,
        "dan",
        key,
        """
        feedback resolve FB-1 warmed the blue
        issue ack IS-1
        submit M-1 warmer blue
    """,
    )
    said["pm again"] = chat(signoff, "paula", key, "issue assign IS-1 @dan\napprove M-1@v2\n")
    said["approved"] = chat(signoff, "ava", key, "approve M-1@v2 lovely\n")
    said["reopen"] = chat(signoff, "cleo", key, "feedback reopen FB-1 still cold on mobile\n")
    said["issues"] = chat(signoff, "dan", key, "issue resolve IS-1 restarted the server\n")
    said["close"] = chat(
        signoff,
        "paula",
        key,
        """
        issue close IS-1
        issue reopen IS-1 down again
        issue close IS-2 duplicate of IS-1
    """,
    )
    said["bind"] = chat(signoff, "paula", f"{key}-side", f"project bind {key}-side\n")
    return said


@pytest.mark.parametrize(("key", "locale"), [("acme", "en"), ("shop", "zh-CN")])
def test_every_verb_leaves_the_right_record(signoff: Signoff, key: str, locale: str) -> None:
    set_up(signoff, key, locale)
    story(signoff, key)

    record = signoff.export(key)

    milestones = {m["ref"]: (m["status"], m["version"]) for m in record["milestones"]}
    assert milestones == {"M-1": ("approved", 2), "M-2": ("planned", 0)}
    [concepts] = [m for m in record["milestones"] if m["ref"] == "M-1"]
    assert concepts["criteria"] == ["three routes", "a mono logo"]
    assert concepts["rounds_used"] == 1
    decisions = [(d["ref"], d["stage"], d["status"], d["by"]) for d in record["decisions"]]
    assert decisions == [
        ("M-1 v1", "pm", "approve", "paula"),
        ("M-1 v1", "client", "changes", "ava"),
        ("M-1 v2", "pm", "approve", "paula"),
        ("M-1 v2", "client", "approve", "ava"),
    ]
    feedback = {f["ref"]: (f["status"], f["milestone"], f["by"]) for f in record["feedback"]}
    assert feedback == {"FB-1": ("reopened", "M-1", "cleo"), "FB-2": ("open", "M-2", "cleo")}
    issues = {i["ref"]: (i["status"], i["severity"], i["assignee"]) for i in record["issues"]}
    assert issues == {"IS-1": ("open", "critical", "dan"), "IS-2": ("closed", "low", None)}
    assert ("bob", "designer") in {(m["by"], m["status"]) for m in record["members"]}

    side = signoff.export(f"{key}-side")
    assert side["project"]["timezone"] == "Europe/London"
    assert ("console", f"{key}-side") in {(b["platform"], b["channel"]) for b in side["bindings"]}
    assert ("paula", "pm") in {(m["by"], m["status"]) for m in side["members"]}


def test_an_english_project_answers_in_english(signoff: Signoff) -> None:
    set_up(signoff, "acme")
    said = story(signoff, "acme")

    assert "FB-1 logged on M-1 v1 from cleo" in said["client"]
    assert "IS-1 raised by cleo (critical): Site is down." in said["client"]
    assert "issue TITLE [low|medium|high|critical]" in said["client"]  # the form, typed
    assert "→ approve M-1@v1   → changes M-1@v1 <What should change?>" in said["submit"]
    assert "M-1 v2 is approved" in said["approved"]
    assert not any(CJK.search(text) for text in said.values())


def test_a_chinese_project_answers_in_chinese(signoff: Signoff) -> None:
    set_up(signoff, "shop", "zh-CN")
    said = story(signoff, "shop")

    for step in ("plan", "submit", "client", "changes", "approved", "close"):
        assert CJK.search(said[step]), step
    assert "FB-1" in said["client"] and "IS-1" in said["client"]
    assert "logged" not in said["client"] and "Unknown" not in said["plan"]


MISTAKES = [
    ("cleo", "frobnicate the logo", ["frobnicate", "help"]),
    ("dan", "submit", ["submit M-n"]),
    ("paula", 'milestone add "Extras" due someday-never', ["someday-never", "date"]),
    ("cleo", "feedback " + "x" * 5000, ["4000", "5000"]),
    ("dan", "submit M-9", ["M-9"]),
    ("cleo", "approve M-1", ["approvers"]),  # a client, not an approver
    ("ava", "approve M-1", None),  # the approver decides ...
    # ... and a second decision is refused
    ("ava", "approve M-1", ["M-1 v1 is already decided: ava approved at"]),
]


def test_mistakes_get_a_clear_answer_and_store_nothing(signoff: Signoff) -> None:
    set_up(signoff, "acme")
    chat(signoff, "paula", "acme", 'milestone add "Concepts" due 2036-12-15\n')
    chat(signoff, "dan", "acme", "submit M-1\n")
    chat(signoff, "paula", "acme", "approve M-1\n")  # over to the client's approver

    for who, line, expected in MISTAKES:
        before = signoff.export("acme")
        answer = chat(signoff, who, "acme", line + "\n")
        if expected is None:
            assert signoff.export("acme") != before
            continue
        for words in expected:
            assert words in answer, (line[:30], answer)
        assert signoff.export("acme") == before, line[:30]


def test_blank_lines_comments_and_quit(signoff: Signoff) -> None:
    set_up(signoff, "acme")
    out = chat(signoff, "cleo", "acme", "\n# a comment\n\nfeedback one\nquit\nfeedback two\n")
    assert "FB-1" in out and "FB-2" not in out
    assert [f["summary"] for f in signoff.export("acme")["feedback"]] == ["one"]


def test_without_project_the_only_one_is_used(signoff: Signoff) -> None:
    set_up(signoff, "acme")
    out = signoff.ok("chat", "--as", "cleo", stdin="feedback hello\n")
    assert "FB-1" in out


def test_with_several_projects_it_asks_which(signoff: Signoff) -> None:
    set_up(signoff, "acme")
    set_up(signoff, "shop")
    run = signoff("chat", "--as", "cleo", stdin="feedback hello\n")
    assert run.status != 0
    assert "acme" in run.out and "shop" in run.out and "--project" in run.out
    assert signoff.export("acme")["feedback"] == signoff.export("shop")["feedback"] == []


def test_on_an_empty_database_it_points_at_the_demo(signoff: Signoff) -> None:
    run = signoff("chat", "--as", "newcomer", stdin="help\n")
    assert run.status != 0
    assert "signoff demo" in run.out


def test_an_unknown_project_is_refused_before_reading(signoff: Signoff) -> None:
    set_up(signoff, "acme")
    run = signoff("chat", "--as", "cleo", "--project", "nope", stdin="feedback hello\n")
    assert run.status == 2
    assert "nope" in run.out
    assert signoff.export("acme")["feedback"] == []


def test_one_language_per_run_the_configured_default_without_a_project(
    signoff: Signoff, tmp_path
) -> None:
    (tmp_path / "app.yaml").write_text(
        f"database:\n  url: {signoff.database_url}\ndefaults:\n  locale: zh-CN\n"
    )
    run = signoff("chat", "--as", "newcomer", stdin="help\n")
    assert run.status != 0
    assert run.out.startswith("还没有项目。") and "signoff demo" in run.out
    set_up(signoff, "acme")  # an English project
    refused = signoff("chat", "--as", "newcomer", stdin="help\n")
    assert "不是任何项目的成员" in refused.out
    english = signoff("chat", "--as", "cleo", "--project", "acme", stdin="feedback hello\n")
    assert not CJK.search(english.out)  # the project's language, not the default
