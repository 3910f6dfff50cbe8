"""checklist runs: a deal and stage may come later; when the plan was made, the reminder sent, the debrief asked

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("checklist_runs") as batch:
        batch.alter_column("deal_id", existing_type=sa.Integer(), nullable=True)
        batch.alter_column("stage", existing_type=sa.String(length=64), nullable=True)
        batch.add_column(sa.Column("planned_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("debrief_asked_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("checklist_runs") as batch:
        batch.drop_column("debrief_asked_at")
        batch.drop_column("reminded_at")
        batch.drop_column("planned_at")
        batch.alter_column("stage", existing_type=sa.String(length=64), nullable=False)
        batch.alter_column("deal_id", existing_type=sa.Integer(), nullable=False)
