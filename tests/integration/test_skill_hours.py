"""Skill hours: a workspace's credits by hour, kept by the database however a credit is written or deleted, and the
team's retention by week added up from them, the same as from the credits (on SQLite and PostgreSQL)."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
from sqlalchemy import delete, select

from coach.db import session_scope
from coach.migrate import downgrade, upgrade
from coach.models import PracticeSession, SessionSkill, SkillHour, User, Workspace
from coach.ownership import delete_user
from coach.people import ensure_user
from coach.practice.memory import RECALLED
from coach.practice.sessions import complete_session, start_session
from coach.reports.team_summary import RETENTION_WEEKS, retention_by_week, team_summary

NOW = datetime(2026, 3, 6, 17, 0, tzinfo=timezone.utc)


def drill(session, user: User, moment: datetime, credits: tuple[float, ...]) -> PracticeSession:
    practice = start_session(session, user, "drill", "cfo-discovery:standard", now=moment)
    complete_session(practice, 70.0, now=moment)
    skills = ("discovery", "closing", "objections", "next_steps")[: len(credits)]
    practice.detail = {"lines": [{"skills": [skill], "credit": c} for skill, c in zip(skills, credits, strict=True)]}
    session.flush()
    return practice


def utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def hours_kept(session) -> dict[tuple[str, datetime], tuple[int, int]]:
    rows = session.execute(select(SkillHour.team_id, SkillHour.hour, SkillHour.shown, SkillHour.recalled))
    return {(team, utc(hour)): (shown, recalled) for team, hour, shown, recalled in rows if shown or recalled}


def hours_counted(session) -> dict[tuple[str, datetime], tuple[int, int]]:
    shown: Counter = Counter()
    recalled: Counter = Counter()
    for team, moment, credit in session.execute(
        select(SessionSkill.team_id, SessionSkill.completed_at, SessionSkill.credit)
    ):
        key = (team, utc(moment).replace(minute=0, second=0, microsecond=0))
        shown[key] += 1
        recalled[key] += credit >= RECALLED
    return {key: (shown[key], recalled[key]) for key in shown}


def people(session) -> dict[str, User]:
    found = {
        "A": ensure_user(session, "TAAA", "A", name="Ada", role="admin"),
        "X": ensure_user(session, "TBBB", "X", name="Elsewhere"),
    }
    found |= {f"R{n}": ensure_user(session, "TAAA", f"R{n}", name=f"Rep {n}") for n in range(4)}
    session.flush()
    return found


def test_the_hours_follow_every_write_of_a_credit(db_url: str) -> None:
    with session_scope(db_url) as session:
        who = people(session)
        first = drill(session, who["R0"], NOW - timedelta(days=1, minutes=5), (1.0, 0.2))
        drill(session, who["R1"], NOW - timedelta(days=1, minutes=50), (0.5, 0.3, 0.9))
        drill(session, who["X"], NOW - timedelta(days=1), (1.0,))
        admins = drill(session, who["A"], NOW - timedelta(days=2), (0.1,))
        assert hours_kept(session) == hours_counted(session) != {}
        first.detail = {"lines": [{"skills": ["discovery"], "credit": 0.1}]}  # rubric lines rewritten
        session.flush()
        assert hours_kept(session) == hours_counted(session)
        first.completed_at = NOW - timedelta(days=9)  # moved to another hour
        session.flush()
        assert hours_kept(session) == hours_counted(session)
        admins.status = "abandoned"
        session.flush()
        assert hours_kept(session) == hours_counted(session)
        session.delete(first)
        session.flush()
        assert hours_kept(session) == hours_counted(session)
        drill(session, who["R2"], NOW - timedelta(hours=3), (0.6, 0.6))
        session.execute(delete(SessionSkill).where(SessionSkill.user_id == who["R2"].id))  # a bulk delete
        assert hours_kept(session) == hours_counted(session)
    with session_scope(db_url) as session:
        delete_user(session, None, "TAAA", "R1")  # its sessions go with a bulk delete, their credits by cascade
        assert hours_kept(session) == hours_counted(session)
        session.execute(delete(Workspace).where(Workspace.team_id == "TBBB"))
        assert hours_kept(session) == hours_counted(session)


def expected_weeks(session, team: str, ids: list[int], now: datetime) -> list[tuple[int, int]]:
    """(credits, remembered) per week, counted from the credits one by one."""
    starts = [now - timedelta(weeks=n) for n in range(RETENTION_WEEKS, 0, -1)]
    weeks = [[0, 0] for _ in starts]
    for user_id, moment, credit in session.execute(
        select(SessionSkill.user_id, SessionSkill.completed_at, SessionSkill.credit).where(SessionSkill.team_id == team)
    ):
        n = bisect_right(starts, utc(moment)) - 1
        if user_id in ids and n >= 0:
            weeks[n][0] += 1
            weeks[n][1] += credit >= RECALLED
    return [(shown, remembered) for shown, remembered in weeks]


def test_retention_by_week_from_the_hours_is_retention_from_the_credits(db_url: str) -> None:
    with session_scope(db_url) as session:
        who = people(session)
        for n in range(60):  # credits over nine weeks, some on the hour, some a minute either side of a week's start
            moment = NOW - timedelta(days=n, minutes=(0, 1, -1, 17, 30)[n % 5])
            drill(session, who[f"R{n % 4}"], moment, (n % 3 / 2, 1.0, 0.3)[: 1 + n % 3])
        drill(session, who["A"], NOW - timedelta(days=3), (1.0, 1.0))  # the admin's own: not in the admin's view
        drill(session, who["X"], NOW - timedelta(days=3), (1.0,))  # another workspace's
        ids = [user.id for key, user in who.items() if key.startswith("R")]
        for now in (
            NOW,
            NOW + timedelta(minutes=1),
            NOW - timedelta(minutes=1),
            NOW + timedelta(minutes=17, seconds=9),
        ):
            weeks = retention_by_week(session, "TAAA", ids, now)  # an admin's view: from the hours
            assert [(w["reviews"], round(w["retention"] * w["reviews"]) if w["reviews"] else 0) for w in weeks] == (
                expected_weeks(session, "TAAA", ids, now)
            )
            few = retention_by_week(session, "TAAA", ids[:1], now)  # a manager of one: from the credits
            assert [w["reviews"] for w in few] == [shown for shown, _ in expected_weeks(session, "TAAA", ids[:1], now)]
        summary = team_summary(session, who["A"], 7, NOW + timedelta(minutes=1))
        assert summary["retention"] == retention_by_week(
            session, "TAAA", [u.id for k, u in who.items() if k not in ("A", "X")], NOW + timedelta(minutes=1)
        )


def test_the_upgrade_counts_the_credits_already_stored(db_url: str) -> None:
    with session_scope(db_url) as session:
        who = people(session)
        for n in range(10):
            drill(session, who["R0"], NOW - timedelta(hours=7 * n), (1.0, 0.2, 0.5))
        expected = hours_counted(session)
    downgrade(db_url, "0015")
    engine = sa.create_engine(db_url)
    with engine.begin() as connection:
        assert "skill_hours" not in sa.inspect(connection).get_table_names()
    engine.dispose()
    upgrade(db_url)
    with session_scope(db_url) as session:
        assert hours_kept(session) == expected
        drill(session, session.get(User, who["R1"].id), NOW, (1.0,))  # and the triggers count on
        assert hours_kept(session) == hours_counted(session)
