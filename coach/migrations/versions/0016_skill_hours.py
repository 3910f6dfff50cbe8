"""skill hours: each workspace's skill credits by hour (how many, how many remembered), kept by triggers on
session_skills and filled here from the credits already stored, so retention by week adds up hours; and an index
of a workspace's credits by time, for the hours a week begins in

Revision ID: 0016
Revises: 0015
"""

import sqlalchemy as sa
from alembic import op

from coach.practice.memory import RECALLED

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

# The hour a credit falls in, in UTC, as each database stores a datetime (SQLAlchemy's text on SQLite).
HOUR = {
    "postgresql": "date_trunc('hour', {0}.completed_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'",
    "sqlite": "strftime('%Y-%m-%d %H:00:00.000000', {0}.completed_at)",
}
REMEMBERED = {"postgresql": "({0}.credit >= {1})::int", "sqlite": "({0}.credit >= {1})"}


def _count(dialect: str, row: str) -> str:
    """SQL that adds a credit (the trigger's NEW row) to its hour, or takes one (OLD) away: an update alone, so a
    workspace being deleted (its hours first, by cascade) gets no hour back."""
    hour, remembered = HOUR[dialect].format(row), REMEMBERED[dialect].format(row, RECALLED)
    if row == "OLD":
        return (
            f"UPDATE skill_hours SET shown = shown - 1, recalled = recalled - {remembered}"
            f" WHERE team_id = OLD.team_id AND hour = {hour};"
        )
    return (
        f"INSERT INTO skill_hours (team_id, hour, shown, recalled) VALUES (NEW.team_id, {hour}, 1, {remembered})"
        " ON CONFLICT (team_id, hour) DO UPDATE SET shown = skill_hours.shown + 1,"
        " recalled = skill_hours.recalled + excluded.recalled;"
    )


def upgrade() -> None:
    op.create_table(
        "skill_hours",
        sa.Column(
            "team_id", sa.String(32), sa.ForeignKey("workspaces.team_id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("hour", sa.DateTime(timezone=True), primary_key=True),
        sa.Column("shown", sa.Integer(), nullable=False),
        sa.Column("recalled", sa.Integer(), nullable=False),
    )
    op.create_index(
        "ix_session_skills_team_completed", "session_skills", ["team_id", "completed_at", "credit", "user_id"]
    )
    dialect = op.get_bind().dialect.name
    # The triggers first: on PostgreSQL, creating one waits for writers of session_skills and holds them off until
    # this migration commits, so the fill below counts every credit exactly once.
    if dialect == "postgresql":
        op.execute(
            "CREATE FUNCTION skill_hours_count() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
            f" IF TG_OP IN ('UPDATE', 'DELETE') THEN {_count(dialect, 'OLD')} END IF;"
            f" IF TG_OP IN ('UPDATE', 'INSERT') THEN {_count(dialect, 'NEW')} END IF;"
            " RETURN NULL; END $$"
        )
        op.execute(
            "CREATE TRIGGER session_skills_hours AFTER INSERT OR UPDATE OR DELETE ON session_skills"
            " FOR EACH ROW EXECUTE FUNCTION skill_hours_count()"
        )
    else:
        for event, rows in (("INSERT", ("NEW",)), ("UPDATE", ("OLD", "NEW")), ("DELETE", ("OLD",))):
            body = " ".join(_count(dialect, row) for row in rows)
            op.execute(f"CREATE TRIGGER session_skills_hours_{event.lower()} AFTER {event} ON session_skills BEGIN {body} END")
    hour = sa.literal_column(HOUR[dialect].format("session_skills"))
    credits = sa.table("session_skills", sa.column("team_id"), sa.column("completed_at"), sa.column("credit"))
    hours = sa.table("skill_hours", *(sa.column(name) for name in ("team_id", "hour", "shown", "recalled")))
    op.execute(
        hours.insert().from_select(
            ["team_id", "hour", "shown", "recalled"],
            sa.select(
                credits.c.team_id,
                hour,
                sa.func.count(),
                sa.func.count(sa.case((credits.c.credit >= RECALLED, 1))),
            ).group_by(credits.c.team_id, hour),
        )
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER session_skills_hours ON session_skills")
        op.execute("DROP FUNCTION skill_hours_count()")
    else:
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER session_skills_hours_{event}")
    op.drop_index("ix_session_skills_team_completed", table_name="session_skills")
    op.drop_table("skill_hours")
