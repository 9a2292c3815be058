"""Who may do what: every verb, sub-verb, card button and sign-off stage the grammar knows, run
through `handle` by each kind of person, allowed or refused as the table below says.

The table is written out here, not read from bot.access: a change to who may do what has to be
made twice, once on purpose in each place. The list of verbs is read from the grammar, so a new
verb or sub-verb fails this test until it has a row.
"""

from __future__ import annotations

import copy
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bot import brief_commands as b
from bot import commands as c
from bot import grammar_brief, grammar_changes, grammar_milestones, grammar_records, grammar_risks
from bot.actions import decision_kind, decode
from bot.commands import Command
from bot.grammar import VERBS, parse
from bot.grammar_projects import MEMBER_ACTIONS, PROJECT_ACTIONS
from bot.invocation import Invocation
from bot.model import Conversation, DecisionKind, Role, Stage
from bot.nudges.grammar import NUDGE_ACTIONS
from bot.pages import PageSite
from bot.policy import Policy
from bot.service import HANDLERS, Result, Services, handle
from bot.survey_commands import OpenSurveyForm
from tests.core.conftest import CHANNEL, Studio, make_studio, person
from tests.fakes import FakeClock, FakeDatabase

# The columns, and who plays each. "other" is a PM of another project; "author" made the record
# the line names (rita, a client, wrote FB-1 and raised IS-1; dora, a designer, submitted M-1's
# version); on a line that names no record of theirs rita is a plain client.
PARTIES = ("pm", "designer", "client", "approver", "stranger", "other", "author")
PLAYED_BY = {"pm": "paula", "designer": "dan", "client": "cleo", "approver": "ava",
             "stranger": "sam", "other": "olga"}  # fmt: skip
ALL = "yyyyyyy"
PM = "y------"

# Where a line is typed: the project's channel, a channel bound to nothing yet, the studio's own.
WHERE = {
    "acme": CHANNEL,
    "new": Conversation(platform=CHANNEL.platform, tenant=CHANNEL.tenant, channel="C-new"),
    "studio": Conversation(platform=CHANNEL.platform, tenant=CHANNEL.tenant, channel="C-studio"),
}
BRIEF_LOGO = 'brief add deliverable "Logo" due 2027-01-20'
CR_PRICED = 'change request "Extra banner" price 800 EUR days 2 M-1'
# The state a line runs in: what was said before it, by whom.
SETUPS: dict[str, list[tuple[str, str]]] = {
    "": [],
    "fb": [("rita", "feedback the logo is too small")],
    "fb resolved": [("rita", "feedback the logo is too small"), ("paula", "feedback resolve FB-1")],
    "is": [("rita", "issue Site is down high")],
    "is closed": [("rita", "issue Site is down high"), ("paula", "issue close IS-1")],
    "review pm": [("dora", "submit M-1")],
    "review client": [("dora", "submit M-1"), ("paula", "approve M-1")],
    "cancelled": [("paula", "milestone cancel M-1")],
    "paused": [("paula", "nudges pause")],
    "closed": [("paula", "project close")],
    "brief": [("paula", "brief set goal A brand"), ("paula", BRIEF_LOGO)],
    "brief sent": [
        ("paula", "brief set goal A brand"),
        ("paula", BRIEF_LOGO),
        ("paula", "brief send"),
    ],
    "cr": [("paula", CR_PRICED)],
    "cr client": [("rita", 'change request "Extra banner"')],
    "cr sent": [("paula", CR_PRICED), ("paula", "change send CR-1")],
    "rk": [("paula", 'risk add "Late feedback" likelihood high')],
    "rk closed": [("paula", 'risk add "Late feedback"'), ("paula", "risk close RK-1")],
    "rk shared": [("paula", 'risk add "Late feedback"'), ("paula", "risk share RK-1")],
    "csat": [("dora", "submit M-1"), ("paula", "approve M-1"), ("ava", "approve M-1")],
    "csat closed": [("paula", "project close")],
}


