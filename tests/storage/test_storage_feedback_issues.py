"""Feedback and issues get FB-n / IS-n, change under a status check; the audit trail keeps all."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC

import pytest
from storage_helpers import T0, T1, Studio, UowFactory, new_feedback, new_issue, new_milestone

from bot.errors import NotFound
from bot.history import change
from bot.model import AuditEvent, FeedbackStatus, IssueStatus, Platform, Severity
from bot.record_ports import ListCursor


async def test_feedback_round_trips_with_its_milestone(
    uow_factory: UowFactory, studio: Studio
) -> None:
    async with uow_factory() as uow:
        milestone = await uow.milestones.add(new_milestone(studio.project.id))
        loose = await uow.feedback.add(new_feedback(studio.project.id, studio.client))
        on_m1 = await uow.feedback.add(
            replace(
                new_feedback(studio.project.id, studio.client, "标志太小 / logo too small"),
                milestone_id=milestone.id,
                version=1,
                source_link="https://acme.slack.com/archives/C1/p1",
            )
        )
        by_number = await uow.feedback.add(
            replace(new_feedback(studio.project.id, studio.pm), milestone_number=1)
        )
        await uow.commit()

    assert (loose.ref, on_m1.ref, by_number.ref) == ("FB-1", "FB-2", "FB-3")
    assert (on_m1.milestone_id, on_m1.milestone_number) == (milestone.id, 1)
    assert (by_number.milestone_id, by_number.milestone_number) == (milestone.id, 1)
    assert loose.created_at == loose.updated_at == T0 and loose.created_at.tzinfo == UTC
    async with uow_factory() as uow:
        assert await uow.feedback.get(studio.project.id, 2) == on_m1
        assert await uow.feedback.get(studio.project.id, 4) is None
        assert await uow.feedback.list(studio.project.id) == [loose, on_m1, by_number]


async def test_feedback_on_a_milestone_of_another_project_is_refused(
    uow_factory: UowFactory, studio: Studio
) -> None:
    async with uow_factory() as uow:
        with pytest.raises(NotFound) as by_number:
            await uow.feedback.add(
                replace(new_feedback(studio.project.id, studio.client), milestone_number=7)
            )
        with pytest.raises(NotFound) as by_id:
            await uow.feedback.add(
                replace(new_feedback(studio.project.id, studio.client), milestone_id=12345)
            )
    # The refusal names the milestone as typed; one known only by its id is "M-?".
    assert (by_number.value.params, by_id.value.params) == ({"number": 7}, {"number": "?"})
    assert by_id.value.message == "There is no milestone M-{number} in this project."


async def test_feedback_changes_only_from_the_expected_status(
    uow_factory: UowFactory, studio: Studio
) -> None:
    async with uow_factory() as uow:
        one = await uow.feedback.add(new_feedback(studio.project.id, studio.client))
        two = await uow.feedback.add(new_feedback(studio.project.id, studio.client, "第二条"))
        await uow.commit()

    resolved = replace(
        one,
        status=FeedbackStatus.RESOLVED,
        resolution_note="已调暗 10%",
        resolved_by=studio.pm,
        updated_at=T1,
    )
    async with uow_factory() as uow:
        assert await uow.feedback.update(resolved, expected_status=FeedbackStatus.OPEN)
        # A second resolver read the old status: refused, and nothing changes.
        late = replace(one, status=FeedbackStatus.RESOLVED, resolution_note="late")
        assert not await uow.feedback.update(late, expected_status=FeedbackStatus.OPEN)
        assert await uow.feedback.get(studio.project.id, 1) == resolved
        await uow.commit()

    async with uow_factory() as uow:
        assert await uow.feedback.get(studio.project.id, 1) == resolved
        assert await uow.feedback.list(studio.project.id, open_only=True) == [two]
        assert await uow.feedback.count_open(studio.project.id) == 1
        reopened = replace(resolved, status=FeedbackStatus.REOPENED, updated_at=T1)
        assert await uow.feedback.update(reopened, expected_status=FeedbackStatus.RESOLVED)
        assert await uow.feedback.count_open(studio.project.id) == 2
        assert await uow.feedback.list(studio.project.id, open_only=True) == [reopened, two]


async def test_issues_round_trip_and_change_under_a_status_check(
    uow_factory: UowFactory, studio: Studio
) -> None:
    async with uow_factory() as uow:
        milestone = await uow.milestones.add(new_milestone(studio.project.id))
        critical = await uow.issues.add(
            replace(
                new_issue(studio.project.id, studio.client),
                description="导出的 PDF 缺少中文字体",
                severity=Severity.CRITICAL,
                assignee=studio.pm,
                milestone_id=milestone.id,
                milestone_number=milestone.number,  # as raised; read back from the milestone
                response_due_at=T1,
            )
        )
        low = await uow.issues.add(
            replace(new_issue(studio.project.id, studio.client, "Typo"), severity=Severity.LOW)
        )
        await uow.commit()

    assert (critical.ref, low.ref) == ("IS-1", "IS-2")
    assert critical.response_due_at == T1 and critical.assignee == studio.pm
    async with uow_factory() as uow:
        assert await uow.issues.get(studio.project.id, 1) == critical
        assert await uow.issues.get(studio.project.id, 3) is None
        read_back = await uow.issues.list(studio.project.id)
    assert [(i.ref, i.milestone_number) for i in read_back] == [("IS-1", 1), ("IS-2", None)]

    acknowledged = replace(
        critical, status=IssueStatus.ACKNOWLEDGED, acknowledged_at=T1, updated_at=T1
    )
    closed = replace(
        low,
        status=IssueStatus.CLOSED,
        assignee=None,
        resolved_at=T0,
        closed_at=T1,
        updated_at=T1,
    )
    async with uow_factory() as uow:
        assert await uow.issues.update(acknowledged, expected_status=IssueStatus.OPEN)
        assert not await uow.issues.update(acknowledged, expected_status=IssueStatus.OPEN)
        assert await uow.issues.update(closed, expected_status=IssueStatus.OPEN)
        await uow.commit()

    async with uow_factory() as uow:
        assert await uow.issues.list(studio.project.id) == [acknowledged, closed]
        assert await uow.issues.list(studio.project.id, open_only=True) == [acknowledged]
        counts = await uow.issues.count_open_by_severity(studio.project.id)
    assert counts == {Severity.LOW: 0, Severity.MEDIUM: 0, Severity.HIGH: 0, Severity.CRITICAL: 1}


async def test_the_audit_trail_keeps_events_in_time_order(
    uow_factory: UowFactory, studio: Studio
) -> None:
    later = AuditEvent(
        project_id=studio.project.id,
        at=T1,
        actor=studio.client,
        platform=Platform.TEAMS,
        action="feedback.logged",
        subject="FB-1",
        detail={"text": "颜色再暗一点", "milestone": None, "tags": ["颜色", 2]},
    )
    earlier = AuditEvent(
        project_id=studio.project.id,
        at=T0,
        actor=None,  # the scheduler
        platform=Platform.CONSOLE,
        action="project.created",
        subject="ACME",
    )
    async with uow_factory() as uow:
        await uow.audit.add(later)
        await uow.audit.add(earlier)
        await uow.commit()

    async with uow_factory() as uow:
        events = await uow.audit.list(studio.project.id)
    assert [replace(event, id=0) for event in events] == [earlier, later]
    assert all(event.id > 0 and event.at.tzinfo == UTC for event in events)


async def test_history_and_resolution_time_round_trip(uow_factory: UowFactory, studio: Studio):
    edit = change(
        "edited", at=T0, by=studio.client, before={"text": "颜色再暗一点"}, after={"text": "更暗"}
    )
    resolved = change("resolved", at=T1, by=studio.pm, note="已调暗 10%")
    async with uow_factory() as uow:
        feedback = await uow.feedback.add(new_feedback(studio.project.id, studio.client))
        issue = await uow.issues.add(new_issue(studio.project.id, studio.client))
        await uow.commit()

    changed_feedback = replace(
        feedback,
        text="更暗",
        status=FeedbackStatus.RESOLVED,
        resolved_by=studio.pm,
        resolved_at=T1,
        history=(edit, resolved),
        updated_at=T1,
    )
    changed_issue = replace(issue, status=IssueStatus.CLOSED, closed_at=T1, history=(resolved,))
    async with uow_factory() as uow:
        assert await uow.feedback.update(changed_feedback, expected_status=FeedbackStatus.OPEN)
        assert await uow.issues.update(changed_issue, expected_status=IssueStatus.OPEN)
        await uow.commit()

    async with uow_factory() as uow:
        stored = await uow.feedback.get(studio.project.id, 1)
        stored_issue = await uow.issues.get(studio.project.id, 1)
    assert stored == changed_feedback and stored is not None and stored.edited
    assert stored.resolved_at == T1 and stored.history[0].at == T0
    assert stored.history[0].by_id == "slack:T1:U-wang"
    assert stored_issue is not None and stored_issue.history == (resolved,)
    assert not stored_issue.edited


async def test_withdrawn_records_are_neither_open_nor_counted(
    uow_factory: UowFactory, studio: Studio
) -> None:
    async with uow_factory() as uow:
        kept = await uow.feedback.add(new_feedback(studio.project.id, studio.client))
        gone = await uow.feedback.add(new_feedback(studio.project.id, studio.client, "重复"))
        issue = await uow.issues.add(new_issue(studio.project.id, studio.client))
        await uow.commit()

    async with uow_factory() as uow:
        withdrawn = replace(gone, status=FeedbackStatus.WITHDRAWN, updated_at=T1)
        assert await uow.feedback.update(withdrawn, expected_status=FeedbackStatus.OPEN)
        pulled = replace(issue, status=IssueStatus.WITHDRAWN, updated_at=T1)
        assert await uow.issues.update(pulled, expected_status=IssueStatus.OPEN)
        await uow.commit()

    async with uow_factory() as uow:
        assert await uow.feedback.list(studio.project.id, open_only=True) == [kept]
        assert await uow.feedback.count_open(studio.project.id) == 1
        assert await uow.issues.list(studio.project.id, open_only=True) == []
        assert sum((await uow.issues.count_open_by_severity(studio.project.id)).values()) == 0
        assert [i.status for i in await uow.issues.list(studio.project.id)] == [
            IssueStatus.WITHDRAWN
        ]


async def test_a_person_s_last_list_is_kept_per_place_and_replaced(
    uow_factory: UowFactory, studio: Studio
) -> None:
    first = ListCursor(project_id=studio.project.id, listing={"kind": "issues", "mine": True})
    async with uow_factory() as uow:
        assert await uow.cursors.recall(studio.pm.id, "slack:T1:C1") is None
        await uow.cursors.remember(studio.pm.id, "slack:T1:C1", first, at=T0)
        await uow.commit()

    later = ListCursor(
        project_id=studio.project.id,
        listing={"kind": "feedback", "state": "all", "milestone": None},
        offset=15,
    )
    async with uow_factory() as uow:
        await uow.cursors.remember(studio.pm.id, "slack:T1:C1", later, at=T1)
        await uow.cursors.remember(studio.client.id, "slack:T1:C1", first, at=T1)
        await uow.commit()

    async with uow_factory() as uow:
        assert await uow.cursors.recall(studio.pm.id, "slack:T1:C1") == later
        assert await uow.cursors.recall(studio.client.id, "slack:T1:C1") == first
        assert await uow.cursors.recall(studio.pm.id, "slack:T1:C2") is None
