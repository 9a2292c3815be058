"""Chinese command words, roles, severities and glued punctuation parse as their English forms."""

from __future__ import annotations

import pytest

from bot import aliases
from bot import commands as c
from bot.grammar import parse
from bot.model import Role, Severity
from bot.nudges import commands as n
from tests.core.conftest import make_studio

# (Chinese line, the English line it means)
SAME_AS = [
    ("帮助", "help"),
    ("帮助 反馈", "help feedback"),
    ("状态", "status"),
    ("反馈 M-1 第二个方向比较喜欢", "feedback M-1 第二个方向比较喜欢"),
    ("反馈 解决 FB-2 已改", "feedback resolve FB-2 已改"),
    ("反馈 重开 FB-2", "feedback reopen FB-2"),
    ("问题 登录页打不开", "issue 登录页打不开"),
    ("问题", "issue"),
    ("问题 受理 IS-9 收到", "issue ack IS-9 收到"),
    ("问题 解决 IS-1", "issue resolve IS-1"),
    ("issue 解决 IS-1", "issue resolve IS-1"),  # the review's misread: it opened a new issue
    ("问题 关闭 IS-1", "issue close IS-1"),
    ("问题 重开 IS-1", "issue reopen IS-1"),
    ("问题 指派 IS-1 @dan", "issue assign IS-1 @dan"),
    ("问题列表", "issues"),
    ("里程碑列表", "milestones"),
    ("里程碑 添加 “概念稿” 截止 下周五", 'milestone add "概念稿" due 下周五'),
    ("里程碑 添加 概念稿 截止 下周五 标准：三个方向；黑白稿",
     "milestone add 概念稿 due 下周五 criteria: 三个方向；黑白稿"),
    ("提交 M-1 请看", "submit M-1 请看"),
    ("通过 M-1", "approve M-1"),
    ("确认 M-1@v2 可以", "approve M-1@v2 可以"),
    ("修改 M-1 颜色再亮一点", "changes M-1 颜色再亮一点"),
    ("成员 添加 @zoe 设计师", "member add @zoe designer"),
    ("成员 添加 @zoe 项目经理", "member add @zoe pm"),
    ("成员 添加 @zoe 客户", "member add @zoe client"),
    ("成员 添加 @zoe 审批人", "member add @zoe approver"),
    ("成员 角色 @zoe 设计师、客户", "member role @zoe designer, client"),
    ("项目 绑定 acme", "project bind acme"),
    ("项目 创建 acme “品牌升级” 客户 “陈氏集团” 时区 北京 语言 中文",
     'project create acme "品牌升级" client "陈氏集团" timezone Asia/Shanghai locale zh-CN'),
    ("提醒", "nudges"),
    ("提醒 查看", "nudges show"),
    ("提醒 暂停", "nudges pause"),
    ("提醒 暂停 直到 12月15日", "nudges pause until 12月15日"),
    ("提醒 恢复", "nudges resume"),
    ("提醒 关闭 周报", "nudges off digest"),
    ("提醒 开启 截止提醒", "nudges on due_soon"),
    ("提醒 国家 中国", "nudges country CN"),
    ("提醒 节假日 12月24日", "nudges holiday 12月24日"),
    ("提醒 时间 周报 周五 17:00", "nudges time digest 周五 17:00"),
    ("提醒 升级 acme 私信", "nudges escalate acme direct"),
    # Full-width punctuation glued to a word ends it.
    ("feedback M-1：第二个方向比较喜欢", "feedback M-1 第二个方向比较喜欢"),
    ("approve M-7，可以", "approve M-7 可以"),
    ("issue ack IS-9，收到", "issue ack IS-9 收到"),
    ("feedback：第二个方向比较喜欢", "feedback 第二个方向比较喜欢"),
    ("milestone add 概念稿 due：下周五", "milestone add 概念稿 due 下周五"),
    ("里程碑 添加 概念稿，截止：下周五", "milestone add 概念稿 due 下周五"),
    ("问题：受理 IS-9。", "issue ack IS-9"),
]  # fmt: skip


