"""buddies, reminders and retention: a rep's own practice days and reminder time, pair reviews, transcript retention

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("practice_days", sa.String(7), nullable=True))
        batch.add_column(sa.Column("reminder_time", sa.String(5), nullable=True))
        batch.add_column(sa.Column("last_reminder_on", sa.Date(), nullable=True))
    with op.batch_alter_table("buddy_pairs") as batch:
        batch.add_column(sa.Column("review_asked_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("checkins") as batch:
        batch.create_unique_constraint("uq_checkins_once", ["pair_id", "user_id", "week_start", "kind"])
    with op.batch_alter_table("workspaces") as batch:
        batch.add_column(sa.Column("retention_days", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("workspaces") as batch:
        batch.drop_column("retention_days")
    with op.batch_alter_table("checkins") as batch:
        batch.drop_constraint("uq_checkins_once", type_="unique")
    with op.batch_alter_table("buddy_pairs") as batch:
        batch.drop_column("review_asked_at")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("last_reminder_on")
        batch.drop_column("reminder_time")
        batch.drop_column("practice_days")
