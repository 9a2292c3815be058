"""What each version was submitted with: its deliverables (links, and files shared in chat with
their size and SHA-256), kept as a JSON list on the version.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "milestone_versions",
        sa.Column("deliverables", sa.JSON(), server_default="[]", nullable=False),
    )


def downgrade() -> None:
    op.drop_column("milestone_versions", "deliverables")
