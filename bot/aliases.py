"""Chinese command words: one table from what zh-CN users type to the grammar's English words.

The scanner looks every command word up here (verbs, sub-verbs, keywords such as 截止 for
`due`, roles), so `问题 解决 IS-1` reads as `issue resolve IS-1` in every project; free text
(a title, a note, feedback) is never translated. Values (time zones, countries, severities)
have their own small tables, read by the grammar's scan helpers.
"""

from __future__ import annotations

# Top-level verbs, in the order `help` lists them. `确认` is sign-off, as studios say "请您确认".
VERBS: dict[str, str] = {
    "反馈": "feedback",
    "问题": "issue",
    "问题列表": "issues",
    "里程碑列表": "milestones",
    "里程碑": "milestone",
    "提交": "submit",
    "通过": "approve",
    "确认": "approve",
    "修改": "changes",
    "撤回": "withdraw",
    "状态": "status",
    "需求": "brief",
    "需求确认单": "brief",
    "变更": "change",
    "预算": "budget",
    "风险": "risk",
    "风险列表": "risks",
    "经验": "lesson",
    "经验列表": "lessons",
    "满意度": "csat",
    "评分": "csat",
    "提醒": "nudges",
    "成员": "member",
    "项目": "project",
    "更多": "more",
    "帮助": "help",
}

# Words after a verb: sub-verbs, keywords and roles. A word maps the same way after any verb;
# a verb where it must mean something else has its own entry in BY_VERB.
WORDS: dict[str, str] = {
    "添加": "add",
    "新增": "add",
    "新建": "create",
    "创建": "create",
    "绑定": "bind",
    "解绑": "unbind",
    "解决": "resolve",
    "重开": "reopen",
    "重新打开": "reopen",
    "受理": "ack",
    "关闭": "close",
    "结束": "close",
    "指派": "assign",
    "编辑": "edit",
    "撤回": "withdraw",
    "移除": "remove",
    "取消": "cancel",
    "重命名": "rename",
    "改名": "rename",
    "截止": "due",
    "标准": "criteria",
    "角色": "role",
    "日期": "dates",
    "列表": "list",
    "更多": "more",
    "全部": "all",
    "未解决": "open",
    "已解决": "resolved",
    "我的": "mine",
    "客户": "client",
    "时区": "timezone",
    "语言": "locale",
    # the project's read-only web page (`项目 页面 天数 7`, `项目 页面 撤销`)
    "页面": "page",
    "网页": "page",
    "撤销": "revoke",
    "天数": "days",
    # the contract's sign-off terms
    "规则": "rule",
    "审批规则": "rules",
    "阶段": "stages",
    "审批阶段": "stages",
    "轮次": "rounds",
    "修改轮次": "rounds",
    "自审": "self-approval",
    "自我审批": "self-approval",
    # a project's own risk thresholds (`项目 风险 沉默 4`)
    "沉默": "silence",
    "静默": "silence",
    # roles
    "项目经理": "pm",
    "设计师": "designer",
    "审批人": "approver",
    # nudges
    "查看": "show",
    "暂停": "pause",
    "恢复": "resume",
    "开启": "on",
    "国家": "country",
    "节假日": "holiday",
    "假日": "holiday",
    "时间": "time",
    "升级": "escalate",
    "直到": "until",
    "这里": "here",
    "私信": "direct",
    "周报": "digest",
    "截止提醒": "due_soon",
    "审核提醒": "review_waiting",
    "问题升级": "issue_overdue",
    "反馈提醒": "feedback_waiting",
    "逾期提醒": "overdue",
    "逾期": "overdue",
    "风险提醒": "risk_raised",
    "满意度提醒": "survey_waiting",
    # where satisfaction surveys are asked (`project survey dm|channel|off`)
    "问卷": "survey",
    "满意度调查": "survey",
    "频道": "channel",
    "群里": "channel",
    "风险周报": "studio_digest",
    "工作室周报": "studio_digest",
}

