"""Nudges: per-project nudge settings, the outbox of occurrences (unique keys, leases), the
deliveries log and planning turns.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

ENUM = sa.String(32)
INSTANT = sa.DateTime(timezone=True)


def _project_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["project_id"],
        ["projects.id"],
        name=f"fk_{table}_project_id_projects",
        ondelete="CASCADE",
    )


def upgrade() -> None:
    op.create_table(
        "nudge_settings",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("paused", sa.Boolean(), nullable=False),
        sa.Column("paused_until", INSTANT, nullable=True),
        sa.Column("disabled", sa.JSON(), nullable=False),
        sa.Column("country", sa.String(), nullable=False),
        sa.Column("holidays", sa.JSON(), nullable=False),
        sa.Column("updated_at", INSTANT, nullable=False),
        _project_fk("nudge_settings"),
        sa.PrimaryKeyConstraint("project_id", name="pk_nudge_settings"),
    )
    op.create_table(
        "nudge_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("kind", ENUM, nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("platform", ENUM, nullable=False),
        sa.Column("tenant", sa.String(), nullable=False),
        sa.Column("channel", sa.String(), nullable=False),
        sa.Column("subject", sa.JSON(), nullable=False),
        sa.Column("due_at", INSTANT, nullable=False),
        sa.Column("status", ENUM, nullable=False),
        sa.Column("not_before", INSTANT, nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("lease_owner", sa.String(), nullable=False),
        sa.Column("lease_until", INSTANT, nullable=True),
        sa.Column("message_id", sa.String(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.Column("finished_at", INSTANT, nullable=True),
        _project_fk("nudge_outbox"),
        sa.PrimaryKeyConstraint("id", name="pk_nudge_outbox"),
        sa.UniqueConstraint("key", name="uq_nudge_outbox_key"),
    )
    op.create_index("ix_nudge_outbox_status_not_before", "nudge_outbox", ["status", "not_before"])
    op.create_index("ix_nudge_outbox_project_id_due_at", "nudge_outbox", ["project_id", "due_at"])
    op.create_table(
        "nudge_deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("kind", ENUM, nullable=False),
        sa.Column("platform", ENUM, nullable=False),
        sa.Column("tenant", sa.String(), nullable=False),
        sa.Column("channel", sa.String(), nullable=False),
        sa.Column("at", INSTANT, nullable=False),
        sa.Column("outcome", sa.String(), nullable=False),
        sa.Column("message_id", sa.String(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("instance", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_nudge_deliveries"),
    )
    op.create_index("ix_nudge_deliveries_key", "nudge_deliveries", ["key"])
    op.create_table(
        "nudge_turns",
        sa.Column("slot", sa.String(), nullable=False),
        sa.Column("owner", sa.String(), nullable=False),
        sa.Column("taken_at", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("slot", name="pk_nudge_turns"),
    )
    op.create_index("ix_nudge_turns_taken_at", "nudge_turns", ["taken_at"])


def downgrade() -> None:
    op.drop_index("ix_nudge_turns_taken_at", table_name="nudge_turns")
    op.drop_table("nudge_turns")
    op.drop_index("ix_nudge_deliveries_key", table_name="nudge_deliveries")
    op.drop_table("nudge_deliveries")
    op.drop_index("ix_nudge_outbox_project_id_due_at", table_name="nudge_outbox")
    op.drop_index("ix_nudge_outbox_status_not_before", table_name="nudge_outbox")
    op.drop_table("nudge_outbox")
    op.drop_table("nudge_settings")
