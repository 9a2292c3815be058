"""The command grammar: what each line typed in Slack or Teams turns into."""

from __future__ import annotations

import pytest

from bot.commands import (
    AddMember,
    AddMilestone,
    AssignIssue,
    BindConversation,
    ChangeFeedback,
    ChangeIssue,
    Command,
    CreateProject,
    DecideMilestone,
    FeedbackAction,
    Help,
    IssueAction,
    ListIssues,
    ListMilestones,
    LogFeedback,
    OpenIssueForm,
    RaiseIssue,
    ShowStatus,
    SubmitMilestone,
    Unparsed,
)
from bot.grammar import USAGE, VERBS, parse, usage
from bot.i18n import tr
from bot.model import DecisionKind, Role, Severity

APPROVE, CHANGES = DecisionKind.APPROVE, DecisionKind.CHANGES
Fb, FbAct, Is, IsAct = LogFeedback, FeedbackAction, RaiseIssue, IssueAction
Add, Decide = AddMilestone, DecideMilestone

READ = [
    ("help", Help()),
    ("", Help()),
    ("HELP Feedback", Help(topic="feedback")),
    ("status", ShowStatus()),
    ("Status", ShowStatus()),
    # feedback: free text is kept exactly, apostrophes, quotes, newlines and emoji included
    ("feedback The logo's too small", Fb(text="The logo's too small")),
    ('feedback M-3 make it "pop" 🎨\nand more', Fb(text='make it "pop" 🎨\nand more', milestone=3)),
    ("feedback m-3: 字体太小了", Fb(text="字体太小了", milestone=3)),
    ("feedback resolve the logo colour", Fb(text="resolve the logo colour")),
    ("feedback resolve FB-12 in v3", ChangeFeedback(number=12, action=FbAct.RESOLVE, note="in v3")),
    ("Feedback REOPEN fb-4", ChangeFeedback(number=4, action=FbAct.REOPEN)),
    # issues
    ("issue", OpenIssueForm()),
    ("issues", ListIssues()),
    ("issue Login page is blank", Is(title="Login page is blank")),
    ("issue Login is blank CRITICAL", Is(title="Login is blank", severity=Severity.CRITICAL)),
    ("issue fonts missing low", Is(title="fonts missing", severity=Severity.LOW)),
    ("issue high high", Is(title="high", severity=Severity.HIGH)),
    ("issue M-2 页面空白 紧急", Is(title="页面空白", severity=Severity.CRITICAL, milestone=2)),
    ("issue ack IS-4", ChangeIssue(number=4, action=IsAct.ACK)),
    ("issue resolve is-4 fixed", ChangeIssue(number=4, action=IsAct.RESOLVE, note="fixed")),
    ("issue close IS-4", ChangeIssue(number=4, action=IsAct.CLOSE)),
    ("issue reopen IS-4 still bad", ChangeIssue(number=4, action=IsAct.REOPEN, note="still bad")),
    ("issue assign IS-4 @U123ABC", AssignIssue(number=4, user="U123ABC")),
    ("issue assign IS-4 @alice", AssignIssue(number=4, user="alice")),
    ("issue assign IS-4 ＠alice", AssignIssue(number=4, user="alice")),
    ("issue assign IS-4 <@U999|dan>", AssignIssue(number=4, user="U999")),
    # milestones
    ("milestones", ListMilestones()),
    ('milestone add "Concepts" due next friday', Add(name="Concepts", due="next friday")),
    ('milestone add "R1" due 2026-12-15 criteria: routes; colour;  ; mockups',
     Add(name="R1", due="2026-12-15", criteria=("routes", "colour", "mockups"))),
    ("milestone add “概念稿” due 下周五 标准：三个方向；配色",
     Add(name="概念稿", due="下周五", criteria=("三个方向", "配色"))),
    ("milestone add 「终稿」 due 12月15日 criteria：源文件",
     Add(name="终稿", due="12月15日", criteria=("源文件",))),
    ("milestone add Final files due in 2 weeks", Add(name="Final files", due="in 2 weeks")),
    ("submit M-3", SubmitMilestone(number=3)),
    ("submit M-3 ready, see Figma", SubmitMilestone(number=3, note="ready, see Figma")),
    ("approve M-3", Decide(number=3, kind=APPROVE)),
    ("approve m-3@v2 lovely work", Decide(number=3, kind=APPROVE, note="lovely work", version=2)),
    ("changes M-3 bigger logo", Decide(number=3, kind=CHANGES, note="bigger logo")),
    ("changes M-3@V2 更大一点", Decide(number=3, kind=CHANGES, note="更大一点", version=2)),
    # members and projects
    ("member add @U123 PM", AddMember(user="U123", role=Role.PM)),
    ("member add @alice approver", AddMember(user="alice", role=Role.APPROVER)),
    ('project create ACME-web "Acme website" client "Acme Inc"',
     CreateProject(key="acme-web", name="Acme website", client="Acme Inc")),
    ("project create acme “Acme 官网” client 「Acme 公司」 timezone asia/shanghai locale zh_CN",
     CreateProject(key="acme", name="Acme 官网", client="Acme 公司", timezone="Asia/Shanghai",
                   locale="zh-CN")),
    ("project create acme Acme rebrand client Acme Co. locale en timezone Europe/Berlin",
     CreateProject(key="acme", name="Acme rebrand", client="Acme Co.", timezone="Europe/Berlin",
                   locale="en")),
    ("project bind Acme", BindConversation(key="acme")),
    # Unicode spacing and stray control characters do not change the meaning
    ("\u3000approve\u3000M-3\u00a0ok", Decide(number=3, kind=APPROVE, note="ok")),
    ("submit\tM-3\r\nnote\x00", SubmitMilestone(number=3, note="note")),
]  # fmt: skip


