"""A project's date order (`project dates dmy|mdy|ymd`): how 03/04/2027 is read in it.

NULL keeps the default for the project's locale and time zone.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("projects", sa.Column("date_order", sa.String(32), nullable=True))


def downgrade() -> None:
    op.drop_column("projects", "date_order")
