"""The grammar of feedback and issues: log, move along, correct, list and look them up.

A line that starts with a sub-verb (`issue ack …`) is that sub-command or its usage, never a new
record: a typo must not become feedback "resolve" or an issue titled "IS-1".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial

from bot import commands as c
from bot import grammar_scan as scan
from bot import record_commands as r
from bot.commands import Command, FeedbackAction, IssueAction, Unparsed
from bot.fields import FEEDBACK, NEW_FEEDBACK, TITLE
from bot.grammar_scan import CHOOSE, Bad, Scanner
from bot.i18n import N_
from bot.model import Severity

NEW_TITLE_MISSING = N_("Say the new title, a severity, or both.")
UNKNOWN_SUB_VERB = N_("“{word}” is not a word I know after “{verb}”.")

FEEDBACK_STATES = ("open", "resolved", "all")
ISSUE_STATES = ("open", "closed", "all")
# After a sub-verb the id may be typed loosely: IS-9, is9, #9, ＃9 or 9; punctuation glued to it
# ("IS-9，收到") starts the note.
_ID = re.compile(
    r"(?:(?P<kind>[A-Za-z]{1,2})[-－]?|[#＃])?(?P<number>\d+)(?:[:：,，.。;；!！]+(?P<glued>.*))?",
    re.DOTALL,
)
_STRICT_REF = re.compile(r"(?P<kind>[A-Za-z]{2})[-－]\d+[:：,，.。]*")
_ANY_REF = re.compile(r"[A-Za-z]{1,2}[-－]\d\S*")  # not "m-dash": that one is just a word


def _record_id(sc: Scanner, kind: str) -> tuple[int, str]:
    """The FB-n / IS-n after a sub-verb, and any text glued to it by punctuation."""
    word = sc.word()
    if not word:
        raise Bad(scan.REF_MISSING, example=scan.EXAMPLES[kind])
    match = _ID.fullmatch(word)
    if match is None or (match["kind"] or kind).upper() != kind:
        raise Bad(scan.REF_BAD, ref=word, example=scan.EXAMPLES[kind])
    digits = match["number"]
    if len(digits) > 9 or int(digits) < 1:
        raise Bad(scan.REF_RANGE, ref=word)
    return int(digits), (match["glued"] or "").strip()


def _note(glued: str, sc: Scanner) -> str:
    return f"{glued} {sc.rest()}".strip()


def _is_ref_of(word: str, kind: str) -> bool:
    match = _STRICT_REF.fullmatch(word)
    return match is not None and match["kind"].upper() == kind


def _sub(verb: str, parse_rest: Callable[[Scanner], Command], sc: Scanner) -> Command:
    """Run a sub-command's parser; a refusal names the sub-command, so its usage is shown."""
    try:
        return parse_rest(sc)
    except Bad as bad:
        return Unparsed(verb=verb, reason=bad.reason, params=bad.params)


def _unknown_sub_verb(verb: str, sc: Scanner, kind: str) -> None:
    """`issue 解决 IS-1`, `issue resolv IS-1`: a word before a reference was meant as a
    sub-verb; answer with the verb's usage instead of raising an issue titled "解决 IS-1"."""
    if _is_ref_of(sc.peek(1), kind) and not scan.looks_like_milestone(sc.peek()):
        raise Bad(UNKNOWN_SUB_VERB, word=sc.peek(), verb=verb)


# --- feedback -----------------------------------------------------------------------------


def _feedback_change(action: FeedbackAction, sc: Scanner) -> Command:
    number, glued = _record_id(sc, "FB")
    return c.ChangeFeedback(number=number, action=action, note=_note(glued, sc))


def _feedback_edit(sc: Scanner) -> Command:
    number, glued = _record_id(sc, "FB")
    if not (text := _note(glued, sc)):
        raise Bad(NEW_FEEDBACK.missing)
    return r.EditFeedback(number=number, text=text)


def _feedback_withdraw(sc: Scanner) -> Command:
    number, glued = _record_id(sc, "FB")
    return r.WithdrawFeedback(number=number, note=_note(glued, sc))


def _feedback_list(sc: Scanner) -> Command:
    state, milestone = "open", None
    while word := sc.word():
        if word.lower() in FEEDBACK_STATES:
            state = word.lower()
        elif scan.looks_like_ref(word):
            milestone = scan.ref(word, "M")[0]
        else:
            raise Bad(CHOOSE, verb="feedback list", choices="open | resolved | all | M-n")
    return r.ListFeedback(state=state, milestone=milestone)