@pytest.mark.parametrize(("text", "command"), READ, ids=[t[:40] for t, _ in READ])
def test_a_well_formed_line_becomes_its_command(text: str, command: Command) -> None:
    assert parse(text) == command


KEY_RULE = "use 2–40 lowercase letters, digits or hyphens, starting with a letter."
RANGE = "must be between 1 and 999999999."
ROLES = "pm, designer, client or approver."
DUE = "Say when it is due, like: due 2026-12-15."

REFUSED = [
    ("frobnicate the logo", "frobnicate", "Unknown command “frobnicate”."),
    ("help nonsense", "help", "Unknown command “nonsense”."),
    ("status please", "status", "I did not understand “please” at the end."),
    ("feedback", "feedback", "Say what the feedback is."),
    ("feedback M-3", "feedback", "Say what the feedback is."),
    ("feedback M-0 hi", "feedback", f"The number in “M-0” {RANGE}"),
    ("feedback resolve IS-3", "feedback", "“IS-3” is not a reference like FB-12."),
    ("issue high", "issue", "Give the issue a title."),
    ("issue M-2", "issue", "Give the issue a title."),
    ("issue ack IS-x1", "issue", "“IS-x1” is not a reference like IS-4."),
    ("issue close IS-99999999999", "issue", f"The number in “IS-99999999999” {RANGE}"),
    ("issue assign IS-4", "issue", "Say who, like @alice."),
    ("issue assign IS-4 @bob today", "issue", "I did not understand “today” at the end."),
    ("milestone", "milestone", "After “milestone”, use one of: add."),
    ("milestone remove M-1", "milestone", "After “milestone”, use one of: add."),
    ('milestone add "Concepts"', "milestone", DUE),
    ('milestone add "Concepts" due criteria: a', "milestone", DUE),
    ('milestone add "Concepts due friday', "milestone", "A quotation mark is not closed."),
    ("milestone add due friday", "milestone", 'Give the milestone a name, like "Concepts".'),
    ("submit", "submit", "Add a reference like M-3."),
    ("submit FB-3", "submit", "“FB-3” is not a reference like M-3."),
    ("submit M-3@v2", "submit", "“M-3@v2” is not a reference like M-3."),
    ("approve M-1234567890", "approve", f"The number in “M-1234567890” {RANGE}"),
    ("approve M-3@v0", "approve", f"The number in “M-3@v0” {RANGE}"),
    ("changes M-3", "changes", "Say what needs to change."),
    ("changes M-3@v2", "changes", "Say what needs to change."),
    ("member add @alice", "member", f"Say which role: {ROLES}"),
    ("member add @alice boss", "member", f"“boss” is not a role; use {ROLES}"),
    ("member add", "member", "Say who, like @alice."),
    ("project", "project", "After “project”, use one of: create|bind|unbind|close|reopen|rename."),
    ("member", "member", "After “member”, use one of: add|remove|role."),
    ("member role @zoe", "member", "Say which role: pm, designer, client or approver."),
    ("member role @zoe pm, boss", "member", "“boss” is not a role; use pm, designer, client "
     "or approver."),
    ("project rename", "project", 'Give the new name, like: project rename "Acme website".'),
    ("project bind", "project", "Give the project a key, like acme-web."),
    ("project bind 1acme", "project", f"“1acme” is not a valid project key: {KEY_RULE}"),
    ("project bind a", "project", f"“a” is not a valid project key: {KEY_RULE}"),
    ('project create acme client "X"', "project", 'Give the project a name, like "Acme website".'),
    ('project create acme "Acme"', "project", 'Name the client, like: client "Acme Inc".'),
    ('project create acme "A" client "B" timezone Mars/Olympus', "project",
     "“Mars/Olympus” is not a time zone; use a name like Europe/Berlin."),
    ('project create acme "A" client "B" locale fr', "project",
     "“fr” is not a supported language; use en or zh-CN."),
    ('project create acme "A" client "B" timezone', "project", "Give a value after “timezone”."),
]  # fmt: skip


@pytest.mark.parametrize(("text", "verb", "said"), REFUSED, ids=[t[:40] for t, _, _ in REFUSED])
def test_a_malformed_line_is_refused_with_its_verb_and_what_is_wrong(
    text: str, verb: str, said: str
) -> None:
    command = parse(text)
    assert isinstance(command, Unparsed)
    assert command.verb == verb
    assert tr("en", command.reason, **dict(command.params)) == said


def test_what_the_user_typed_is_echoed_back_shortened() -> None:
    command = parse("x" * 5000)
    assert isinstance(command, Unparsed)
    assert len(tr("en", command.reason, **dict(command.params))) < 60


def test_refusals_read_in_chinese() -> None:
    command = parse("member add @alice boss")
    assert isinstance(command, Unparsed)
    said = tr("zh-CN", command.reason, **dict(command.params))
    assert "boss" in said
    assert "角色" in said


def test_every_verb_has_a_usage_line_in_both_languages() -> None:
    assert set(VERBS) == set(USAGE)
    for verb in VERBS:
        assert usage(verb).startswith(verb)
        assert usage(verb.upper()) == usage(verb)
        assert tr("zh-CN", usage(verb)) != usage(verb)
        assert tr("zh-CN", usage(verb)).startswith(verb)  # command words stay as typed
    assert usage("frobnicate") == ""


def test_every_verb_help_lists_is_one_the_grammar_reads() -> None:
    for verb in VERBS:
        assert not (isinstance(parse(verb), Unparsed) and parse(verb).reason.startswith("Unknown"))
