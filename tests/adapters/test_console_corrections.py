"""Every correction, look-up and list, typed at the console in an English and a Chinese project,
leaves exactly the record the export shows afterwards."""

from __future__ import annotations

from typing import Any

import pytest

from tests.adapters.conftest import Signoff
from tests.adapters.test_console import chat, set_up

# The same session twice: English command words, and the Chinese ones a zh-CN studio types.
SCRIPTS: dict[str, dict[str, str]] = {
    "en": {
        "plan": """
            milestone add "Concepts" due 2036-12-15 criteria: three routes; a mono logo
            milestone add "Final files" due 2037-01-20
            milestone add "concepts" due 2036-12-20
            milestone rename M-2 "Final artwork"
            milestone due M-2 2037-02-01
            project dates mdy
            milestone add "Extras" due 03/04/2037
            milestone cancel M-3 not in the contract
            milestone reopen M-3
            milestone cancel M-3 dropped after all
            member add @bob designer
            member role @bob designer, client
            member remove @bob client
        """,
        "submit": """
            submit M-1 first routes
            withdraw M-1
            submit M-1 second try
        """,
        "criteria": "milestone criteria M-1 three routes; a mono logo; a colour study\n",
        "client": """
            feedback the blue feels cold
            feedback edit FB-1 the blue feels too cold
            feedback the logo is small
            feedback withdraw FB-2
            issue Site is down high
            issue edit IS-1 Site is down on mobile critical
            issue Typo on the cover low
            issue withdraw IS-2
        """,
        "studio": "issue ack IS-1\nfeedback resolve FB-1\n",
        "look": """
            feedback list all
            issues all
            more
            FB-1
            IS-1
            M-1
        """,
        "close": """
            project rename "Acme relaunch" client "Acme Group"
            project close
        """,
        "closed": "feedback while closed\n",
        "reopen": "project reopen\nproject unbind\n",
    },
    "zh-CN": {
        "plan": """
            里程碑 添加 “Concepts” 截止 2036-12-15 标准：three routes；a mono logo
            里程碑 添加 “Final files” 截止 2037-01-20
            里程碑 添加 “concepts” 截止 2036-12-20
            里程碑 重命名 M-2 “Final artwork”
            里程碑 截止 M-2 2037-02-01
            项目 日期 月日年
            里程碑 添加 “Extras” 截止 03/04/2037
            里程碑 取消 M-3 not in the contract
            里程碑 重开 M-3
            里程碑 取消 M-3 dropped after all
            成员 添加 @bob 设计师
            成员 角色 @bob 设计师、客户
            成员 移除 @bob 客户
        """,
        "submit": """
            提交 M-1 first routes
            撤回 M-1
            提交 M-1 second try
        """,
        "criteria": "里程碑 标准 M-1 three routes；a mono logo；a colour study\n",
        "client": """
            反馈 the blue feels cold
            反馈 编辑 FB-1 the blue feels too cold
            反馈 the logo is small
            反馈 撤回 FB-2
            问题 Site is down 高
            问题 编辑 IS-1 Site is down on mobile 紧急
            问题 Typo on the cover 低
            问题 撤回 IS-2
        """,
        "studio": "问题 受理 IS-1\n反馈 解决 FB-1\n",
        "look": """
            反馈 列表 全部
            问题列表 全部
            更多
            FB-1
            IS-1
            M-1
        """,
        "close": """
            项目 改名 “Acme relaunch” 客户 “Acme Group”
            项目 关闭
        """,
        "closed": "反馈 while closed\n",
        "reopen": "项目 重开\n项目 解绑\n",
    },
}


def session(signoff: Signoff, key: str, script: dict[str, str]) -> dict[str, str]:
    """Runs the session as the people allowed to type each part; what each part printed."""
    return {
        "plan": chat(signoff, "paula", key, script["plan"]),
        "submit": chat(signoff, "dan", key, script["submit"]),
        "criteria": chat(signoff, "paula", key, script["criteria"]),
        "client": chat(signoff, "cleo", key, script["client"]),
        "studio": chat(signoff, "dan", key, script["studio"]),
        "look": chat(signoff, "cleo", key, script["look"]),
        "close": chat(signoff, "paula", key, script["close"]),
        "closed": chat(signoff, "cleo", key, script["closed"]),
        "reopen": chat(signoff, "paula", key, script["reopen"]),
    }


