"""Each free-text field's rule, said once: whether it may be empty, how long it may be, and the
words for each. The use cases enforce them (`FieldRule.checked` raises `InvalidField`), and the
Slack modal and the Teams form show the same words beside the field (`form_errors`)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from bot.errors import InvalidField
from bot.i18n import N_, tr
from bot.policy import Policy
from bot.text import clean


def _text_limit(policy: Policy) -> int:
    return policy.max_text


def _title_limit(policy: Policy) -> int:
    return policy.max_title


@dataclass(frozen=True, kw_only=True)
class FieldError:
    """What is wrong with one field: its form name and a message id with its parameters."""

    field: str
    message: str
    params: Mapping[str, object] = dataclasses.field(default_factory=dict)

    def said(self, locale: str) -> str:
        return tr(locale, self.message, **self.params)


@dataclass(frozen=True, kw_only=True)
class FieldRule:
    name: str  # the field's name in a form (Slack modal block, Teams input id)
    too_long: str  # a message id; {limit} and {length} are filled in
    limit: Callable[[Policy], int] = _text_limit
    missing: str = ""  # a message id when the field is required, else ""

    def error(self, value: str, policy: Policy) -> FieldError | None:
        """What is wrong with `value` (already cleaned), or None."""
        limit = self.limit(policy)
        if not value and self.missing:
            # A missing message may say the limit too ("a name of 1 to {limit} characters").
            said = {"limit": limit} if "{limit}" in self.missing else {}
            return FieldError(field=self.name, message=self.missing, params=said)
        if len(value) > limit:
            params = {"limit": limit, "length": len(value)}
            return FieldError(field=self.name, message=self.too_long, params=params)
        return None

    def checked(self, verb: str, value: str, policy: Policy) -> str:
        """`value` cleaned (see bot.text.clean); refused with the field's words when wrong."""
        text = clean(value)
        if (wrong := self.error(text, policy)) is not None:
            raise InvalidField(verb, wrong.field, wrong.message, **wrong.params)
        return text


_LONG_FEEDBACK = N_(
    "Feedback can be at most {limit} characters; this is {length}. Please shorten or split it."
)
NOTE = FieldRule(name="note", too_long=N_("A note can be at most {limit} characters."))
CHANGES_NOTE = FieldRule(
    name="note", too_long=NOTE.too_long, missing=N_("Say what needs to change.")
)
GOAL = FieldRule(
    name="goal",
    too_long=N_("The goal can be at most {limit} characters; this is {length}."),
    missing=N_("Say what the project is for."),
)
SCOPE_ITEM = FieldRule(
    name="item",
    too_long=N_("An out-of-scope item can be at most {limit} characters."),
    limit=_title_limit,
    missing=N_("Say what is out of scope."),
)
CHANGE_TITLE = FieldRule(
    name="title",
    too_long=N_("A change request's title can be at most {limit} characters."),
    limit=_title_limit,
    missing=N_("Say what the change is."),
)
RISK_TITLE = FieldRule(
    name="title",
    too_long=N_("A risk's title can be at most {limit} characters."),
    limit=_title_limit,
    missing=N_("Name the risk."),
)
REASON = FieldRule(name="reason", too_long=N_("A reason can be at most {limit} characters."))
FEEDBACK = FieldRule(name="text", too_long=_LONG_FEEDBACK, missing=N_("Say what the feedback is."))
NEW_FEEDBACK = FieldRule(
    name="text", too_long=_LONG_FEEDBACK, missing=N_("Say what the feedback should say instead.")
)
TITLE = FieldRule(
    name="title",
    too_long=N_(
        "An issue title can be at most {limit} characters; put the details in the description."
    ),
    limit=_title_limit,
    missing=N_("Give the issue a title."),
)
NEW_TITLE = FieldRule(name="title", too_long=TITLE.too_long, limit=_title_limit)  # "": kept
_MILESTONE_NAME = N_("A milestone needs a name of 1 to {limit} characters.")
MILESTONE_NAME = FieldRule(
    name="name", too_long=_MILESTONE_NAME, limit=_title_limit, missing=_MILESTONE_NAME
)
DESCRIPTION = FieldRule(
    name="description", too_long=N_("A description can be at most {limit} characters.")
)
# The rules of each form a surface shows, by input name: the issue form (a bot.messages.Form
# of kind "issue") and the note "request changes" asks for.
FORMS: dict[str, tuple[FieldRule, ...]] = {
    "issue": (TITLE, DESCRIPTION),
    "changes": (CHANGES_NOTE,),
}


def form_errors(kind: str, answers: Mapping[str, str], policy: Policy) -> list[FieldError]:
    """Every field of a submitted form that its rule refuses, in the form's order."""
    found = (rule.error(clean(answers.get(rule.name, "")), policy) for rule in FORMS[kind])
    return [wrong for wrong in found if wrong is not None]
