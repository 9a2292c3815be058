"""A project's own risk thresholds and the client's last word, in the database: thresholds read
back as written (unset: the studio's), replaced as a whole; the newest audit event by someone
outside the studio, Signoff's own and the studio's left out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from storage_helpers import Studio, UowFactory

from bot.model import AuditEvent, Person, Platform
from bot.risk_thresholds import ProjectRiskThresholds

AT = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)


async def test_thresholds_read_back_as_written_and_are_replaced_whole(
    uow_factory: UowFactory, studio: Studio
) -> None:
    project_id = studio.project.id
    async with uow_factory() as uow:
        assert await uow.risks.thresholds(project_id) == ProjectRiskThresholds(
            project_id=project_id
        )
        own = ProjectRiskThresholds(project_id=project_id, overdue_days=5, silence_days=4)
        await uow.risks.save_thresholds(own)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.risks.thresholds(project_id) == own
        await uow.risks.save_thresholds(ProjectRiskThresholds(project_id=project_id, rounds_left=1))
        assert await uow.risks.thresholds(project_id) == ProjectRiskThresholds(
            project_id=project_id, rounds_left=1
        )
        await uow.commit()


def event(studio: Studio, at: datetime, actor: Person | None) -> AuditEvent:
    return AuditEvent(
        project_id=studio.project.id,
        at=at,
        actor=actor,
        platform=Platform.SLACK,
        action="feedback.logged",
        subject="FB-1",
    )


async def test_the_client_s_last_word_is_the_newest_event_by_someone_outside_the_studio(
    uow_factory: UowFactory, studio: Studio
) -> None:
    project_id, studio_ids = studio.project.id, [studio.pm.id]
    async with uow_factory() as uow:
        assert await uow.audit.last_by_others(project_id, studio_ids) is None
        await uow.audit.add(event(studio, AT, studio.client))
        await uow.audit.add(event(studio, AT - timedelta(days=2), studio.client))
        await uow.audit.add(event(studio, AT + timedelta(days=1), studio.pm))  # the studio's
        await uow.audit.add(event(studio, AT + timedelta(days=2), None))  # Signoff's own
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.audit.last_by_others(project_id, studio_ids) == AT
        everyone = [studio.pm.id, studio.client.id]
        assert await uow.audit.last_by_others(project_id, everyone) is None
