"""spaced practice: skill memories, pauses, the rep's practice time, hire date and last micro-drill

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("practice_time", sa.String(length=5), nullable=True))
        batch.add_column(sa.Column("hired_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("last_micro_on", sa.Date(), nullable=True))
    op.create_table(
        "skill_memories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("skill", sa.String(length=64), nullable=False),
        sa.Column("card", sa.JSON(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reviews", sa.Integer(), nullable=False),
        sa.Column("last_credit", sa.Float(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["workspaces.team_id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "skill"),
    )
    op.create_index("ix_skill_memories_team_id", "skill_memories", ["team_id"])
    op.create_index("ix_skill_memories_user_id", "skill_memories", ["user_id"])
    op.create_index("ix_skill_memories_due_at", "skill_memories", ["due_at"])
    op.create_table(
        "practice_pauses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["team_id"], ["workspaces.team_id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_practice_pauses_team_id", "practice_pauses", ["team_id"])
    op.create_index("ix_practice_pauses_user_id", "practice_pauses", ["user_id"])


def downgrade() -> None:
    op.drop_table("practice_pauses")
    op.drop_table("skill_memories")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("last_micro_on")
        batch.drop_column("hired_on")
        batch.drop_column("practice_time")
