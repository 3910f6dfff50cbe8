"""team view indexes: a team's debriefs of the period, checklists and commitments of the week, by rep and time; the
sessions' score, "was this useful?" and id join their summary index, so the period's sums are read from the index
alone

Revision ID: 0013
Revises: 0012
"""

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None
INDEXES = (
    ("checklist_runs", "ix_checklist_runs_user_completed", ["user_id", "completed_at"]),
    ("checklist_runs", "ix_checklist_runs_user_planned", ["user_id", "planned_at"]),
    ("commitments", "ix_commitments_user_week", ["user_id", "week_start"]),
)


SESSIONS = "ix_practice_sessions_user_status_completed"
SESSION_COLUMNS = ["user_id", "status", "completed_at", "kind", "team_id"]


def upgrade() -> None:
    for table, name, columns in INDEXES:
        op.create_index(name, table, columns)
    op.drop_index("ix_commitments_user_id", table_name="commitments")  # the new one starts with user_id
    with op.batch_alter_table("practice_sessions") as batch:
        batch.drop_index(SESSIONS)
        batch.create_index(SESSIONS, [*SESSION_COLUMNS, "score", "useful", "id"])


def downgrade() -> None:
    with op.batch_alter_table("practice_sessions") as batch:
        batch.drop_index(SESSIONS)
        batch.create_index(SESSIONS, SESSION_COLUMNS)
    op.create_index("ix_commitments_user_id", "commitments", ["user_id"])
    for table, name, _ in INDEXES:
        op.drop_index(name, table_name=table)
