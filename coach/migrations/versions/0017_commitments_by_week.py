"""an index of commitments by week: a large team's week of commitments (an admin's summary) read from the index
alone, where the index by rep made PostgreSQL scan every commitment ever made

Revision ID: 0017
Revises: 0016
"""

from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_commitments_week", "commitments", ["week_start", "user_id", "drills", "interviews", "checklists"]
    )


def downgrade() -> None:
    op.drop_index("ix_commitments_week", table_name="commitments")
