"""People's own time zones (for direct messages at their local hours), and each outbox item's
series (its key without the due instant) so a retimed nudge is not sent twice.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# Keys end with ":YYYY-MM-DDTHH:MMZ" (18 characters): the series is what comes before.
_DUE_SUFFIX = 18


def upgrade() -> None:
    op.add_column("people", sa.Column("timezone", sa.String(), server_default="", nullable=False))
    op.add_column("nudge_outbox", sa.Column("series", sa.String(), nullable=True))
    op.execute(f"UPDATE nudge_outbox SET series = substr(key, 1, length(key) - {_DUE_SUFFIX})")
    # Nothing refers to nudge_outbox, so SQLite's batch copy of it is safe.
    with op.batch_alter_table("nudge_outbox") as batch:
        batch.alter_column("series", existing_type=sa.String(), nullable=False)
    op.create_index("ix_nudge_outbox_series", "nudge_outbox", ["series"])


def downgrade() -> None:
    # Plain ALTER TABLE … DROP COLUMN (SQLite 3.35+): a batch copy of `people` would have to
    # drop a table other rows refer to.
    op.drop_index("ix_nudge_outbox_series", table_name="nudge_outbox")
    op.drop_column("nudge_outbox", "series")
    op.drop_column("people", "timezone")
