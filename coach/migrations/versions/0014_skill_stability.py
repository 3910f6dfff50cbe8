"""skill stability: each skill memory's FSRS stability as a column (from its card), so a team summary works out
which skills are due and slipping in SQL, from an index

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None
INDEXED = ("user_id", "due_at", "updated_at", "stability", "skill")  # a team summary's skills due and slipping


def upgrade() -> None:
    with op.batch_alter_table("skill_memories") as batch:
        batch.add_column(sa.Column("stability", sa.Float(), nullable=True))
    memories = sa.table("skill_memories", sa.column("card", sa.JSON()), sa.column("stability", sa.Float()))
    op.execute(memories.update().values(stability=memories.c.card["stability"].as_float()))
    op.create_index("ix_skill_memories_user_due", "skill_memories", [*INDEXED])


def downgrade() -> None:
    op.drop_index("ix_skill_memories_user_due", table_name="skill_memories")
    with op.batch_alter_table("skill_memories") as batch:
        batch.drop_column("stability")