FEEDBACK_SUBVERBS: dict[str, Callable[[Scanner], Command]] = {
    "resolve": partial(_feedback_change, FeedbackAction.RESOLVE),
    "reopen": partial(_feedback_change, FeedbackAction.REOPEN),
    "edit": _feedback_edit,
    "withdraw": _feedback_withdraw,
    "list": _feedback_list,
}


def parse_feedback(sc: Scanner) -> Command:
    """`feedback …` after the verb: a list, a look, a sub-command, or new feedback."""
    first = sc.peek()
    if not first:
        return r.ListFeedback()
    if (sub := first.lower()) in FEEDBACK_SUBVERBS:
        sc.word()
        return _sub(f"feedback {sub}", FEEDBACK_SUBVERBS[sub], sc)
    if not sc.peek(1) and _ANY_REF.fullmatch(first) and not scan.looks_like_milestone(first):
        return r.ShowFeedback(number=scan.ref(sc.word(), "FB")[0])
    _unknown_sub_verb("feedback", sc, "FB")
    milestone = version = None
    if scan.looks_like_milestone(first):
        milestone, version = scan.ref(sc.word(), "M", versioned=True)
    if not (text := sc.rest()):
        raise Bad(FEEDBACK.missing)
    return c.LogFeedback(text=text, milestone=milestone, version=version)


# --- issue, issues ------------------------------------------------------------------------


def _issue_change(action: IssueAction, sc: Scanner) -> Command:
    number, glued = _record_id(sc, "IS")
    return c.ChangeIssue(number=number, action=action, note=_note(glued, sc))


def _issue_assign(sc: Scanner) -> Command:
    number, glued = _record_id(sc, "IS")
    user = scan.person(glued or sc.word())
    sc.expect_end()
    return c.AssignIssue(number=number, user=user)


def _issue_edit(sc: Scanner) -> Command:
    number, glued = _record_id(sc, "IS")
    title, severity = scan.trailing_severity(_note(glued, sc))
    if not title and severity is None:
        raise Bad(NEW_TITLE_MISSING)
    return r.EditIssue(number=number, title=title, severity=severity)


def _issue_withdraw(sc: Scanner) -> Command:
    number, glued = _record_id(sc, "IS")
    return r.WithdrawIssue(number=number, note=_note(glued, sc))


def parse_issues(sc: Scanner) -> Command:
    """`issues [open|closed|all] [mine]`, in either order."""
    state, mine = "open", False
    while word := sc.word().lower():
        if word in ISSUE_STATES:
            state = word
        elif word == "mine":
            mine = True
        else:
            raise Bad(CHOOSE, verb="issues", choices="open | closed | all | mine")
    return c.ListIssues(state=state, mine=mine)


ISSUE_SUBVERBS: dict[str, Callable[[Scanner], Command]] = {
    **{action.value: partial(_issue_change, action) for action in IssueAction},
    "assign": _issue_assign,
    "edit": _issue_edit,
    "withdraw": _issue_withdraw,
    "list": parse_issues,
}


def parse_issue(sc: Scanner) -> Command:
    """`issue …` after the verb: the form, a look, a sub-command, or a new issue."""
    first = sc.peek()
    if not first:
        return c.OpenIssueForm()
    if (sub := first.lower()) in ISSUE_SUBVERBS:
        sc.word()
        return _sub(f"issue {sub}", ISSUE_SUBVERBS[sub], sc)
    if not sc.peek(1) and _ANY_REF.fullmatch(first) and not scan.looks_like_milestone(first):
        return r.ShowIssue(number=scan.ref(sc.word(), "IS")[0])
    _unknown_sub_verb("issue", sc, "IS")
    milestone = None
    if scan.looks_like_milestone(first):
        milestone = scan.ref(sc.word(), "M")[0]
    title, severity = scan.trailing_severity(sc.rest())
    if not title:  # "issue high": the title was forgotten, not named "high"
        raise Bad(TITLE.missing)
    return c.RaiseIssue(title=title, severity=severity or Severity.MEDIUM, milestone=milestone)


def parse_more(sc: Scanner) -> Command:
    sc.expect_end()
    return r.ShowMore()


_SHOW: dict[str, type[r.ShowFeedback] | type[r.ShowIssue]] = {
    "FB": r.ShowFeedback,
    "IS": r.ShowIssue,
}


def reference_parser(word: str) -> Callable[[Scanner], Command] | None:
    """For a line that starts with FB-n or IS-n, the parser that shows that record (`IS-1`);
    None for any other first word."""
    match = _STRICT_REF.fullmatch(word)
    kind = match["kind"].upper() if match else ""
    if kind not in _SHOW:
        return None

    def parse_show(sc: Scanner) -> Command:
        sc.expect_end()
        return _SHOW[kind](number=scan.ref(word, kind)[0])

    return parse_show