@dataclass(frozen=True)
class Row:
    key: str  # what it exercises: a grammar form, or a decision at a stage
    setup: str
    line: str  # typed; "card approve" / "card changes": the button on the version's card
    allowed: str  # one y/- per PARTIES column
    where: str = "acme"
    author: str = "rita"
    command: Command | None = field(default=None, compare=False)  # made by a surface, not typed


ROWS = [
    Row("help", "", "help", ALL),
    Row("status", "", "status", ALL),
    Row("more", "", "more", ALL),
    # feedback
    Row("feedback", "", "feedback the logo is too small", ALL),
    Row("feedback (shortcut)", "", "", ALL,
        command=c.LogFeedback(text="make it pop", author=person("cleo"), author_name="Cleo")),
    Row("feedback list", "fb", "feedback list", ALL),
    Row("feedback (list)", "fb", "feedback", ALL),
    Row("feedback FB-n", "fb", "feedback FB-1", ALL),
    Row("FB-n", "fb", "FB-1", ALL),
    Row("feedback resolve", "fb", "feedback resolve FB-1 done", "yy-----"),
    Row("feedback reopen", "fb resolved", "feedback reopen FB-1 not yet", "yy----y"),
    Row("feedback edit", "fb", "feedback edit FB-1 the logo is far too small", "------y"),
    Row("feedback withdraw", "fb", "feedback withdraw FB-1", "y-----y"),
    # issues
    Row("issue", "", "issue Site is down high", ALL),
    Row("issue (form)", "", "issue", ALL),
    Row("issue (form submitted)", "", "", ALL,
        command=c.RaiseIssue(title="Fonts missing", description="The licence lapsed.")),
    Row("issue list", "is", "issue list", ALL),
    Row("issues", "is", "issues all", ALL),
    Row("issue IS-n", "is", "issue IS-1", ALL),
    Row("IS-n", "is", "IS-1", ALL),
    Row("issue ack", "is", "issue ack IS-1", "yy-----"),
    Row("issue resolve", "is", "issue resolve IS-1 fixed", "yy-----"),
    Row("issue close", "is", "issue close IS-1 duplicate", "y-----y"),
    Row("issue reopen", "is closed", "issue reopen IS-1", "yy----y"),
    Row("issue assign", "is", "issue assign IS-1 @dan", "yy-----"),
    Row("issue edit", "is", "issue edit IS-1 Site is down on mobile", "------y"),
    Row("issue withdraw", "is", "issue withdraw IS-1", "y-----y"),
    # milestones and sign-off
    Row("milestones", "", "milestones", ALL),
    Row("milestone", "", "milestone", ALL),
    Row("milestone M-n", "", "milestone M-1", ALL),
    Row("M-n", "review pm", "M-1", ALL),
    Row("milestone add", "", 'milestone add "Final files" due 2027-02-01', PM),
    Row("milestone rename", "", 'milestone rename M-1 "Early concepts"', PM),
    Row("milestone due", "", "milestone due M-1 2027-01-22", PM),
    Row("milestone criteria", "", "milestone criteria M-1 three routes; a mono logo", PM),
    Row("milestone rounds", "", "milestone rounds M-1 4", PM),
    Row("milestone cancel", "", "milestone cancel M-1 on hold", PM),
    Row("milestone reopen", "cancelled", "milestone reopen M-1", PM),
    Row("submit", "", "submit M-1 first round", "yy-----"),
    Row("withdraw", "review pm", "withdraw M-1", "y-----y", author="dora"),
    Row("approve@pm", "review pm", "approve M-1", PM, author="dora"),
    Row("approve@client", "review client", "approve M-1 lovely", "---y---", author="dora"),
    Row("changes@pm", "review pm", "changes M-1 warmer", PM, author="dora"),
    Row("changes@client", "review client", "changes M-1 warmer", "---y---", author="dora"),
    Row("card approve@pm", "review pm", "card approve", PM, author="dora"),
    Row("card approve@client", "review client", "card approve", "---y---", author="dora"),
    Row("card changes@pm", "review pm", "card changes", PM, author="dora"),
    Row("card changes@client", "review client", "card changes", "---y---", author="dora"),
    # the brief
    Row("brief", "", "brief", ALL),
    Row("brief vN", "brief sent", "brief v1", ALL),
    Row("brief set", "", "brief set goal A brand the team can use", PM),
    Row("brief add", "", 'brief add deliverable "Logo" due 2027-01-20', PM),
    Row("brief remove", "brief", "brief remove deliverable 1", PM),
    Row("brief due", "brief", "brief due 1 2027-01-22", PM),
    Row("brief criteria", "brief", "brief criteria 1 three routes", PM),
    Row("brief budget", "", "brief budget 12000 EUR", PM),
    Row("brief rounds", "", "brief rounds 3", PM),
    Row("brief edit", "brief", "brief edit", PM),
    Row("brief send", "brief", "brief send", PM),
    Row("brief import", "", "", PM, command=b.ImportBrief(
        goal="A brand", deliverables=(b.DeliverableDraft(name="Logo", due="2027-01-20"),))),
    Row("brief confirm", "brief sent", "brief confirm", "---y---"),
    Row("brief changes", "brief sent", "brief changes add the print files", "---y---"),
    Row("card brief confirm", "brief sent", "card approve", "---y---"),
    Row("card brief changes", "brief sent", "card changes", "---y---"),
    # change requests and the budget
    Row("change", "", "change", ALL),
    Row("change list", "cr", "change list", ALL),
    Row("change CR-n", "cr", "change CR-1", ALL),
    Row("change request", "", 'change request "Extra banner"', ALL),
    Row("change request (priced)", "", CR_PRICED, PM),
    Row("change price", "cr", "change price CR-1 900 EUR", PM),
    Row("change send", "cr", "change send CR-1", PM),
    Row("change withdraw", "cr client", "change withdraw CR-1", "y-----y"),
    Row("change accept", "cr sent", "change accept CR-1", "---y---"),
    Row("change decline", "cr sent", "change decline CR-1 too dear", "---y---"),
    Row("card change accept", "cr sent", "card approve", "---y---"),
    Row("card change decline", "cr sent", "card changes", "---y---"),
    Row("budget", "", "budget", ALL),
    # the risk register: the studio's; the client sees what is shared with them
    Row("risks", "rk", "risks", ALL),
    Row("risk", "rk", "risk", ALL),
    Row("risk RK-n", "rk", "risk RK-1", "yy-----"),
    Row("risk RK-n (shared)", "rk shared", "risk RK-1", ALL),
    Row("risk add", "", 'risk add "Fonts licence" impact high', "yy-----"),
    Row("risk update", "rk", "risk update RK-1 likelihood low", "yy-----"),
    Row("risk close", "rk", "risk close RK-1 the client answered", "yy-----"),
    Row("risk reopen", "rk closed", "risk reopen RK-1", "yy-----"),
    Row("risk share", "rk", "risk share RK-1", "yy-----"),
    Row("risk unshare", "rk shared", "risk unshare RK-1", "yy-----"),
    # satisfaction surveys: the client's people (roles really held) answer, everyone reads
    Row("csat", "csat", "csat", ALL),
    Row("csat M-n", "csat", "csat M-1 4 fine", "--yy--y"),
    Row("csat project", "csat closed", "csat project 2", "--yy--y"),
    Row("csat (form)", "csat", "", "--yy--y", command=OpenSurveyForm(milestone=1)),
    # lessons learned: the studio's own, also once the project is closed
    Row("lesson", "", "lesson agree the type scale first", "yy-----"),
    Row("lesson (closed)", "closed", "lesson send the brief before the kick-off", "yy-----"),
    Row("lessons", "", "lessons", "yy-----"),
    # nudges
    Row("nudges", "", "nudges", ALL),
    Row("nudges show", "", "nudges show", ALL),
    Row("nudges pause", "", "nudges pause until 2027-01-04", PM),
    Row("nudges resume", "paused", "nudges resume", PM),
    Row("nudges off", "", "nudges off digest", PM),
    Row("nudges on", "", "nudges on digest", PM),
    Row("nudges country", "", "nudges country CN", PM),
    Row("nudges holiday", "", "nudges holiday 2026-12-24", PM),
    Row("nudges time", "", "nudges time digest tue 10:00", PM),
    Row("nudges escalate", "", "nudges escalate acme", PM, where="studio"),
    # the project and its people
    Row("member add", "", "member add @newbie client", PM),
    Row("member remove", "", "member remove @zoe", PM),
    Row("member role", "", "member role @zoe designer", PM),
    Row("project create", "", 'project create gamma "Gamma" client "Gamma Co."', ALL),
    Row("project bind", "", "project bind acme", PM, where="new"),
    Row("project unbind", "", "project unbind", PM),
    Row("project close", "", "project close", PM),
    Row("project reopen", "closed", "project reopen", PM),
    Row("project rename", "", 'project rename "Acme rebrand II"', PM),
    Row("project dates", "", "project dates", ALL),
    Row("project dates (set)", "", "project dates ymd", PM),
    Row("project rules", "", "project rules", ALL),
    Row("project rule (show)", "", "project rule", ALL),
    Row("project stages", "", "project stages client", PM),
    Row("project rule (set)", "", "project rule client all", PM),
    Row("project rounds", "", "project rounds 3", PM),
    Row("project self-approval", "", "project self-approval on", PM),
    Row("project risks", "", "project risks", "yy-----"),
    Row("project risks (set)", "", "project risks silence 4", PM),
    Row("project page", "", "project page days 7", PM),
    Row("project page revoke", "", "project page revoke", PM),
    Row("project survey", "", "project survey", ALL),
    Row("project survey (set)", "", "project survey dm", PM),
]  # fmt: skip


