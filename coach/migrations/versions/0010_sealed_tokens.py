"""room for Slack tokens stored encrypted (coach/token_keys.py): a Fernet token of a bot token is about 170
characters, more for a longer token

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

COLUMNS = {"slack_bots": ["bot_token"], "slack_installations": ["bot_token", "user_token"]}


def _resize(length: int) -> None:
    for table, columns in COLUMNS.items():
        with op.batch_alter_table(table) as batch:
            for column in columns:
                batch.alter_column(column, type_=sa.String(length))


def upgrade() -> None:
    _resize(500)


def downgrade() -> None:
    _resize(200)
