"""Milestones that can be corrected: cancelled (with a reason and the state to reopen to), and
each submitted version recorded with the criteria it was submitted under.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# Frozen copies of storage.types: a migration must not change when the application's types do.
ENUM = sa.String(32)
INSTANT = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.add_column(
        "milestones", sa.Column("cancel_reason", sa.Text(), server_default="", nullable=False)
    )
    op.add_column("milestones", sa.Column("cancelled_at", INSTANT, nullable=True))
    op.add_column("milestones", sa.Column("state_before_cancel", ENUM, nullable=True))
    op.create_table(
        "milestone_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("milestone_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("criteria", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("submitted_by_id", sa.Integer(), nullable=True),
        sa.Column("submitted_at", INSTANT, nullable=True),
        sa.Column("state_before", ENUM, nullable=False),
        sa.Column("withdrawn_by_id", sa.Integer(), nullable=True),
        sa.Column("withdrawn_at", INSTANT, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_milestone_versions"),
        sa.ForeignKeyConstraint(
            ["milestone_id"],
            ["milestones.id"],
            name="fk_milestone_versions_milestone_id_milestones",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["submitted_by_id"], ["people.id"], name="fk_milestone_versions_submitted_by_id_people"
        ),
        sa.ForeignKeyConstraint(
            ["withdrawn_by_id"], ["people.id"], name="fk_milestone_versions_withdrawn_by_id_people"
        ),
        sa.UniqueConstraint(
            "milestone_id", "version", name="uq_milestone_versions_milestone_id_version"
        ),
    )
    # The version in hand when this runs gets its record, with today's criteria (they could not
    # have been changed in review before now); who submitted it is not known, so only a PM may
    # withdraw it. A version before it had changes requested when rounds were used.
    op.execute(
        "INSERT INTO milestone_versions (milestone_id, version, criteria, note, submitted_at, "
        "state_before) SELECT id, version, criteria, submit_note, submitted_at, "
        "CASE WHEN rounds_used > 0 THEN 'changes_requested' ELSE 'planned' END "
        "FROM milestones WHERE version > 0"
    )


def downgrade() -> None:
    op.drop_table("milestone_versions")
    # Plain ALTER TABLE … DROP COLUMN (SQLite 3.35+): a batch copy of `milestones` would have to
    # drop a table other rows refer to. A cancelled milestone goes back to where it was.
    op.execute(
        "UPDATE milestones SET state = COALESCE(state_before_cancel, 'planned') "
        "WHERE state = 'cancelled'"
    )
    op.drop_column("milestones", "state_before_cancel")
    op.drop_column("milestones", "cancelled_at")
    op.drop_column("milestones", "cancel_reason")