# The words each verb's parser reads right after it, as those parsers hold them.
SUB_VERBS: dict[str, tuple[str, ...]] = {
    "feedback": tuple(grammar_records.FEEDBACK_SUBVERBS),
    "issue": tuple(grammar_records.ISSUE_SUBVERBS),
    "milestone": grammar_milestones.ACTIONS,
    "member": MEMBER_ACTIONS,
    "project": PROJECT_ACTIONS,
    "nudges": NUDGE_ACTIONS,
    "brief": grammar_brief.ACTIONS,
    "change": grammar_changes.ACTIONS,
    "risk": grammar_risks.ACTIONS,
}


def grammar_forms() -> set[str]:
    """Every verb, and every "verb sub-verb", that the grammar reads."""
    return set(VERBS) | {f"{verb} {sub}" for verb, subs in SUB_VERBS.items() for sub in subs}


def test_every_verb_sub_verb_and_stage_the_grammar_knows_has_a_row() -> None:
    typed = [row.line for row in ROWS if row.line and not row.line.startswith("card ")]
    missing = {
        form
        for form in grammar_forms()
        if not any(f"{line} ".startswith(f"{form} ") for line in typed)
    }
    assert missing == set()
    stages = {(kind.value, stage.value) for kind in DecisionKind for stage in Stage}
    for prefix in ("", "card "):
        rows = {tuple(r.key.removeprefix(prefix).split("@")) for r in ROWS if "@" in r.key}
        assert stages <= rows, prefix
    made = {type(parse(line)) for line in typed} | {type(r.command) for r in ROWS if r.command}
    assert set(HANDLERS) - made == {c.Unparsed}  # every command the core runs is in the matrix


