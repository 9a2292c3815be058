"""A project's own times for its nudges (`nudges time digest tue 10:00`).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("nudge_settings") as batch:
        batch.add_column(sa.Column("times", sa.JSON(), server_default="[]", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("nudge_settings") as batch:
        batch.drop_column("times")
