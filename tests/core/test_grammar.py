"""The command grammar: what each line typed in Slack or Teams turns into."""

from __future__ import annotations

import pytest

from bot.commands import (
    AddMember,
    AddMilestone,
    AssignIssue,
    BindConversation,
    CancelMilestone,
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
    RedateMilestone,
    RenameMilestone,
    ReopenMilestone,
    SetMilestoneCriteria,
    ShowMilestone,
    ShowStatus,
    SubmitMilestone,
    Unparsed,
    WithdrawVersion,
)
from bot.grammar import USAGE, VERBS, parse, usage
from bot.i18n import tr
from bot.model import DecisionKind, Role, Severity
from bot.record_commands import (
    EditFeedback,
    EditIssue,
    ListFeedback,
    ShowFeedback,
    ShowIssue,
    ShowMore,
    WithdrawFeedback,
    WithdrawIssue,
)

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
    ("feedback resolve FB-12 in v3", ChangeFeedback(number=12, action=FbAct.RESOLVE, note="in v3")),
    ("feedback m-dash looks odd", Fb(text="m-dash looks odd")),
    ("feedback FB-3 is still not fixed", Fb(text="FB-3 is still not fixed")),
    # feedback: look, list, correct
    ("feedback", ListFeedback()),
    ("feedback FB-3", ShowFeedback(number=3)),
    ("FB-3", ShowFeedback(number=3)),
    ("fb-3：", ShowFeedback(number=3)),
    ("feedback list", ListFeedback()),
    ("feedback LIST all M-2", ListFeedback(state="all", milestone=2)),
    ("feedback list M-2 resolved", ListFeedback(state="resolved", milestone=2)),
    ("feedback edit FB-3 too dark", EditFeedback(number=3, text="too dark")),
    ("feedback withdraw FB-3", WithdrawFeedback(number=3)),
    ("feedback withdraw fb3 posted twice", WithdrawFeedback(number=3, note="posted twice")),
    ("feedback resolve #12", ChangeFeedback(number=12, action=FbAct.RESOLVE)),
    ("feedback reopen 12，太暗", ChangeFeedback(number=12, action=FbAct.REOPEN, note="太暗")),
    ("Feedback REOPEN fb-4", ChangeFeedback(number=4, action=FbAct.REOPEN)),
    # issues
    ("issue", OpenIssueForm()),
    ("issues", ListIssues()),
    ("issues all mine", ListIssues(state="all", mine=True)),
    ("issues MINE closed", ListIssues(state="closed", mine=True)),
    ("issue list closed", ListIssues(state="closed")),
    ("issue IS-1", ShowIssue(number=1)),
    ("IS-1", ShowIssue(number=1)),
    ("more", ShowMore()),
    ("issue ack IS9", ChangeIssue(number=9, action=IsAct.ACK)),
    ("issue ack #9", ChangeIssue(number=9, action=IsAct.ACK)),
    ("issue ack ＃9", ChangeIssue(number=9, action=IsAct.ACK)),
    ("issue ack 9", ChangeIssue(number=9, action=IsAct.ACK)),
    ("issue ack IS-9，收到", ChangeIssue(number=9, action=IsAct.ACK, note="收到")),
    ("issue edit IS-4 Login page is blank high",
     EditIssue(number=4, title="Login page is blank", severity=Severity.HIGH)),
    ("issue edit IS-4 Login page is blank", EditIssue(number=4, title="Login page is blank")),
    ("issue edit IS-4 紧急", EditIssue(number=4, severity=Severity.CRITICAL)),
    ("issue withdraw IS-4 duplicate of IS-2", WithdrawIssue(number=4, note="duplicate of IS-2")),
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
    ("milestone", ListMilestones()),
    ("milestone M-2", ShowMilestone(number=2)),
    ("M-2", ShowMilestone(number=2)),
    ("m-2：", ShowMilestone(number=2)),
    ('milestone rename M-2 "Final files"', RenameMilestone(number=2, name="Final files")),
    ("milestone rename M-2 终稿 源文件", RenameMilestone(number=2, name="终稿 源文件")),
    ("milestone due M-2 next friday", RedateMilestone(number=2, due="next friday")),
    ("milestone criteria M-2 three routes; 配色；mockups",
     SetMilestoneCriteria(number=2, criteria=("three routes", "配色", "mockups"))),
    ("milestone criteria M-2 标准：一个方向",
     SetMilestoneCriteria(number=2, criteria=("一个方向",))),
    ("milestone cancel M-2", CancelMilestone(number=2)),
    ("milestone cancel M-2 client paused the project",
     CancelMilestone(number=2, reason="client paused the project")),
    ("milestone reopen M-2", ReopenMilestone(number=2)),
    ("withdraw M-2", WithdrawVersion(number=2)),
    ("withdraw M-2@v3", WithdrawVersion(number=2, version=3)),
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
MILESTONE_ACTIONS = "add|rename|due|criteria|rounds|cancel|reopen"