# Where a word means something else after one verb: nudges are switched on and off, not closed;
# `help` is followed by a verb.
BY_VERB: dict[str, dict[str, str]] = {
    "nudges": {"关闭": "off", "关": "off", "开": "on", "打开": "on"},
    # `满意度 项目 4`: the survey of the project's close
    "csat": {"项目": "project", "结项": "project"},
    # 风险 is the `risk` verb; after 项目 it names the project's risk thresholds.
    "project": {"风险": "risks", "风险阈值": "risks"},
    # 确认 is sign-off after no verb, the client's confirmation after 需求; 修改 asks for changes.
    "change": {
        "申请": "request",
        "报价": "price",
        "发送": "send",
        "接受": "accept",
        "拒绝": "decline",
        "列表": "list",
        "天数": "days",
        "价格": "price",
    },
    "risk": {
        "更新": "update",
        "共享": "share",
        "取消共享": "unshare",
        "可能性": "likelihood",
        "影响": "impact",
        "负责人": "owner",
        "应对": "mitigation",
        "应对措施": "mitigation",
    },
    "brief": {
        "确认": "confirm",
        "修改": "changes",
        "发送": "send",
        "设置": "set",
        "目标": "goal",
        "交付物": "deliverable",
        "范围外": "out-of-scope",
        "预算": "budget",
    },
    "help": VERBS,
}

# Trailing severity words of `issue TITLE SEVERITY`. 严重 is "serious": high, not critical, so
# it is never echoed back as 紧急.
SEVERITIES: dict[str, str] = {
    "低": "low",
    "轻微": "low",
    "中": "medium",
    "一般": "medium",
    "中等": "medium",
    "普通": "medium",
    "高": "high",
    "严重": "high",
    "急": "high",
    "很急": "high",
    "高优先级": "high",
    "紧急": "critical",
    "非常紧急": "critical",
    "致命": "critical",
    "p0": "critical",
}

# A risk's likelihood and impact.
LEVELS: dict[str, str] = {
    "低": "low",
    "中": "medium",
    "中等": "medium",
    "一般": "medium",
    "高": "high",
}

TIMEZONES: dict[str, str] = {"北京": "Asia/Shanghai", "北京时间": "Asia/Shanghai"}
TIMEZONES |= {"上海": "Asia/Shanghai", "香港": "Asia/Hong_Kong", "台北": "Asia/Taipei"}
COUNTRIES: dict[str, str] = {"中国": "CN", "中国大陆": "CN", "香港": "HK", "台湾": "TW"}
LOCALES: dict[str, str] = {"中文": "zh-CN", "简体中文": "zh-CN", "英文": "en", "英语": "en"}


def verb(word: str) -> str:
    """The English verb a word stands for ("反馈" → "feedback"); other words unchanged."""
    return VERBS.get(word, word)


def word(token: str, after: str = "") -> str:
    """The English grammar word for a word read after the verb `after`; others unchanged."""
    if not after:  # the verb itself is read with `verb`
        return token
    return BY_VERB.get(after, {}).get(token) or WORDS.get(token, token)


def country(value: str) -> str:
    """A country code for a country's Chinese name ("中国" → "CN"); others unchanged."""
    return COUNTRIES.get(value.strip(), value)


def with_chinese(line: str) -> str:
    """A usage line with the verb's Chinese words after it: "feedback（反馈）[M-n] …"."""
    head = line.split(" ", 1)[0].split("：", 1)[0]
    words = [zh for zh, en in VERBS.items() if en == head]
    if not words:
        return line
    return f"{head}（{'/'.join(words)}）{line[len(head) :].lstrip(' ')}"


def word_list() -> str:
    """Every Chinese word after a verb and what it stands for: "添加 add、解决 resolve…"."""
    pairs = dict(WORDS)
    for verb_words in (BY_VERB["nudges"], SEVERITIES):
        pairs.update(verb_words)
    return "、".join(f"{zh} {en}" for zh, en in pairs.items())
