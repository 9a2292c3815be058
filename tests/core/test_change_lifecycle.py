"""A change request's way out and its record: withdrawn as a draft or while it waits (its card
redrawn without buttons), refused by name once it is no draft, a race told as such, and every
step kept in the audit and the export exactly as it happened."""

from __future__ import annotations

from datetime import date

from bot.change_commands import WithdrawChange
from bot.queries import export_project
from tests.core.conftest import Studio
from tests.core.test_change_requests import confirmed, milestone_due, over_allowance

AT = "Fri 27 Nov, 10:00\u202fAM"  # the fake clock's now, as a person reads it


async def audit(studio: Studio, *prefixes: str) -> list[tuple[str, str, dict]]:
    record = await export_project("acme", studio.services)
    return [(e["summary"], e["ref"], e["detail"]) for e in record["audit"]
            if e["summary"].startswith(prefixes)]  # fmt: skip


async def test_a_withdrawn_draft_says_so_and_is_no_longer_priced_sent_or_withdrawn(
    studio: Studio,
) -> None:
    await confirmed(studio)
    await studio.say("paula", 'change request "Extra banner" price 300')
    withdrawn = await studio.say("paula", "change withdraw CR-1 found another way")
    # A draft has no card in the channel to redraw: one line says who withdrew what.
    assert [(r.message.text, r.message.card) for r in withdrawn.replies] == [
        ("Paula withdrew CR-1 “Extra banner”.", None)
    ]
    for line in ("change price CR-1 400", "change send CR-1", "change withdraw CR-1 again"):
        assert await studio.text("paula", line) == "CR-1 is already withdrawn."
    assert await audit(studio, "change.withdrawn") == [
        ("change.withdrawn", "CR-1", {"reason": "found another way", "was": "draft"})
    ]


async def test_a_sent_change_withdrawn_redraws_its_card_without_buttons(studio: Studio) -> None:
    await confirmed(studio)
    await studio.say("paula", 'change request "Extra banner" price 300')
    sent = await studio.say("paula", "change send CR-1")
    [posted] = [r for r in sent.replies if r.message.card is not None]
    assert await studio.text("paula", "change price CR-1 400") == (
        "CR-1 is already waiting on the client; withdraw it to change it."
    )
    withdrawn = await studio.say("paula", "change withdraw CR-1 not now")
    redrawn, told = withdrawn.replies
    assert (redrawn.card_key, redrawn.replaces) == (posted.card_key, posted.card_key)
    assert redrawn.message.card is not None and redrawn.message.card.actions == ()
    assert redrawn.message.text == (
        "CR-1 · Extra banner\n"
        f"Status: withdrawn by Paula at {AT}: not now\n"
        "Price: €300.00\n"
        "Schedule: no change to the schedule\n"
        f"Sent by Paula at {AT}"
    )
    assert told.message.text == "Paula withdrew CR-1 “Extra banner”."
    assert (
        await studio.text("ava", "change accept CR-1")
        == f"CR-1 is already withdrawn (Paula, {AT})."
    )
    assert await audit(studio, "change.withdrawn") == [
        ("change.withdrawn", "CR-1", {"reason": "not now", "was": "sent"})
    ]


async def test_a_reason_too_long_is_refused_with_the_change_commands_usage(studio: Studio) -> None:
    await confirmed(studio)
    await studio.say("paula", 'change request "Extra banner" price 300')
    refused = await studio.run("paula", WithdrawChange(number=1, reason="x" * 4001))
    assert refused.field_errors == {"reason": "A reason can be at most 4000 characters."}
    said = refused.replies[0].message.text.splitlines()
    assert said[:2] == [
        "A reason can be at most 4000 characters.",
        "Usage: change | change list | change CR-n — the change requests, or one with its history",
    ]
    assert await studio.text("paula", "change list") == (
        "CR-1 Extra banner · €300.00 · no change to the schedule · draft"
    )


