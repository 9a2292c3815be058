"""Client satisfaction surveys (CSAT): occasions and answers.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

INSTANT = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "survey_occasions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("milestone_id", sa.Integer(), nullable=True),
        sa.Column("opened_at", INSTANT, nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name="fk_survey_occasions_project_id_projects",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["milestone_id"],
            ["milestones.id"],
            name="fk_survey_occasions_milestone_id_milestones",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_survey_occasions"),
        sa.UniqueConstraint("project_id", "key", name="uq_survey_occasions_project_id_key"),
    )
    op.create_table(
        "survey_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("occasion_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("first_answered_at", INSTANT, nullable=False),
        sa.Column("answered_at", INSTANT, nullable=False),
        sa.ForeignKeyConstraint(
            ["occasion_id"],
            ["survey_occasions.id"],
            name="fk_survey_answers_occasion_id_survey_occasions",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name="fk_survey_answers_person_id_people"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_survey_answers"),
        sa.UniqueConstraint(
            "occasion_id", "person_id", name="uq_survey_answers_occasion_id_person_id"
        ),
    )
    op.create_table(
        "survey_settings",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("mode", sa.String(32), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name="fk_survey_settings_project_id_projects",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("project_id", name="pk_survey_settings"),
    )


def downgrade() -> None:
    op.drop_table("survey_settings")
    op.drop_table("survey_answers")
    op.drop_table("survey_occasions")