def by_ref(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {row["ref"]: row for row in rows}


@pytest.mark.parametrize(("key", "locale"), [("acme", "en"), ("shop", "zh-CN")])
def test_every_correction_leaves_the_record_the_export_shows(
    signoff: Signoff, key: str, locale: str
) -> None:
    set_up(signoff, key, locale)
    session(signoff, key, SCRIPTS[locale])

    record = signoff.export(key)

    project = record["project"]
    assert (project["name"], project["client"], project["status"]) == (
        "Acme relaunch", "Acme Group", "active"
    )  # fmt: skip
    assert project["date_order"] == "mdy"
    milestones = by_ref(record["milestones"])
    assert {ref: m["summary"] for ref, m in milestones.items()} == {
        "M-1": "Concepts",
        "M-2": "Final artwork",
        "M-3": "Extras",
    }  # fmt: skip  (the duplicate "concepts" was refused)
    assert milestones["M-2"]["due_date"] == "2037-02-01"
    assert milestones["M-3"]["due_date"] == "2037-03-04"  # 03/04 read month first
    assert (milestones["M-3"]["status"], milestones["M-3"]["cancel_reason"]) == (
        "cancelled", "dropped after all"
    )  # fmt: skip
    concepts = milestones["M-1"]
    assert (concepts["status"], concepts["version"]) == ("in_review", 2)
    assert concepts["criteria"] == ["three routes", "a mono logo", "a colour study"]
    v1, v2 = concepts["versions"]
    assert v1["withdrawn_at"] is not None and v2["withdrawn_at"] is None
    assert v2["criteria"] == ["three routes", "a mono logo"]  # as submitted, not as changed

    feedback = by_ref(record["feedback"])
    assert feedback["FB-1"]["summary"] == "the blue feels too cold"
    assert feedback["FB-1"]["edited"] is True and feedback["FB-1"]["status"] == "resolved"
    edits = [h for h in feedback["FB-1"]["history"] if h["action"] == "edited"]
    assert edits[0]["before"] == {"text": "the blue feels cold"}
    assert feedback["FB-2"]["status"] == "withdrawn"
    assert "FB-3" not in feedback  # nothing was logged while the project was closed

    issues = by_ref(record["issues"])
    assert (issues["IS-1"]["summary"], issues["IS-1"]["severity"]) == (
        "Site is down on mobile", "critical"
    )  # fmt: skip
    assert issues["IS-1"]["status"] == "acknowledged" and issues["IS-1"]["edited"] is True
    assert issues["IS-2"]["status"] == "withdrawn"

    bob = {m["role"]: m for m in record["members"] if m["by"] == "bob"}
    assert bob["designer"]["status"] == "designer" and bob["client"]["status"] == "removed"
    assert bob["client"]["removed_by"] == "paula" and bob["client"]["removed_at"] is not None
    assert record["bindings"] == []  # unbound at the end

    actions = {event["summary"] for event in record["audit"]}
    assert {
        "milestone.renamed", "milestone.redated", "milestone.criteria_changed",
        "milestone.cancelled", "milestone.reopened", "milestone.withdrawn",
        "project.date_order_changed", "project.renamed", "project.closed", "project.reopened",
        "project.unbound", "member.role_changed", "member.removed", "feedback.edited",
        "feedback.withdrawn", "issue.edited", "issue.withdrawn",
    } <= actions  # fmt: skip
    renamed = [e for e in record["audit"] if e["summary"] == "milestone.renamed"]
    assert renamed[0]["detail"] == {"before": "Final files", "after": "Final artwork"}
    assert all(e["by_id"] for e in record["audit"] if e["by"])


def test_the_session_answers_each_line_in_the_projects_language(signoff: Signoff) -> None:
    set_up(signoff, "shop", "zh-CN")
    said = session(signoff, "shop", SCRIPTS["zh-CN"])

    assert "M-1" in said["plan"] and "Concepts" in said["plan"]  # the duplicate is named
    assert "已关闭" in said["closed"]
    assert "Traceback" not in "".join(said.values())
