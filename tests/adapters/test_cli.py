"""The admin CLI: projects, bindings, members and milestones in, the project's record out."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.adapters.conftest import Signoff


def set_up_acme(signoff: Signoff) -> None:
    signoff.ok(
        "project",
        "create",
        "acme",
        "--name",
        "Acme rebrand",
        "--client",
        "Acme Co.",
        "--timezone",
        "Europe/London",
    )
    signoff.ok("project", "bind", "acme", "--slack-channel", "C0123", "--slack-team", "T9")
    signoff.ok(
        "project",
        "bind",
        "acme",
        "--teams-conversation",
        "19:abc@thread.tacv2;messageid=1700000000000",
        "--teams-tenant",
        "tenant-1",
    )
    signoff.ok("project", "bind", "acme", "--console-channel", "acme")
    signoff.ok(
        "member", "add", "acme", "--console-user", "paula", "--role", "pm", "--name", "Paula"
    )
    signoff.ok(
        "member",
        "add",
        "acme",
        "--slack-user",
        "U777",
        "--slack-team",
        "T9",
        "--role",
        "client",
        "--name",
        "Cleo",
    )
    signoff.ok(
        "member",
        "add",
        "acme",
        "--teams-user",
        "3f2504e0-4f89-41d3-9a0c-0305e82c3301",
        "--teams-tenant",
        "tenant-1",
        "--role",
        "approver",
        "--name",
        "Ava",
    )


def test_create_bind_member_milestone_and_export_round_trip(signoff: Signoff) -> None:
    set_up_acme(signoff)
    out = signoff.ok(
        "milestone",
        "add",
        "acme",
        "Concepts",
        "--due",
        "2036-12-15",
        "--criteria",
        "three routes",
        "--criteria",
        "a mono logo",
    )
    assert out.startswith("M-1")

    record = signoff.export("acme")

    assert record["project"]["key"] == "acme"
    assert record["project"]["name"] == "Acme rebrand"
    assert record["project"]["timezone"] == "Europe/London"
    channels = {(b["platform"], b["tenant"], b["channel"]) for b in record["bindings"]}
    assert channels == {
        ("slack", "T9", "C0123"),
        ("teams", "tenant-1", "19:abc@thread.tacv2"),
        ("console", "local", "acme"),
    }
    members = {(m["by"], m["status"], m["platform"]) for m in record["members"]}
    assert members == {
        ("Paula", "pm", "console"),
        ("Cleo", "client", "slack"),
        ("Ava", "approver", "teams"),
    }
    [milestone] = record["milestones"]
    assert (milestone["ref"], milestone["summary"], milestone["status"]) == (
        "M-1",
        "Concepts",
        "planned",
    )
    assert milestone["due_date"] == "2036-12-15"
    assert milestone["criteria"] == ["three routes", "a mono logo"]


def test_the_sign_off_terms_are_shown_and_set_several_at_once(signoff: Signoff) -> None:
    set_up_acme(signoff)
    shown = signoff.ok("project", "rules", "acme").splitlines()
    assert shown[0] == "Sign-off rules (acme)"
    assert "Revision rounds: 2 per milestone" in shown
    said = signoff.ok(
        "project", "rules", "acme", "--stages", "client", "--client-rule", "all",
        "--rounds", "4", "--self-approval", "on",
    ).splitlines()  # fmt: skip
    assert said[1:] == [
        "Signed off by: the client's approvers alone",
        "Approvals needed: every approver",
        "Revision rounds: 4 per milestone",
        "Self-approval: allowed: one person may decide both stages",
    ]
    record = signoff.export("acme")
    terms = {k: record["project"][k] for k in ("studio_stage", "client_rule", "revision_rounds")}
    assert terms == {"studio_stage": False, "client_rule": "all", "revision_rounds": 4}
    [event] = [e for e in record["audit"] if e["summary"] == "project.terms_changed"]
    assert event["detail"]["after"] == {
        "studio_stage": False, "client_rule": "all", "revision_rounds": 4, "self_approval": True,
    }  # fmt: skip


def test_a_second_milestone_is_m2(signoff: Signoff) -> None:
    set_up_acme(signoff)
    signoff.ok("milestone", "add", "acme", "Concepts", "--due", "2036-12-15")
    assert signoff.ok("milestone", "add", "acme", "Final files", "--due", "2037-01-20").startswith(
        "M-2"
    )


def test_export_as_csv_parses_and_names_each_record(signoff: Signoff, tmp_path: Path) -> None:
    set_up_acme(signoff)
    signoff.ok(
        "milestone", "add", "acme", "Concepts", "--due", "2036-12-15", "--criteria", "配色：暖色调"
    )
    target = tmp_path / "acme.csv"

    out = signoff.ok("export", "acme", "--format", "csv", "--output", str(target))

    assert str(target) in out
    with target.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["record", "ref", "at", "by", "by_id", "status", "summary", "data"]
    milestones = [row for row in rows if row["record"] == "milestone"]
    assert [(row["ref"], row["status"], row["summary"]) for row in milestones] == [
        ("M-1", "planned", "Concepts")
    ]
    assert json.loads(milestones[0]["data"])["criteria"] == ["配色：暖色调"]
    assert {row["record"] for row in rows} >= {"project", "member", "binding", "milestone"}
    assert {row["by"] for row in rows if row["record"] == "member"} == {"Paula", "Cleo", "Ava"}


def test_export_to_stdout_as_csv(signoff: Signoff) -> None:
    set_up_acme(signoff)
    rows = list(csv.reader(io.StringIO(signoff.ok("export", "acme", "--format", "csv"))))
    assert rows[0] == ["record", "ref", "at", "by", "by_id", "status", "summary", "data"]
    assert rows[1][:2] == ["project", "acme"]


def test_unbind_names_the_channel_with_or_without_its_tenant(signoff: Signoff) -> None:
    set_up_acme(signoff)

    out = signoff.ok("project", "unbind", "acme", "--slack-channel", "C0123")  # no --slack-team
    signoff.ok(
        "project", "unbind", "acme", "--teams-conversation", "19:abc@thread.tacv2",
        "--teams-tenant", "tenant-1",
    )  # fmt: skip

    assert out.strip() == "C0123 is no longer bound to acme."
    record = signoff.export("acme")
    assert [b["platform"] for b in record["bindings"]] == ["console"]
    unbound = [a for a in record["audit"] if a["summary"] == "project.unbound"]
    assert [(a["detail"]["tenant"], a["detail"]["channel"]) for a in unbound] == [
        ("T9", "C0123"),
        ("tenant-1", "19:abc@thread.tacv2"),
    ]
    last = signoff.ok("project", "unbind", "acme", "--console-channel", "acme")
    assert "No channel will get digests" in last
    assert signoff("project", "unbind", "acme", "--console-channel", "acme").status != 0


def test_members_carry_who_added_them_and_a_stable_identity(signoff: Signoff) -> None:
    set_up_acme(signoff)

    members = {m["by"]: m for m in signoff.export("acme")["members"]}

    cleo = members["Cleo"]
    assert (cleo["by_id"], cleo["user_id"]) == ("slack:T9:U777", "U777")
    assert cleo["added_by_id"].startswith("console:cli:") and cleo["added_at"]
    assert cleo["removed_at"] is None and cleo["removed_by"] is None


def test_bad_input_exits_non_zero_with_one_line_and_stores_nothing(signoff: Signoff) -> None:
    set_up_acme(signoff)
    before = signoff.export("acme")

    cases = [
        ("milestone", "add", "acme", "Concepts", "--due", "the day after never"),
        ("milestone", "add", "acme", "Concepts"),  # no --due
        ("milestone", "add", "nope", "Concepts", "--due", "2036-12-15"),
        ("member", "add", "acme", "--console-user", "zed", "--role", "boss"),
        ("member", "add", "acme", "--console-user", "zed", "--slack-user", "U1", "--role", "pm"),
        ("project", "bind", "acme"),
        ("project", "unbind", "acme"),
        ("project", "unbind", "acme", "--slack-channel", "C-never-bound"),
        ("project", "unbind", "nope", "--slack-channel", "C0123"),
        ("project", "create", "acme", "--name", "Again", "--client", "Acme Co."),
        ("project", "create", "Bad Key!", "--name", "X", "--client", "Y"),
        ("project", "create", "other", "--name", "X", "--client", "Y", "--timezone", "Mars/Base"),
        ("project", "rules", "acme", "--rounds", "99"),
        ("project", "rules", "acme", "--client-rule", "most"),
        ("project", "rules", "nope", "--rounds", "3"),
        ("export", "nope"),
        ("export", "acme", "--format", "xml"),
        ("frobnicate",),
    ]
    for argv in cases:
        run = signoff(*argv)
        assert run.status != 0, argv
        assert run.out == "", argv
        lines = run.err.strip().splitlines()
        assert len(lines) == 1 and lines[0], (argv, run.err)

    assert signoff.export("acme") == before
    assert signoff("export", "other").status != 0


def test_a_broken_config_is_one_line_and_exit_2(signoff: Signoff, tmp_path: Path) -> None:
    config = tmp_path / "broken.yaml"
    config.write_text("server:\n  port: abc\n", encoding="utf-8")

    run = signoff("--config", str(config), "export", "acme")

    assert run.status == 2
    assert run.err.strip() == (
        f"signoff: {config}: server.port: Input should be a valid integer, got 'abc'"
    )


def test_config_after_the_subcommand_and_signoff_config_env(
    signoff: Signoff, tmp_path: Path
) -> None:
    config = tmp_path / "other.yaml"
    config.write_text(f"database:\n  url: sqlite:///{tmp_path / 'other.db'}\n", encoding="utf-8")
    signoff.ok(
        "project", "create", "elsewhere", "--name", "E", "--client", "C", "--config", str(config)
    )
    assert signoff("export", "elsewhere").status != 0  # not in the DATABASE_URL database
    signoff.monkeypatch.setenv("SIGNOFF_CONFIG", str(config))
    assert signoff.export("elsewhere")["project"]["name"] == "E"


def test_db_upgrade_reports_the_revision(signoff: Signoff) -> None:
    out = signoff.ok("db", "upgrade")
    assert "revision" in out and out.strip().split()[-1].strip(".")


def test_version_and_help(signoff: Signoff) -> None:
    assert signoff.ok("--version").startswith("signoff ")
    assert "project" in signoff.ok("--help")
