"""The command grammar shared by every platform: chat text in, one Command out, never an error."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from bot import aliases
from bot import commands as c
from bot import grammar_scan as scan
from bot.commands import Command, FeedbackAction, IssueAction, Unparsed
from bot.grammar_scan import CHOOSE, Bad, Scanner
from bot.i18n import N_
from bot.model import DecisionKind, Severity
from bot.nudges.grammar import parse_nudges
from bot.text import clean

logger = logging.getLogger(__name__)

UNKNOWN = N_("Unknown command “{verb}”.")
FEEDBACK_MISSING = N_("Say what the feedback is.")
CHANGES_MISSING = N_("Say what needs to change.")
TITLE_MISSING = N_("Give the issue a title.")
MILESTONE_NAME_MISSING = N_('Give the milestone a name, like "Concepts".')
DUE_MISSING = N_("Say when it is due, like: due 2026-12-15.")
PROJECT_NAME_MISSING = N_('Give the project a name, like "Acme website".')
CLIENT_MISSING = N_('Name the client, like: client "Acme Inc".')
UNREADABLE = N_("Sorry, I could not read that command.")

# In the order `help` lists them: what clients type most comes first.
VERBS = [
    "feedback", "issue", "issues", "milestones", "milestone", "submit", "approve", "changes",
    "status", "nudges", "member", "project", "help",
]  # fmt: skip

USAGE: dict[str, str] = {
    "feedback": N_(
        "feedback [M-n] TEXT — log feedback, on a milestone if you name one\n"
        "feedback resolve|reopen FB-n [note] — resolve or reopen feedback"
    ),
    "issue": N_(
        "issue [M-n] TITLE [low|medium|high|critical] — raise an issue (medium unless you say)\n"
        "issue — open a form to raise an issue\n"
        "issue ack|resolve|close|reopen IS-n [note] — move an issue along\n"
        "issue assign IS-n @person — give an issue an owner"
    ),
    "issues": N_("issues — list the issues"),
    "milestones": N_("milestones — list the milestones"),
    "milestone": N_('milestone add "NAME" due DATE [criteria: a; b; c] — plan a milestone'),
    "submit": N_("submit M-n [note] — submit a milestone for sign-off"),
    "approve": N_("approve M-n [note] — approve a milestone"),
    "changes": N_("changes M-n WHAT — request changes to a milestone (uses a revision round)"),
    "status": N_("status — where the project stands"),
    "member": N_("member add @person pm|designer|client|approver — add someone to the project"),
    "project": N_(
        'project create KEY "NAME" client "CLIENT" [timezone TZ] [locale en|zh-CN]'
        " — create a project\n"
        "project bind KEY — link this conversation to a project"
    ),
    "help": N_("help [command] — list the commands, or explain one"),
    "nudges": N_(
        "nudges [show] — what the bot will post on its own, and when\n"
        "nudges pause [until DATE] | nudges resume — stop and restart the project's nudges\n"
        "nudges off|on digest|due_soon|review_waiting|issue_overdue|feedback_waiting\n"
        "nudges country CODE|none | nudges holiday DATE — the project's days off\n"
        "nudges time KIND [WEEKDAY] HH:MM — when a nudge goes out for this project\n"
        "nudges escalate KEY [direct] — escalations in this (studio) channel, or to PMs directly"
    ),
}

# "criteria:" may follow Chinese text without a space ("下周五criteria:"), so no \b before it.
_CRITERIA = re.compile(r"(?:(?<![A-Za-z])criteria|标准)\s*[:：]", re.IGNORECASE)
_CRITERIA_SEP = re.compile(r"[;；]")
# Python 3.11 raises TypeError for `"x" in SomeStrEnum`, so membership uses plain value sets.
_FEEDBACK_ACTIONS = frozenset(a.value for a in FeedbackAction)
_ISSUE_ACTIONS = frozenset(a.value for a in IssueAction) | {"assign"}


def usage(verb: str) -> str:
    """The English usage message id of a top-level verb, or "" for a word that is not one."""
    return USAGE.get(verb.lower(), "")


def parse(text: str) -> Command:
    """Read one command from chat text (platform prefix already stripped). Never raises."""
    verb = ""
    try:
        scanner = Scanner(clean(text))
        verb = aliases.verb(scanner.word().rstrip(":：")).lower()  # "反馈" is "feedback"
        if not verb:
            return c.Help()
        scanner.after = verb
        parser = _PARSERS.get(verb)
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


def _bare(command: type[Command]) -> Callable[[Scanner], Command]:
    def parse_bare(sc: Scanner) -> Command:
        sc.expect_end()
        return command()

    return parse_bare


def _milestone_prefix(sc: Scanner) -> int | None:
    """An optional leading M-n before free text, as in "feedback M-3 the logo…"."""
    if scan.looks_like_milestone(sc.peek()):
        return scan.ref(sc.word(), "M")[0]
    return None


def _feedback(sc: Scanner) -> Command:
    action = sc.peek().lower()
    if action in _FEEDBACK_ACTIONS and scan.looks_like_ref(sc.peek(1)):
        sc.word()
        number, _ = scan.ref(sc.word(), "FB")
        return c.ChangeFeedback(number=number, action=FeedbackAction(action), note=sc.rest())
    milestone = _milestone_prefix(sc)
    if not (text := sc.rest()):
        raise Bad(FEEDBACK_MISSING)
    return c.LogFeedback(text=text, milestone=milestone)


def _issue(sc: Scanner) -> Command:
    if not sc.peek():
        return c.OpenIssueForm()
    action = sc.peek().lower()
    if action in _ISSUE_ACTIONS and scan.looks_like_ref(sc.peek(1)):
        sc.word()
        number, _ = scan.ref(sc.word(), "IS")
        if action == "assign":
            user = scan.person(sc.word())
            sc.expect_end()
            return c.AssignIssue(number=number, user=user)
        return c.ChangeIssue(number=number, action=IssueAction(action), note=sc.rest())
    milestone = _milestone_prefix(sc)
    title, severity = scan.trailing_severity(sc.rest())
    if not title:  # "issue high": the title was forgotten, not named "high"
        raise Bad(TITLE_MISSING)
    return c.RaiseIssue(title=title, severity=severity or Severity.MEDIUM, milestone=milestone)


def _subverb(verb: str, sc: Scanner, choices: tuple[str, ...]) -> str:
    word = sc.word().lower()
    if word not in choices:
        raise Bad(CHOOSE, verb=verb, choices=" | ".join(choices))
    return word


def _milestone(sc: Scanner) -> Command:
    _subverb("milestone", sc, ("add",))
    if not (name := sc.name(frozenset({"due", "due:", "due："}))):
        raise Bad(MILESTONE_NAME_MISSING)
    if sc.peek().lower().rstrip(":：") != "due":
        if sc.peek():
            raise Bad(scan.EXTRA, text=sc.rest())
        raise Bad(DUE_MISSING)
    sc.word()
    due, *criteria = _CRITERIA.split(sc.rest(), maxsplit=1)
    due = due.lstrip(":：").strip()
    if not due:
        raise Bad(DUE_MISSING)
    items = tuple(i.strip() for i in _CRITERIA_SEP.split("".join(criteria)) if i.strip())
    return c.AddMilestone(name=name, due=due, criteria=items)


def _submit(sc: Scanner) -> Command:
    number, _ = scan.ref(sc.word(), "M")
    return c.SubmitMilestone(number=number, note=sc.rest())


def _decide(kind: DecisionKind) -> Callable[[Scanner], Command]:
    def parse_decision(sc: Scanner) -> Command:
        number, version = scan.ref(sc.word(), "M", versioned=True)
        note = sc.rest()
        if kind is DecisionKind.CHANGES and not note:
            raise Bad(CHANGES_MISSING)
        return c.DecideMilestone(number=number, kind=kind, note=note, version=version)

    return parse_decision


def _member(sc: Scanner) -> Command:
    _subverb("member", sc, ("add",))
    user = scan.person(sc.word())
    role = scan.role(sc.word())
    sc.expect_end()
    return c.AddMember(user=user, role=role)


def _project(sc: Scanner) -> Command:
    if _subverb("project", sc, ("create", "bind")) == "bind":
        key = scan.key(sc.word())
        sc.expect_end()
        return c.BindConversation(key=key)
    key = scan.key(sc.word())
    if not (name := sc.name(frozenset({"client"}))):
        raise Bad(PROJECT_NAME_MISSING)
    if sc.word().lower() != "client" or not (client := sc.name(frozenset({"timezone", "locale"}))):
        raise Bad(CLIENT_MISSING)
    options = {"timezone": "", "locale": ""}
    while word := sc.word():
        option = word.lower()
        if option not in options:
            raise Bad(scan.EXTRA, text=f"{word} {sc.rest()}".strip())
        if not (value := sc.word()):
            raise Bad(scan.VALUE_MISSING, word=word)
        options[option] = scan.timezone(value) if option == "timezone" else scan.locale(value)
    return c.CreateProject(key=key, name=name, client=client, **options)


_PARSERS: dict[str, Callable[[Scanner], Command]] = {
    "help": _help,
    "status": _bare(c.ShowStatus),
    "feedback": _feedback,
    "issue": _issue,
    "issues": _bare(c.ListIssues),
    "milestones": _bare(c.ListMilestones),
    "milestone": _milestone,
    "submit": _submit,
    "approve": _decide(DecisionKind.APPROVE),
    "changes": _decide(DecisionKind.CHANGES),
    "member": _member,
    "project": _project,
    "nudges": parse_nudges,
}
