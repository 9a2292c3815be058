"""The command grammar shared by every platform: chat text in, one Command out, never an error."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial

from bot import aliases
from bot import change_commands as cc
from bot import commands as c
from bot import grammar_milestones as milestones
from bot import grammar_records as records
from bot import grammar_records_usage as records_usage
from bot import grammar_scan as scan
from bot.commands import Command, Unparsed
from bot.fields import CHANGES_NOTE
from bot.grammar_brief import parse_brief
from bot.grammar_changes import parse_change
from bot.grammar_lessons import parse_lesson, parse_lessons
from bot.grammar_milestones import parse_milestone, parse_withdraw
from bot.grammar_projects import parse_member, parse_project
from bot.grammar_risks import parse_risk, parse_risks
from bot.grammar_scan import Bad, Scanner
from bot.grammar_surveys import parse_csat
from bot.i18n import N_
from bot.model import DecisionKind
from bot.nudges.grammar import parse_nudges
from bot.text import clean

logger = logging.getLogger(__name__)

UNKNOWN = N_("Unknown command “{verb}”.")
UNREADABLE = N_("Sorry, I could not read that command.")

# In the order `help` lists them: what clients type most comes first.
VERBS = [
    "feedback", "issue", "issues", "milestones", "milestone", "submit", "approve", "changes",
    "withdraw", "status", "brief", "change", "budget", "risk", "risks", "csat", "nudges",
    "member", "project", "lesson", "lessons", "more", "help",
]  # fmt: skip

USAGE: dict[str, str] = {
    **records_usage.USAGE,  # feedback, issue, issues, more
    "milestones": N_("milestones — list the milestones"),
    "milestone": N_(
        'milestone add "NAME" due DATE [criteria: a; b; c] — plan a milestone\n'
        "milestone [M-n] — list the milestones, or show one with its versions and decisions\n"
        'milestone rename M-n "NAME" | milestone due M-n DATE — correct its name or due date\n'
        "milestone criteria M-n a; b; c — new acceptance criteria, for the next version\n"
        "milestone rounds M-n N|default — the revision rounds this milestone includes\n"
        "milestone cancel M-n [reason] | milestone reopen M-n — set it aside, or take it up again"
    ),
    "submit": N_("submit M-n [note] [link …] — submit a milestone for sign-off, with its links"),
    "withdraw": N_("withdraw M-n — take the version in review back before anyone decides"),
    "approve": N_("approve M-n [note] — approve a milestone"),
    "changes": N_("changes M-n WHAT — request changes (the client's use a revision round)"),
    "status": N_("status — where the project stands"),
    "brief": N_(
        "brief [vN] — the project's brief (goal, deliverables, rounds, budget, out of scope)\n"
        "brief set goal TEXT | brief budget 12000 EUR | brief rounds N|default — draft it\n"
        'brief add deliverable "NAME" due DATE [criteria: a; b] | brief remove deliverable N\n'
        "brief due N DATE | brief criteria N a; b — correct a deliverable\n"
        "brief add out-of-scope TEXT | brief remove out-of-scope N\n"
        "brief edit — the whole brief in a form (Slack, Teams)\n"
        "brief send — post it for the client's approvers to confirm\n"
        "brief confirm [note] | brief changes WHAT — the client's approvers decide"
    ),
    "member": N_(
        "member add @person pm|designer|client|approver — give someone one more role\n"
        "member role @person ROLE[,ROLE] — replace their roles with exactly these\n"
        "member remove @person [ROLE] — end their roles (or one); their record stays"
    ),
    "project": N_(
        'project create KEY "NAME" client "CLIENT" [timezone TZ] [locale en|zh-CN]'
        " — create a project\n"
        "project bind KEY | project unbind — link this conversation to a project, or unlink it\n"
        'project rename "NAME" [client "CLIENT"] — correct its name or client\n'
        "project close | project reopen — stop or restart new records and nudges\n"
        "project dates [dmy|mdy|ymd] — how a date like 03/04/2027 is read in this project\n"
        "project rules — who signs versions off, under which rule, with how many rounds\n"
        "project stages studio client | project stages client — the studio signs first, or not\n"
        "project rule studio|client any|all — one approval closes a stage, or everyone's\n"
        "project rounds N — the revision rounds each milestone includes\n"
        "project self-approval on|off — may one person decide both stages of a version\n"
        "project page [days N] | project page revoke — a private link to the read-only web page"
        " for the client, or stop every link\n"
        "project survey [dm|channel|off] — ask the client's satisfaction in the channel (the"
        " default), by direct message, or not at all"
    ),
    "change": N_(
        "change | change list | change CR-n — the change requests, or one with its history\n"
        'change request "TITLE" [price AMOUNT] [days N] [M-n] — work beyond the brief\n'
        "change price CR-n AMOUNT [days N] — the PM prices a request\n"
        "change send CR-n — post it for the client's approvers\n"
        "change withdraw CR-n [reason] — take it back before a decision\n"
        "change accept CR-n [note] | change decline CR-n [reason] — the client's approvers decide"
    ),
    "budget": N_("budget — the brief's budget, accepted changes, the total, and what is waiting"),
    "risk": N_(
        'risk add "TITLE" [likelihood low|medium|high] [impact low|medium|high] [owner @person]'
        " [mitigation TEXT] — add a risk to the register (the studio's)\n"
        "risk RK-n — one risk with its evidence and history\n"
        "risk update RK-n [likelihood L] [impact L] [owner @person] [mitigation TEXT]\n"
        "risk close RK-n [how it ended] | risk reopen RK-n\n"
        "risk share RK-n | risk unshare RK-n — let the client see it, or not"
    ),
    "risks": N_(
        "risks [all] — the open risks, worst first (all: the closed ones too)\n"
        "project risks [overdue|rounds|silence N|default] | project risks default — when Signoff"
        " raises a risk by itself here (the studio's thresholds unless a PM set this project's)"
    ),
    "lesson": N_("lesson TEXT — keep a lesson learned for the close-out report (the studio's)"),
    "lessons": N_("lessons — the lessons learned so far"),
    "csat": N_(
        "csat — the client's satisfaction scores over time, per milestone, with the trend\n"
        "csat M-n SCORE [comment] | csat project SCORE [comment] — answer a survey (1 to 5), "
        "for a milestone signed off or the closed project; changeable for 24 hours"
    ),
    "help": N_("help [command] — list the commands, or explain one"),
    "nudges": N_(
        "nudges [show] — what the bot will post on its own, and when\n"
        "nudges pause [until DATE] | nudges resume — stop and restart the project's nudges\n"
        "nudges off|on digest|due_soon|review_waiting|issue_overdue|feedback_waiting|overdue"
        "|risk_raised|survey_waiting|studio_digest\n"
        "nudges country CODE|none | nudges holiday DATE [off] — the project's days off\n"
        "nudges time KIND [WEEKDAY] HH:MM — when a nudge goes out for this project\n"
        "nudges escalate KEY [direct] — escalations in this (studio) channel, or to PMs directly"
    ),
}


def usage(verb: str) -> str:
    """The English usage message id of a verb ("issue") or sub-command ("issue ack"), or ""."""
    return USAGE.get(verb.lower()) or records_usage.SUB_USAGE.get(verb.lower(), "")


def parse(text: str) -> Command:
    """Read one command from chat text (platform prefix already stripped). Never raises."""
    verb = ""
    try:
        scanner = Scanner(clean(text))
        verb = aliases.verb(scanner.word().rstrip(":：")).lower()  # "反馈" is "feedback"
        if not verb:
            return c.Help()
        scanner.after = verb
        parser = (
            _PARSERS.get(verb)
            or milestones.reference_parser(scanner.typed)
            or records.reference_parser(scanner.typed)
        )
        if parser is None:
            shown = scan.show(scanner.typed, 30)
            return Unparsed(verb=shown, reason=UNKNOWN, params=(("verb", shown),))
        return parser(scanner)
    except Bad as bad:
        return Unparsed(verb=verb, reason=bad.reason, params=bad.params)
    except Exception:  # the grammar must answer every line; a bug here is logged, not raised
        logger.exception("grammar failed on %.60r", text)
        return Unparsed(verb=verb if verb in USAGE else "", reason=UNREADABLE)


def _help(sc: Scanner) -> Command:
    topic = sc.word()
    if topic and topic.lower() not in USAGE:
        raise Bad(UNKNOWN, verb=topic)
    return c.Help(topic=topic.lower())


def _bare(command: type[Command], sc: Scanner) -> Command:
    sc.expect_end()
    return command()


def _submit(sc: Scanner) -> Command:
    number, _ = scan.ref(sc.word(), "M")
    return c.SubmitMilestone(number=number, note=sc.rest())


def _decide(kind: DecisionKind, sc: Scanner) -> Command:
    number, version = scan.ref(sc.word(), "M", versioned=True)
    note = sc.rest()
    if kind is DecisionKind.CHANGES and not note:
        raise Bad(CHANGES_NOTE.missing)
    return c.DecideMilestone(number=number, kind=kind, note=note, version=version)


_PARSERS: dict[str, Callable[[Scanner], Command]] = {
    "help": _help,
    "status": partial(_bare, c.ShowStatus),
    "feedback": records.parse_feedback,
    "issue": records.parse_issue,
    "issues": records.parse_issues,
    "more": records.parse_more,
    "milestones": partial(_bare, c.ListMilestones),
    "milestone": parse_milestone,
    "submit": _submit,
    "withdraw": parse_withdraw,
    "approve": partial(_decide, DecisionKind.APPROVE),
    "changes": partial(_decide, DecisionKind.CHANGES),
    "member": parse_member,
    "project": parse_project,
    "nudges": parse_nudges,
    "brief": parse_brief,
    "change": parse_change,
    "budget": partial(_bare, cc.ShowBudget),
    "risk": parse_risk,
    "risks": parse_risks,
    "csat": parse_csat,
    "lesson": parse_lesson,
    "lessons": parse_lessons,
}
