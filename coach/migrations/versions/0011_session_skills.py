"""session skills: each completed session's credit per skill, so team summaries add credits up in SQL (filled here
from the sessions already stored)

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

from coach.practice.memory import evidence
from coach.practice.sessions import PRACTICE_KINDS

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None
BATCH = 2000


def upgrade() -> None:
    skills = op.create_table(
        "session_skills",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "team_id", sa.String(32), sa.ForeignKey("workspaces.team_id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column(
            "session_id", sa.Integer(), sa.ForeignKey("practice_sessions.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("skill", sa.String(64), nullable=False),
        sa.Column("credit", sa.Float(), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_session_skills_session_id", "session_skills", ["session_id"])
    op.create_index(
        "ix_session_skills_user_completed",
        "session_skills",
        ["user_id", "completed_at", "skill", "credit", "team_id", "session_id"],
    )
    sessions = sa.table(
        "practice_sessions",
        *(sa.column(name) for name in ("id", "team_id", "user_id", "kind", "status", "score")),
        sa.column("completed_at", sa.DateTime(timezone=True)),
        sa.column("detail", sa.JSON()),
    )
    connection = op.get_bind()
    last = 0
    while True:
        rows = connection.execute(
            sa.select(sessions)
            .where(
                sessions.c.id > last,
                sessions.c.status == "completed",
                sessions.c.kind.in_(PRACTICE_KINDS),
                sessions.c.completed_at.is_not(None),
            )
            .order_by(sessions.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        credits = [
            {"team_id": row.team_id, "session_id": row.id, "user_id": row.user_id, "skill": skill, "credit": credit,
             "completed_at": row.completed_at}
            for row in rows
            for skill, credit in evidence(row.kind, row.detail, row.score).items()
        ]  # fmt: skip
        if credits:
            connection.execute(skills.insert(), credits)
        last = rows[-1].id


def downgrade() -> None:
    op.drop_table("session_skills")