async def test_a_decision_on_a_change_not_sent_or_already_decided_says_which(
    studio: Studio,
) -> None:
    await confirmed(studio)
    await studio.say("paula", 'change request "Extra banner" price 300')
    assert await studio.text("ava", "change accept CR-1") == (
        "CR-1 has not been sent to the client yet."
    )
    await studio.say("paula", "change send CR-1")
    await studio.say("ava", "change accept CR-1")
    assert await studio.text("paula", "change price CR-1 400") == "CR-1 is already accepted."
    assert await studio.text("ava", "change decline CR-1 no") == (
        f"CR-1 is already accepted (Ava, {AT})."
    )


async def test_a_change_raced_by_another_edit_is_told_to_look_again(studio: Studio) -> None:
    await confirmed(studio)
    await studio.say("paula", 'change request "Extra banner" price 300 days 2 M-1')
    studio.tables.racing.add("changes")
    assert await studio.text("paula", "change price CR-1 400") == (
        "CR-1 changed a moment ago; please look again."
    )
    assert await studio.text("paula", "change withdraw CR-1 no") == (
        "CR-1 changed a moment ago; please look again."
    )
    studio.tables.racing.clear()
    await studio.say("paula", "change send CR-1")
    studio.tables.racing.add("milestones")  # M-1 moves while the acceptance redates it
    assert await studio.text("ava", "change accept CR-1") == (
        "M-1 changed a moment ago; please look again."
    )
    assert milestone_due(studio) == date(2030, 1, 15)


async def test_a_change_accepted_while_its_milestone_is_in_review_moves_its_due_date(
    studio: Studio,
) -> None:
    await confirmed(studio)
    await studio.say("paula", 'change request "Extra banner" price 300 days 2 M-1')
    await studio.say("paula", "change send CR-1")
    assert (await studio.say("dan", "submit M-1")).ok  # M-1 now waits in the PM's stage
    accepted = await studio.text("ava", "change accept CR-1")
    assert accepted.endswith("M-1 “Logo” is now due Thu 17 Jan 2030 (was Tue 15 Jan 2030).")
    assert milestone_due(studio) == date(2030, 1, 17)


async def test_the_round_beyond_the_contract_is_audited_and_exported_step_by_step(
    studio: Studio,
) -> None:
    await confirmed(studio)
    await over_allowance(studio)
    await studio.say("paula", "change price CR-1 800 days 3")
    sent = await studio.say("paula", "change send CR-1")
    [posted] = [r for r in sent.replies if r.message.card is not None]
    [shown] = (await studio.say("cleo", "change CR-1")).replies
    assert (shown.message.text, shown.message.card) == (posted.message.text, posted.message.card)
    await studio.say("ava", "change accept CR-1")
    unpriced = {"price_minor": None, "currency": None, "days": 0, "milestone": 1}
    priced = {"price_minor": 80000, "currency": "EUR", "days": 3, "milestone": 1}
    assert await audit(studio, "change.raised", "change.priced", "milestone.redated") == [
        ("change.raised", "CR-1", {"title": "Revision round 2 of M-1", "round": 2, **unpriced}),
        ("change.priced", "CR-1", {"before": unpriced, "after": priced}),
        ("milestone.redated", "M-1", {"before": "2030-01-15", "after": "2030-01-18",
                                      "change": "CR-1"}),
    ]  # fmt: skip
    await studio.say("paula", 'change request "Extra banner" price 300')
    [round_change, banner] = (await export_project("acme", studio.services))["change_requests"]
    when = "2026-11-27T10:00:00+00:00"
    assert round_change["at"] == when and round_change["by"] == "Ava"
    assert banner == {
        "ref": "CR-2", "at": when, "by": "Paula", "by_id": "console:T1:paula", "status": "draft",
        "summary": "Extra banner", "number": 2, "title": "Extra banner", "description": None,
        "price": {"minor": 30000, "currency": "EUR", "amount": "300.00"}, "days": 0,
        "milestone": None, "round": None, "sent_by": None, "sent_by_id": None, "sent_at": None,
        "decided_by": None, "decided_by_id": None, "decided_at": None, "decision_note": None,
    }  # fmt: skip