@dataclass
class State:
    tables: object
    card: dict[str, str]  # the version card's button commands, by verb


_STATES: dict[str, State] = {}


async def state(setup: str) -> State:
    """The studio after `setup`, built once and copied for each case."""
    if setup not in _STATES:
        studio = await make_studio()
        for who, role in (("rita", Role.CLIENT), ("dora", Role.DESIGNER), ("zoe", Role.CLIENT)):
            assert (await studio.run("paula", c.AddMember(user=who, role=role))).ok
        assert (await studio.say("paula", 'milestone add "Concepts" due 2027-01-15')).ok
        beta = Invocation(identity=person("olga"), conversation=WHERE["studio"])
        create = c.CreateProject(key="beta", name="Beta", client="Beta Co.")
        assert (await handle(create, beta, studio.services)).ok
        card: dict[str, str] = {}
        for who, line in SETUPS[setup]:
            result = await studio.say(who, line)
            assert result.ok, (setup, line, result.replies)
            card |= buttons(result) or card
        _STATES[setup] = State(tables=copy.deepcopy(studio.tables), card=card)
    return _STATES[setup]


def buttons(result: Result) -> dict[str, str]:
    """The data behind the live buttons of the last card among the replies, by decision."""
    found: dict[str, str] = {}
    for reply in result.replies:
        if reply.message.card is not None and reply.message.card.actions:
            actions = reply.message.card.actions
            found = {str(decision_kind(a.command)): a.command for a in actions}
    return found


