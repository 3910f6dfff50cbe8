"""summary indexes: a rep's sessions by status and completion time, read by streaks, progress and the team summary

Revision ID: 0007
Revises: 0006
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # kind and team_id ride along so the practice-days query is answered from the index alone.
    with op.batch_alter_table("practice_sessions") as batch:
        batch.create_index(
            "ix_practice_sessions_user_status_completed",
            ["user_id", "status", "completed_at", "kind", "team_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("practice_sessions") as batch:
        batch.drop_index("ix_practice_sessions_user_status_completed")
