"""The contract's sign-off terms: a project's stages and self-approval, a milestone's own
revision rounds, the studio's internal rounds, and whether the client signed an approval off.

An approval already stored counts as the client's only where a client-stage approval of the
approved version is on record: what the studio alone approved is never shown as the client's.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

milestones = sa.table(
    "milestones",
    sa.column("id", sa.Integer()),
    sa.column("version", sa.Integer()),
    sa.column("state", sa.String()),
    sa.column("signed_by_client", sa.Boolean()),
)
decisions = sa.table(
    "decisions",
    sa.column("milestone_id", sa.Integer()),
    sa.column("version", sa.Integer()),
    sa.column("stage", sa.String()),
    sa.column("kind", sa.String()),
)


def upgrade() -> None:
    # Plain ADD COLUMN, as in 0010: a SQLite batch copy would drop tables other rows refer to.
    for table, name, kind, default in (
        ("projects", "studio_stage", sa.Boolean(), sa.true()),
        ("projects", "self_approval", sa.Boolean(), sa.false()),
        ("milestones", "internal_rounds", sa.Integer(), sa.text("0")),
        ("milestones", "signed_by_client", sa.Boolean(), sa.false()),
    ):
        op.add_column(table, sa.Column(name, kind, server_default=default, nullable=False))
    op.add_column("milestones", sa.Column("rounds_included", sa.Integer(), nullable=True))
    by_client = (
        sa.select(decisions.c.milestone_id)
        .where(
            decisions.c.milestone_id == milestones.c.id,
            decisions.c.version == milestones.c.version,
            decisions.c.stage == "client",
            decisions.c.kind == "approve",
        )
        .exists()
    )
    op.execute(
        milestones.update()
        .where(milestones.c.state == "approved", by_client)
        .values(signed_by_client=True)
    )


def downgrade() -> None:
    for column in ("signed_by_client", "internal_rounds", "rounds_included"):
        op.drop_column("milestones", column)
    for column in ("self_approval", "studio_stage"):
        op.drop_column("projects", column)