# Project pages on, so that a PM's `project page` makes a link.
POLICY = Policy(pages=PageSite(public_url="https://signoff.example.com", secret="s" * 40))


async def attempt(row: Row, party: str) -> tuple[Result, Studio]:
    built = await state(row.setup)
    database, clock = FakeDatabase(), FakeClock()
    database.tables = copy.deepcopy(built.tables)
    services = Services(uow=database, clock=clock, policy=POLICY)
    studio = Studio(services=services, database=database, clock=clock)
    who = row.author if party == "author" else PLAYED_BY[party]
    invocation = Invocation(identity=person(who), display_name=who.title(),
                            conversation=WHERE[row.where])  # fmt: skip
    if row.command is not None:
        return await handle(row.command, invocation, studio.services), studio
    line = row.line
    if line.startswith("card "):  # the click: the button's own command, a note if it asks one
        kind = line.removeprefix("card ")
        clicked = decode(built.card[kind], note="warmer" if kind == "changes" else "")
        assert clicked is not None
        return await handle(clicked, invocation, studio.services), studio
    return await handle(parse(line), invocation, studio.services), studio


CASES = [
    pytest.param(row, party, row.allowed[i] == "y", id=f"{row.key}-{party}")
    for row in ROWS
    for i, party in enumerate(PARTIES)
]


@pytest.mark.parametrize(("row", "party", "allowed"), CASES)
async def test_who_may_run_what(row: Row, party: str, allowed: bool) -> None:
    before = copy.deepcopy((await state(row.setup)).tables)
    result, studio = await attempt(row, party)
    said = [reply.message.text for reply in result.replies]
    assert result.ok is allowed, said
    if not allowed:  # refused with a reason, and nothing of it stored
        assert said and said[0] and not result.failed
        assert studio.tables == before


def test_the_table_has_one_flag_for_each_party() -> None:
    assert {len(row.allowed) for row in ROWS} == {len(PARTIES)}
    assert len({row.key for row in ROWS}) == len(ROWS)


REFUSALS = Path(__file__).parent / "snapshots" / "refusals.json"


async def test_every_refusal_says_what_was_written_down() -> None:
    """The words each refused person reads, case by case, as reviewed in REFUSALS. A change of
    wording shows up here; rewrite the file with SIGNOFF_WRITE_SNAPSHOTS=1 and review its diff."""
    said: dict[str, str] = {}
    for case in CASES:
        row, party, allowed = case.values
        if not allowed:
            result, _ = await attempt(row, party)
            said[case.id] = "\n".join(reply.message.text for reply in result.replies)
    if os.environ.get("SIGNOFF_WRITE_SNAPSHOTS"):
        REFUSALS.parent.mkdir(exist_ok=True)
        REFUSALS.write_text(json.dumps(said, indent=1, ensure_ascii=False) + "\n")
    assert said == json.loads(REFUSALS.read_text())
