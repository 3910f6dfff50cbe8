"""drill results and the rep's 'was this useful?' on practice sessions

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("practice_sessions") as batch:
        batch.add_column(sa.Column("detail", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("useful", sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("practice_sessions") as batch:
        batch.drop_column("useful")
        batch.drop_column("detail")
