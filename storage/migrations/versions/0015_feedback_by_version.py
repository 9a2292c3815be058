"""Feedback looked up by the version it is about: a version's card counts it whenever the
version is read.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06
"""

from __future__ import annotations

from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_feedback_milestone_id_version", "feedback", ["milestone_id", "version"])


def downgrade() -> None:
    op.drop_index("ix_feedback_milestone_id_version", table_name="feedback")