@pytest.mark.parametrize(("chinese", "english"), SAME_AS)
def test_a_chinese_line_parses_as_its_english_form(chinese: str, english: str) -> None:
    assert parse(chinese) == parse(english)
    assert not isinstance(parse(chinese), c.Unparsed)


SEVERITIES = [
    ("一般", Severity.MEDIUM), ("中等", Severity.MEDIUM), ("普通", Severity.MEDIUM),
    ("轻微", Severity.LOW), ("低", Severity.LOW), ("高", Severity.HIGH),
    ("急", Severity.HIGH), ("很急", Severity.HIGH), ("高优先级", Severity.HIGH),
    ("严重", Severity.HIGH), ("紧急", Severity.CRITICAL), ("非常紧急", Severity.CRITICAL),
    ("致命", Severity.CRITICAL), ("P0", Severity.CRITICAL), ("（高）", Severity.HIGH),
]  # fmt: skip


@pytest.mark.parametrize(("word", "severity"), SEVERITIES)
def test_a_severity_word_sets_the_severity_and_leaves_the_title(word, severity) -> None:
    assert parse(f"issue 登录页打不开 {word}") == c.RaiseIssue(
        title="登录页打不开", severity=severity
    )


def test_severity_after_a_comma_or_in_brackets_and_not_inside_a_word() -> None:
    assert parse("问题 登录页打不开，很急").severity is Severity.HIGH
    assert parse("问题 页面打不开（高）") == c.RaiseIssue(
        title="页面打不开", severity=Severity.HIGH
    )
    assert parse("issue logo looks off (low)").severity is Severity.LOW
    plain = parse("问题 按钮对比度太高")
    assert plain == c.RaiseIssue(title="按钮对比度太高", severity=Severity.MEDIUM)


def test_serious_is_high_not_critical() -> None:
    """严重 is not echoed back as 紧急 (critical)."""
    assert parse("issue 首页白屏 严重").severity is Severity.HIGH


def test_a_chinese_word_in_free_text_stays_as_typed() -> None:
    assert parse("反馈 关闭 按钮太小") == c.LogFeedback(text="关闭 按钮太小")
    assert parse("问题 关闭按钮没反应") == c.RaiseIssue(
        title="关闭按钮没反应", severity=Severity.MEDIUM
    )
    assert parse("修改 M-1 截止 日期 改成周五").note == "截止 日期 改成周五"


def test_roles_by_chinese_name() -> None:
    for word, role in [("项目经理", Role.PM), ("设计师", Role.DESIGNER), ("客户", Role.CLIENT)]:
        assert parse(f"成员 添加 @zoe {word}") == c.AddMember(user="zoe", role=role)


def test_an_unknown_chinese_verb_is_echoed_as_typed() -> None:
    unparsed = parse("你好 世界")
    assert isinstance(unparsed, c.Unparsed)
    assert dict(unparsed.params) == {"verb": "你好"}


def test_a_chinese_verb_for_a_verb_not_here_is_echoed_as_typed() -> None:
    """The alias layer maps words; a verb no parser knows is unknown under the word typed."""
    unparsed = parse("客户 你好")
    assert dict(unparsed.params) == {"verb": "客户"}


def test_nudges_switch_off_with_guan_bi_while_issues_close_with_it() -> None:
    assert parse("提醒 关闭 周报") == n.SwitchNudge(kind=n.NudgeKind.DIGEST, enabled=False)
    assert parse("问题 关闭 IS-3") == c.ChangeIssue(number=3, action=c.IssueAction.CLOSE)


def test_every_alias_names_a_grammar_word() -> None:
    """The table's targets are English grammar words, never Chinese."""
    for table in (aliases.VERBS, aliases.WORDS, *aliases.BY_VERB.values(), aliases.SEVERITIES):
        assert all(value.isascii() for value in table.values())


async def test_a_role_can_be_named_in_chinese() -> None:
    studio = await make_studio()
    assert await studio.text("paula", "member add @erin 设计师") == "erin is now designer on acme."
