"""A zh-CN project speaks Chinese as the copy review asks: its terms, its fifteen rewrites, 、 in
lists, full-width punctuation, and no English left but refs, names and codes."""

from __future__ import annotations

import re

import pytest

from bot import aliases
from bot.i18n import _catalog, fmt_duration, tr
from bot.model import Conversation, Member, Person, Platform, Role
from bot.nudges.compose import _names
from bot.policy import Policy
from bot.service import BUSY, Services
from tests.core.conftest import CHANNEL, Studio, person
from tests.fakes import FakeClock, FakeDatabase

# What may stay in Latin letters inside a Chinese reply: refs and versions, the people's names,
# the project key, and the command words a reply tells people to type.
ALLOWED = re.compile(
    r"(?:M|FB|IS)-\d+|v\d+|Paula|Dan|Cleo|chen|other"
    r"|nudges escalate chen(?: direct)?|help|approve|changes"
)
HAN = r"[\u4e00-\u9fff]"


async def chinese_studio() -> Studio:
    database, clock = FakeDatabase(), FakeClock()
    services = Services(uow=database, clock=clock, policy=Policy())
    studio = Studio(services=services, database=database, clock=clock)
    for line in [
        "项目 创建 chen “品牌升级” 客户 “陈氏集团” 时区 北京 语言 中文",
        "成员 添加 @dan 设计师",
        "成员 添加 @cleo 客户",
        "成员 添加 @赵总 审批人",
        "成员 添加 @钱经理 审批人",
    ]:
        assert (await studio.say("paula", line)).ok, line
    return studio


def english_left(text: str) -> list[str]:
    return re.findall(r"[A-Za-z]+", ALLOWED.sub("", text))


async def test_a_chinese_story_has_no_english_left_and_reads_as_reviewed() -> None:
    studio = await chinese_studio()
    said: list[str] = []

    async def say(who: str, line: str) -> str:
        text = await studio.text(who, line)
        said.append(text)
        return text

    created = await say("paula", "项目 创建 other “官网” 客户 “陈氏集团” 语言 中文")
    await say("paula", "里程碑 添加 “概念稿” 截止 12月15日 标准：三个方向；黑白稿")
    refused = await say("cleo", "提交 M-1")
    submitted = await say("dan", "提交 M-1 请看")
    studio_ok = await say("paula", "通过 M-1，工作室内部已审")
    again = await say("paula", "通过 M-1")
    feedback = await say("cleo", "反馈：第二个方向比较喜欢")
    raised = await say("cleo", "问题 登录页打不开，很急")
    acked = await say("dan", "问题 受理 IS-1，收到")
    studio.clock.advance(minutes=1)
    status = await say("paula", "状态")
    final = await say("赵总", "通过 M-1，可以")
    unknown = await say("cleo", "你好")
    extra = await say("paula", "成员 添加 @zoe 设计师 多余")
    rebound = await say("paula", "项目 绑定 other")
    escalate = await say("paula", "提醒 升级 chen")
    listed = await say("paula", "问题列表")

    assert "已创建项目“官网”（客户：陈氏集团，项目标识：other）。" in created  # 12
    assert refused == "只有项目经理或设计师可以提交里程碑供客户确认。"  # 15
    assert "待处理人：Paula" in submitted
    assert "✔ 11月27日（周五）18:00 Paula 已通过（项目经理审核）：工作室内部已审" in studio_ok  # 1
    assert "M-1 v1 已通过工作室内部审核（Paula），请赵总、钱经理审阅确认。" in studio_ok  # 4
    assert "待处理人：赵总、钱经理" in studio_ok
    assert again == "M-1 v1 已由 Paula 于 11月27日（周五）18:00 处理（已通过），无需重复操作。"  # 2
    assert feedback.splitlines()[:2] == [
        "已记录 Cleo 对 M-1 v1 的反馈 FB-1：“第二个方向比较喜欢”",  # 10
        "M-1 v1 共有 1 条反馈。",
    ]
    assert "反馈：1" in feedback.splitlines()  # the version's card, redrawn with the count
    assert raised.startswith("Cleo 提交了问题 IS-1（高）：登录页打不开。")
    assert acked == "IS-1 已由 Dan 受理。备注：收到"
    assert "M-1 v1 待客户确认（已等待 1 分钟）" in status  # 9
    assert "未解决问题：紧急 0、高 1、中 0、低 0" in status
    assert "品牌升级（陈氏集团）· 项目状态" in status
    assert "M-1 v1 已由赵总确认通过。" in final.splitlines()  # 3 (then the satisfaction survey)
    assert unknown == "无法识别命令“你好”。输入“help”查看可用命令。"  # 14
    assert extra.startswith("无法识别末尾的“多余”。")  # 14
    assert rebound == "此会话已绑定项目 chen，不能再绑定其他项目。"  # 7
    assert escalate.startswith(  # 11
        "客户也在此会话中，升级通知不宜发到这里。请在工作室内部频道输入“nudges escalate chen”，"
        "或用“nudges escalate chen direct”改为私信各位项目经理。"
    )
    assert "IS-1【高】登录页打不开｜已受理" in listed
    for text in said:
        first = text.split("\n用法：")[0]  # a usage line lists command words by design
        assert english_left(first) == [], text
        undated = re.sub(r"(?:\d+年)?\d+月\d+日", "日期", first)  # dates are written solid
        assert not re.search(f"{HAN}[A-Za-z0-9]|[A-Za-z0-9]{HAN}", undated), text
        assert " — " not in text and "。 " not in text


