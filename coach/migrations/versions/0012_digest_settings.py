"""digest settings: a manager may move the weekly digest to another day, or turn it off

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("digest_day", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("digest_on", sa.Boolean(), nullable=False, server_default=sa.true()))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("digest_on")
        batch.drop_column("digest_day")
