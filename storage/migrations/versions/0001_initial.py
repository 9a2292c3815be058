"""The initial schema: projects, bindings, people, members, milestones, decisions, feedback,
issues, audit events and the counters behind M-n / FB-n / IS-n.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.schema import SchemaItem

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# Frozen copies of storage.types: a migration must not change when the application's types do.
ENUM = sa.String(32)
INSTANT = sa.DateTime(timezone=True)


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer(), nullable=False)


def _project_id(table: str) -> list[SchemaItem]:
    return [
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=f"fk_{table}_project_id_projects",
            ondelete="CASCADE",
        ),
    ]


def _person_fk(table: str, column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], ["people.id"], name=f"fk_{table}_{column}_people")


def upgrade() -> None:
    op.create_table(
        "projects",
        _id(),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("client", sa.Text(), nullable=False),
        sa.Column("timezone", sa.String(), nullable=False),
        sa.Column("locale", sa.String(), nullable=False),
        sa.Column("revision_rounds", sa.Integer(), nullable=False),
        sa.Column("status", ENUM, nullable=False),
        sa.Column("pm_rule", ENUM, nullable=False),
        sa.Column("client_rule", ENUM, nullable=False),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_projects"),
        sa.UniqueConstraint("key", name="uq_projects_key"),
    )
    op.create_table(
        "people",
        _id(),
        sa.Column("platform", ENUM, nullable=False),
        sa.Column("tenant", sa.String(), nullable=False),
        sa.Column("user_id", sa.String(), nullable=False),
        sa.Column("display_name", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_people"),
        sa.UniqueConstraint(
            "platform", "tenant", "user_id", name="uq_people_platform_tenant_user_id"
        ),
    )
    op.create_table(
        "bindings",
        _id(),
        sa.Column("platform", ENUM, nullable=False),
        sa.Column("tenant", sa.String(), nullable=False),
        sa.Column("channel", sa.String(), nullable=False),
        *_project_id("bindings"),
        sa.PrimaryKeyConstraint("id", name="pk_bindings"),
        sa.UniqueConstraint(
            "platform", "tenant", "channel", name="uq_bindings_platform_tenant_channel"
        ),
    )
    op.create_index("ix_bindings_project_id", "bindings", ["project_id"])
    op.create_table(
        "members",
        _id(),
        *_project_id("members"),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("role", ENUM, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_members"),
        _person_fk("members", "person_id"),
        sa.UniqueConstraint(
            "project_id", "person_id", "role", name="uq_members_project_id_person_id_role"
        ),
    )
    op.create_index("ix_members_person_id", "members", ["person_id"])
    op.create_table(
        "milestones",
        _id(),
        *_project_id("milestones"),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("criteria", sa.JSON(), nullable=False),
        sa.Column("state", ENUM, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("stage", ENUM, nullable=True),
        sa.Column("rounds_used", sa.Integer(), nullable=False),
        sa.Column("over_allowance", sa.Boolean(), nullable=False),
        sa.Column("submit_note", sa.Text(), nullable=False),
        sa.Column("submitted_at", INSTANT, nullable=True),
        sa.Column("stage_started_at", INSTANT, nullable=True),
        sa.Column("approved_at", INSTANT, nullable=True),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.Column("lock_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_milestones"),
        sa.UniqueConstraint("project_id", "number", name="uq_milestones_project_id_number"),
    )
    op.create_table(
        "decisions",
        _id(),
        sa.Column("milestone_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("stage", ENUM, nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("kind", ENUM, nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("platform", ENUM, nullable=False),
        sa.Column("decided_at", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_decisions"),
        sa.ForeignKeyConstraint(
            ["milestone_id"],
            ["milestones.id"],
            name="fk_decisions_milestone_id_milestones",
            ondelete="CASCADE",
        ),
        _person_fk("decisions", "person_id"),
        sa.UniqueConstraint(
            "milestone_id",
            "version",
            "stage",
            "person_id",
            name="uq_decisions_milestone_id_version_stage_person_id",
        ),
    )
    op.create_table(
        "feedback",
        _id(),
        *_project_id("feedback"),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("milestone_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=True),
        sa.Column("status", ENUM, nullable=False),
        sa.Column("source_link", sa.Text(), nullable=False),
        sa.Column("resolution_note", sa.Text(), nullable=False),
        sa.Column("resolved_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.Column("updated_at", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_feedback"),
        _person_fk("feedback", "author_id"),
        _person_fk("feedback", "resolved_by_id"),
        sa.ForeignKeyConstraint(
            ["milestone_id"], ["milestones.id"], name="fk_feedback_milestone_id_milestones"
        ),
        sa.UniqueConstraint("project_id", "number", name="uq_feedback_project_id_number"),
    )
    op.create_index("ix_feedback_project_id_status", "feedback", ["project_id", "status"])
    op.create_table(
        "issues",
        _id(),
        *_project_id("issues"),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("severity", ENUM, nullable=False),
        sa.Column("status", ENUM, nullable=False),
        sa.Column("reporter_id", sa.Integer(), nullable=False),
        sa.Column("assignee_id", sa.Integer(), nullable=True),
        sa.Column("milestone_id", sa.Integer(), nullable=True),
        sa.Column("response_due_at", INSTANT, nullable=True),
        sa.Column("acknowledged_at", INSTANT, nullable=True),
        sa.Column("resolved_at", INSTANT, nullable=True),
        sa.Column("closed_at", INSTANT, nullable=True),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.Column("updated_at", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_issues"),
        _person_fk("issues", "reporter_id"),
        _person_fk("issues", "assignee_id"),
        sa.ForeignKeyConstraint(
            ["milestone_id"], ["milestones.id"], name="fk_issues_milestone_id_milestones"
        ),
        sa.UniqueConstraint("project_id", "number", name="uq_issues_project_id_number"),
    )
    op.create_index("ix_issues_project_id_status", "issues", ["project_id", "status"])
    op.create_table(
        "audit_events",
        _id(),
        *_project_id("audit_events"),
        sa.Column("at", INSTANT, nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("platform", ENUM, nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("subject", sa.String(), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit_events"),
        _person_fk("audit_events", "actor_id"),
    )
    op.create_index("ix_audit_events_project_id_at", "audit_events", ["project_id", "at"])
    op.create_table(
        "counters",
        *_project_id("counters"),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("next_number", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("project_id", "kind", name="pk_counters"),
    )


def downgrade() -> None:
    op.drop_table("counters")
    op.drop_index("ix_audit_events_project_id_at", table_name="audit_events")
    op.drop_table("audit_events")
    op.drop_index("ix_issues_project_id_status", table_name="issues")
    op.drop_table("issues")
    op.drop_index("ix_feedback_project_id_status", table_name="feedback")
    op.drop_table("feedback")
    op.drop_table("decisions")
    op.drop_table("milestones")
    op.drop_index("ix_members_person_id", table_name="members")
    op.drop_table("members")
    op.drop_index("ix_bindings_project_id", table_name="bindings")
    op.drop_table("bindings")
    op.drop_table("people")
    op.drop_table("projects")
