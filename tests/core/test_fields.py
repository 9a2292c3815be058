"""Each form's fields are checked by the core's own rules, in the form's order, in the words the
chat would use: what Slack modals and Teams forms show beside a field."""

from __future__ import annotations

from bot.fields import FieldError, form_errors
from bot.policy import Policy


def test_a_blank_and_an_over_long_field_are_named_in_the_forms_order() -> None:
    errors = form_errors("issue", {"title": " \u3000", "description": "d" * 4001}, Policy())
    assert errors == [
        FieldError(field="title", message="Give the issue a title."),
        FieldError(field="description", message="A description can be at most {limit} "
                   "characters.", params={"limit": 4000, "length": 4001}),
    ]  # fmt: skip
    assert [e.said("en") for e in errors] == [
        "Give the issue a title.",
        "A description can be at most 4000 characters.",
    ]


def test_a_missing_note_is_said_in_the_projects_language() -> None:
    [missing] = form_errors("changes", {}, Policy())
    assert missing.field == "note"
    assert missing.said("zh-CN") == "请写明修改意见。"


def test_fields_within_their_rules_give_no_error() -> None:
    answers = {"title": "t" * 200, "description": "d" * 4000, "note": "warmer"}
    assert form_errors("issue", answers, Policy()) == []
    assert form_errors("changes", answers, Policy()) == []
