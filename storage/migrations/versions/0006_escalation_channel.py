"""A project's own channel for escalations (`nudges escalate KEY`), instead of PMs' DMs.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("nudge_settings", sa.Column("escalate_to", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_column("nudge_settings", "escalate_to")
