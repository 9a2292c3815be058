"""The usage lines of feedback, issue, issues and more, and of each of their sub-commands."""

from __future__ import annotations

from bot.commands import IssueAction
from bot.i18n import N_

USAGE: dict[str, str] = {
    "feedback": N_(
        "feedback [M-n] TEXT — log feedback, on a milestone if you name one\n"
        "feedback | feedback list [open|resolved|all] [M-n] — list feedback (open unless you say)\n"
        "feedback FB-n — show feedback and its history\n"
        "feedback resolve|reopen FB-n [note] — resolve or reopen feedback\n"
        "feedback edit FB-n TEXT | feedback withdraw FB-n — correct or take back your feedback"
    ),
    "issue": N_(
        "issue [M-n] TITLE [low|medium|high|critical] — raise an issue (medium unless you say)\n"
        "issue — open a form to raise an issue\n"
        "issue IS-n — show an issue and its history\n"
        "issue ack|resolve|close|reopen IS-n [note] — move an issue along\n"
        "issue assign IS-n @person — give an issue an owner\n"
        "issue edit IS-n TITLE [severity] | issue withdraw IS-n — correct or take back your issue"
    ),
    "issues": N_("issues [open|closed|all] [mine] — list the issues (open unless you say)"),
    "more": N_("more — the next page of your last list"),
}
_CHANGE_FEEDBACK = N_("feedback resolve|reopen FB-n [note] — resolve or reopen feedback")
_CHANGE_ISSUE = N_("issue ack|resolve|close|reopen IS-n [note] — move an issue along")
# What a sub-command's refusal shows, keyed "verb sub-verb" like Unparsed.verb.
SUB_USAGE: dict[str, str] = {
    "feedback resolve": _CHANGE_FEEDBACK,
    "feedback reopen": _CHANGE_FEEDBACK,
    "feedback edit": N_("feedback edit FB-n TEXT — correct your feedback while it is open"),
    "feedback withdraw": N_("feedback withdraw FB-n [note] — take your feedback back"),
    "feedback list": N_("feedback list [open|resolved|all] [M-n] — list feedback"),
    **{f"issue {action}": _CHANGE_ISSUE for action in IssueAction},
    "issue assign": N_("issue assign IS-n @person — give an issue an owner"),
    "issue edit": N_(
        "issue edit IS-n TITLE [low|medium|high|critical] — correct your issue while it is open"
    ),
    "issue withdraw": N_("issue withdraw IS-n [note] — take your issue back"),
    "issue list": USAGE["issues"],
}