REFUSED = [
    ("frobnicate the logo", "frobnicate", "Unknown command “frobnicate”."),
    ("help nonsense", "help", "Unknown command “nonsense”."),
    ("status please", "status", "I did not understand “please” at the end."),
    ("feedback M-3", "feedback", "Say what the feedback is."),
    ("feedback M-0 hi", "feedback", f"The number in “M-0” {RANGE}"),
    ("feedback IS-3", "feedback", "“IS-3” is not a reference like FB-12."),
    ("feedback resolve IS-3", "feedback resolve", "“IS-3” is not a reference like FB-12."),
    ("feedback resolve", "feedback resolve", "Add a reference like FB-12."),
    ("feedback resolve the logo", "feedback resolve", "“the” is not a reference like FB-12."),
    ("feedback reopen", "feedback reopen", "Add a reference like FB-12."),
    ("feedback list of colours", "feedback list", "After “feedback list”, use one of: "
     "open | resolved | all | M-n."),
    ("feedback edit FB-3", "feedback edit", "Say what the feedback should say instead."),
    ("feedback edit", "feedback edit", "Add a reference like FB-12."),
    ("feedback withdraw", "feedback withdraw", "Add a reference like FB-12."),
    ("feedback resolv FB-3", "feedback", "“resolv” is not a word I know after “feedback”."),
    ("issue high", "issue", "Give the issue a title."),
    ("issue M-2", "issue", "Give the issue a title."),
    ("issue FB-3", "issue", "“FB-3” is not a reference like IS-4."),
    ("issue ack", "issue ack", "Add a reference like IS-4."),
    ("issue ack IS-x1", "issue ack", "“IS-x1” is not a reference like IS-4."),
    ("issue ack FB9", "issue ack", "“FB9” is not a reference like IS-4."),
    ("issue ack IS-3@v2", "issue ack", "“IS-3@v2” is not a reference like IS-4."),
    ("issue ack #0", "issue ack", "The number in “#0” must be between 1 and 999999999."),
    ("issue close IS-99999999999", "issue close", f"The number in “IS-99999999999” {RANGE}"),
    ("issue resolve", "issue resolve", "Add a reference like IS-4."),
    ("issue reopen", "issue reopen", "Add a reference like IS-4."),
    ("issue assign IS-4", "issue assign", "Say who, like @alice."),
    ("issue assign IS-4 @bob today", "issue assign", "I did not understand “today” at the end."),
    ("issue edit IS-4", "issue edit", "Say the new title, a severity, or both."),
    ("issue withdraw", "issue withdraw", "Add a reference like IS-4."),
    ("issue resolv IS-1 fixed", "issue", "“resolv” is not a word I know after “issue”."),
    ("issues everything", "issues", "After “issues”, use one of: open | closed | all | mine."),
    ("IS-1 please", "is-1", "I did not understand “please” at the end."),
    ("more please", "more", "I did not understand “please” at the end."),
    ("milestone remove M-1", "milestone", f"After “milestone”, use one of: {MILESTONE_ACTIONS}."),
    ("milestone M-1 now", "milestone", "I did not understand “now” at the end."),
    ("milestone rename M-1", "milestone", 'Give the milestone a name, like "Concepts".'),
    ("milestone rename Concepts", "milestone", "“Concepts” is not a reference like M-3."),
    ("milestone due M-1", "milestone", "Say the new due date, like: milestone due M-2 2026-12-15."),
    ("milestone criteria M-1 ;", "milestone",
     "List the criteria, separated by semicolons: a; b; c."),
    ("milestone reopen M-1 please", "milestone", "I did not understand “please” at the end."),
    ("withdraw", "withdraw", "Add a reference like M-3."),
    ("withdraw IS-1", "withdraw", "“IS-1” is not a reference like M-3."),
    ("M-2 looks good", "milestone", "I did not understand “looks good” at the end."),
    ("M-0", "milestone", f"The number in “M-0” {RANGE}"),
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
    ("project", "project", "After “project”, use one of: "
     "create|bind|unbind|close|reopen|rename|dates|rules|stages|rule|rounds|self-approval|risks"
     "|page|survey."),
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


def test_a_sub_command_refusal_shows_that_sub_command_s_usage() -> None:
    for line in ["issue ack", "issue assign IS-1", "feedback edit FB-2", "feedback list x"]:
        command = parse(line)
        assert isinstance(command, Unparsed)
        assert usage(command.verb).startswith(command.verb)
        assert tr("zh-CN", usage(command.verb)) != usage(command.verb)


def test_every_verb_help_lists_is_one_the_grammar_reads() -> None:
    for verb in VERBS:
        assert not (isinstance(parse(verb), Unparsed) and parse(verb).reason.startswith("Unknown"))


def test_an_unknown_word_is_echoed_whole_up_to_thirty_characters_then_cut() -> None:
    for typed, shown in [("x" * 30, "x" * 30), ("y" * 31, "y" * 29 + "…")]:
        assert parse(typed) == Unparsed(
            verb=shown, reason="Unknown command “{verb}”.", params=(("verb", shown),)
        )


def test_a_wrong_word_is_echoed_cut_at_forty_characters() -> None:
    assert parse("member add @erin " + "r" * 41) == Unparsed(
        verb="member",
        reason="“{role}” is not a role; use pm, designer, client or approver.",
        params=(("role", "r" * 39 + "…"),),
    )


def test_the_choices_named_after_a_wrong_word_are_never_cut() -> None:
    kinds = (
        "digest | due_soon | review_waiting | issue_overdue | feedback_waiting | overdue"
        " | risk_raised | survey_waiting | studio_digest"
    )
    assert parse("nudges off everything") == Unparsed(
        verb="nudges", reason="After “{verb}”, use one of: {choices}.",
        params=(("verb", "nudges off"), ("choices", kinds)),
    )  # fmt: skip
