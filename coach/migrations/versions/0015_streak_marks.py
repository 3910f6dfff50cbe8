"""streak marks: where each rep's streak stood at the end of a past day, so a team view walks only the days since
(filled here, through yesterday, for everyone who has practised)

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

from coach.models import utcnow
from coach.practice.streak_marks import fill_marks

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "streak_marks",
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
        sa.Column(
            "team_id", sa.String(32), sa.ForeignKey("workspaces.team_id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("streak", sa.Integer(), nullable=False),
        sa.Column("earning", sa.Integer(), nullable=False),
        sa.Column("freezes", sa.Integer(), nullable=False),
        sa.Column("last_practice", sa.Date(), nullable=True),
    )
    op.create_index("ix_streak_marks_team_id", "streak_marks", ["team_id"])
    session = Session(bind=op.get_bind())
    fill_marks(session, utcnow())
    session.flush()


def downgrade() -> None:
    op.drop_table("streak_marks")