async def test_rounds_beyond_the_contract_say_so_in_the_reviewed_words() -> None:
    studio = await chinese_studio()
    await studio.say("paula", "里程碑 添加 概念稿 截止 12月15日")
    for _ in range(2):
        assert (await studio.say("dan", "提交 M-1")).ok
        assert (await studio.say("paula", "通过 M-1")).ok
        assert (await studio.say("钱经理", "修改 M-1 颜色再亮一点")).ok
    await studio.say("dan", "提交 M-1")
    await studio.say("paula", "通过 M-1")
    text = await studio.text("钱经理", "修改 M-1 再试一版")
    assert (  # 13
        "这是第 3 轮修改，已超出合同约定的 2 轮；M-1 已标记为“超出约定轮次”，后续修改将按变更处理。"
    ) in text


def test_the_reminders_and_the_busy_answer_read_as_reviewed() -> None:
    people = "@alex、@钱经理"
    reminder = tr(
        "zh-CN",
        "Reminder: {ref} v{version} “{name}” has waited {duration} for sign-off from {people}. "
        "Reply “approve {ref}” or “changes {ref} …”.",
        ref="M-2",
        version=1,
        name="VI 手册",
        duration="5 天",
        people=people,
    )
    assert reminder == (  # 5
        "提醒：M-2 v1“VI 手册”已等待 5 天，请 @alex、@钱经理 确认。"
        "通过请回复“approve M-2”，需修改请回复“changes M-2 修改意见”。"
    )
    escalation = tr(
        "zh-CN",
        "Escalation: {ref} v{version} “{name}” has waited {duration} for the client's sign-off "
        "after every reminder; still owed by {people}.",
        ref="M-2",
        version=1,
        name="VI 手册",
        duration="2 周",
        people=people,
    )
    assert escalation == (  # 6
        "升级提醒：M-2 v1“VI 手册”已多次提醒，客户仍未确认（已等待 2 周）。"
        "尚未确认：@alex、@钱经理。"
    )
    assert tr("zh-CN", BUSY) == "系统繁忙，本次操作未保存，请稍后重试。"  # 8


def test_mentions_are_listed_with_the_chinese_comma() -> None:
    members = [
        Member(
            project_id=1,
            person=Person(id=0, identity=person(n), display_name=n),
            role=Role.APPROVER,
        )
        for n in ("alex", "钱经理")
    ]
    assert _names(members, "zh-CN") == "@alex、@钱经理"
    assert _names(members, "en") == "@alex, @钱经理"


@pytest.mark.parametrize(
    ("seconds", "shown"), [(0, "刚刚"), (59, "刚刚"), (60, "1 分钟"), (3 * 86400, "3 天")]
)
def test_durations_in_chinese(seconds: int, shown: str) -> None:
    from datetime import timedelta

    assert fmt_duration("zh-CN", timedelta(seconds=seconds)) == shown


def test_chinese_templates_leave_spacing_to_the_renderer_and_use_full_width_punctuation() -> None:
    for english, chinese in _catalog("zh-CN").items():
        outside_quotes = re.sub(r"“[^”]*”", "", chinese)
        # spaced when rendered; a command to type, in quotes, keeps its own spaces
        assert not re.search(rf"{HAN} \{{|\}} {HAN}", outside_quotes), english
        assert " — " not in chinese and "。 " not in chinese, english
        # Full-width marks carry their own space: "a｜b", never "a ｜ b" (a command to type,
        # in quotes, is spaced as typed).
        unquoted = re.sub(r" ?“[^”]*”", "", chinese)
        assert not re.search(r" [｜：；，。（]|[｜：；，。）] ", unquoted), english
        assert not re.search(rf"{HAN}[:;,!?] |{HAN}\(|\){HAN}", outside_quotes), english
        assert not re.search(
            "签核|签批|签署|批准|提出|超出额度|到期|分配|每周进度|对话|你", chinese
        )


async def test_zh_help_lists_the_chinese_command_words() -> None:
    studio = await chinese_studio()
    text = await studio.text("paula", "帮助")
    for word in aliases.VERBS:
        if aliases.VERBS[word] in ("withdraw", "more"):
            continue  # verbs of other commands; the table maps words, not commands
        assert word in text, word
    for word in ("解决", "受理", "指派", "截止", "项目经理", "严重", "周报"):
        assert word in text, word
    lines = text.splitlines()
    # The verb's Chinese words in brackets right after it, whether a space or "：" follows it.
    for line in [
        "• feedback（反馈）[M-n] 内容：记录反馈；写上里程碑编号则记在该里程碑下",
        "• approve（通过/确认）M-n [备注]：通过里程碑",
        "• status（状态）：查看项目状态",
        "• issue（问题）[M-n] 标题 [低|中|高|紧急]：提交问题（默认为“中”）",
    ]:
        assert line in lines, line


async def test_english_help_does_not_list_chinese_words(studio: Studio) -> None:
    assert "反馈" not in await studio.text("paula", "help")


def test_where_the_bot_cannot_post_is_said_in_words() -> None:
    from bot.labels import delivery_problem, place

    assert place("zh-CN", CHANNEL) == "Slack 频道 C-acme"
    teams = Conversation(platform=Platform.TEAMS, tenant="t", channel="19:x")
    assert place("zh-CN", teams) == "Teams 会话 19:x"
    assert delivery_problem("zh-CN", "not_in_channel") == "应用不在该频道中"
    assert delivery_problem("zh-CN", "403 BotDisabledByAdmin") == "应用已被移除或屏蔽"
    assert "no conversation" not in delivery_problem(
        "zh-CN", "no conversation reference: the app was never installed there"
    )
