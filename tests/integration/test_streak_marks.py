"""Streak marks: a rep's streak kept as of a past day stays true whatever is written after it, so a streak walked
from the mark is always the one walked from every practice day (on SQLite and PostgreSQL)."""

from __future__ import annotations

import random
import subprocess
from datetime import date, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from sqlalchemy import select

from coach.db import session_scope
from coach.migrate import downgrade, upgrade
from coach.models import PracticeSession, StreakMark, User, Workspace, utcnow
from coach.people import ensure_user
from coach.practice import streaks
from coach.practice.pauses import pause_practice, resume_practice
from coach.practice.sessions import complete_session, start_session
from coach.practice.streak_marks import day_end
from coach.practice.streaks import Streak, streaks_of
from coach.reports.team_summary import team_summary
from tests.e2e.test_cli import SPAR
from tests.processes import ROOT

FRIDAY = datetime(2026, 3, 6, 17, 0, tzinfo=timezone.utc)


def practise(session, user: User, moment: datetime, kind: str = "drill") -> PracticeSession:
    practice = start_session(session, user, kind, "cfo-discovery:standard", now=moment)
    complete_session(practice, 70.0, now=moment)
    session.flush()
    return practice


def mark_day(session, user: User) -> date | None:
    return session.scalar(select(StreakMark.day).where(StreakMark.user_id == user.id))


def walked_both_ways(session, users: list[User], now: datetime, monkeypatch) -> dict[int, Streak]:
    """Each streak from the marks, checked against the walk over every practice day (no marks read)."""
    marked = streaks_of(session, users, now)
    with monkeypatch.context() as patched:
        patched.setattr(streaks, "read_marks", lambda *_: {})
        plain = streaks_of(session, users, now)
    assert marked == plain
    return marked


def test_a_completed_session_marks_the_streak_through_the_day_before_and_later_practice_counts(
    db_url: str, monkeypatch
) -> None:
    with session_scope(db_url) as session:
        rep = ensure_user(session, "TAAA", "R1", name="Riley", tz="Asia/Tokyo")
        session.flush()
        for days_ago in (4, 3, 2):  # Monday to Wednesday, Tokyo time
            practise(session, rep, FRIDAY - timedelta(days=days_ago))
        # The last one was on Wednesday evening in Tokyo (Thursday 02:00 there is Wednesday 17:00 UTC): the mark is
        # through Tuesday, and Wednesday's practice is read from the sessions.
        wednesday = (FRIDAY - timedelta(days=2)).astimezone(streaks.zone("Asia/Tokyo")).date()
        assert mark_day(session, rep) == wednesday - timedelta(days=1)
        assert walked_both_ways(session, [rep], FRIDAY - timedelta(days=2), monkeypatch)[rep.id].days == 3
        # A session completed after the mark was written counts, on the day it was completed.
        practise(session, rep, FRIDAY - timedelta(days=1))
        streak = walked_both_ways(session, [rep], FRIDAY, monkeypatch)[rep.id]
        assert streak.days == 4 and not streak.practised_today
        for later in range(1, 8):  # the days after: missed practice days use the freeze, then break the streak
            walked_both_ways(session, [rep], FRIDAY + timedelta(days=later), monkeypatch)


def test_a_backdated_session_rewrites_the_mark_it_made_stale(db_url: str, monkeypatch) -> None:
    with session_scope(db_url) as session:
        rep = ensure_user(session, "TAAA", "R1", name="Riley", tz="UTC")
        session.flush()
        for days_ago in (10, 9, 7, 6, 3, 2):  # Tuesday 24 February on, missing Thursday the 26th and Monday the 2nd
            practise(session, rep, FRIDAY - timedelta(days=days_ago))
        assert mark_day(session, rep) == date(2026, 3, 3)
        thursday = FRIDAY - timedelta(days=1)
        assert walked_both_ways(session, [rep], thursday, monkeypatch)[rep.id].days == 2
        practise(session, rep, FRIDAY - timedelta(days=8))  # completed now, backdated to Thursday the 26th
        assert mark_day(session, rep) == date(2026, 2, 25)  # through the day before it
        # Five days in a row earn a freeze, which covers Monday: seven days.
        assert walked_both_ways(session, [rep], thursday, monkeypatch)[rep.id].days == 7
        # Moved to another day, and deleted: each time the mark goes back before both days.
        late = practise(session, rep, FRIDAY - timedelta(days=1))
        late.completed_at = FRIDAY - timedelta(days=5)
        session.flush()
        assert mark_day(session, rep) == date(2026, 2, 28)
        walked_both_ways(session, [rep], FRIDAY, monkeypatch)
        session.delete(late)
        session.flush()
        walked_both_ways(session, [rep], FRIDAY, monkeypatch)
        # An abandoned session no longer counts.
        last = session.scalars(select(PracticeSession).order_by(PracticeSession.completed_at.desc())).first()
        last.status = "abandoned"
        session.flush()
        walked_both_ways(session, [rep], FRIDAY, monkeypatch)


def test_the_day_boundary_is_the_reps_own_midnight(db_url: str, monkeypatch) -> None:
    with session_scope(db_url) as session:
        rep = ensure_user(session, "TAAA", "R1", name="Riley", tz="Pacific/Auckland")
        session.flush()
        practise(session, rep, FRIDAY - timedelta(days=3))
        mark = session.execute(select(StreakMark.day, StreakMark.until).where(StreakMark.user_id == rep.id)).one()
        until = mark.until if mark.until.tzinfo else mark.until.replace(tzinfo=timezone.utc)
        assert until == day_end(mark.day, "Pacific/Auckland")
        # Just before and just at the end of the next day (whose morning was the first session): two days in a row.
        practise(session, rep, until + timedelta(days=1) - timedelta(seconds=1))
        practise(session, rep, until + timedelta(days=1))
        for now in (until + timedelta(days=1), until + timedelta(days=1, hours=1), until + timedelta(days=2)):
            walked_both_ways(session, [rep], now, monkeypatch)
        assert walked_both_ways(session, [rep], until + timedelta(days=1, hours=1), monkeypatch)[rep.id].days == 2
        # A summary asked for a moment on or before the marked day walks every day instead.
        walked_both_ways(session, [rep], until - timedelta(hours=1), monkeypatch)


def test_pauses_and_practice_days_drop_the_mark(db_url: str, monkeypatch) -> None:
    with session_scope(db_url) as session:
        rep = ensure_user(session, "TAAA", "R1", name="Riley", tz="Europe/London")
        other = ensure_user(session, "TAAA", "R2", name="Quinn", tz="Europe/London")
        session.flush()
        for days_ago in (10, 9, 8):
            practise(session, rep, FRIDAY - timedelta(days=days_ago))
            practise(session, other, FRIDAY - timedelta(days=days_ago))
        assert mark_day(session, rep) is not None
        pause_practice(session, rep, date(2026, 2, 27))
        session.flush()
        assert mark_day(session, rep) is None
        practise(session, rep, FRIDAY - timedelta(days=2))  # practised while paused: marked again
        resume_practice(session, rep, (FRIDAY - timedelta(days=1)).date())
        session.flush()
        assert mark_day(session, rep) is None
        walked_both_ways(session, [rep, other], FRIDAY, monkeypatch)
        practise(session, rep, FRIDAY - timedelta(hours=1))
        rep.practice_days = "1234567"
        session.flush()
        assert mark_day(session, rep) is None and mark_day(session, other) is not None
        walked_both_ways(session, [rep, other], FRIDAY, monkeypatch)
        rep.tz = "America/New_York"
        practise(session, other, FRIDAY - timedelta(hours=1))
        session.get(Workspace, "TAAA").practice_days = "123456"
        session.flush()
        assert mark_day(session, other) is None
        walked_both_ways(session, [rep, other], FRIDAY + timedelta(days=3), monkeypatch)


def test_any_order_of_practice_gives_the_streak_of_every_practice_day(db_url: str, monkeypatch) -> None:
    rng = random.Random(20)
    with session_scope(db_url) as session:
        reps = [
            ensure_user(session, "TAAA", f"R{n}", name=f"Rep {n}", tz=tz)
            for n, tz in enumerate(("Pacific/Auckland", "America/Los_Angeles", "Asia/Kolkata"))
        ]
        session.flush()
        for step in range(40):
            rep = rng.choice(reps)
            moment = FRIDAY - timedelta(days=30 - step * 0.6 - rng.choice((0, 0, 0, 3, 9)), hours=rng.randint(0, 23))
            practise(session, rep, moment, rng.choice(("drill", "micro", "interview")))
            if step % 5 == 4:
                walked_both_ways(session, reps, moment + timedelta(hours=rng.randint(1, 80)), monkeypatch)
        summaries = {}
        for marks in (True, False):
            with monkeypatch.context() as patched:
                if not marks:
                    patched.setattr(streaks, "read_marks", lambda *_: {})
                admin = ensure_user(session, "TAAA", "A", name="Ada", role="admin")
                summaries[marks] = team_summary(session, admin, 7, FRIDAY)
        assert summaries[True] == summaries[False]


def test_the_upgrade_marks_the_streaks_of_practice_already_stored(db_url: str, monkeypatch) -> None:
    downgrade(db_url, "0014")
    now = utcnow()
    engine = sa.create_engine(db_url)
    with engine.begin() as connection:  # as an older Spar stored them (no streak marks)
        connection.execute(sa.insert(Workspace.__table__).values(team_id="TAAA", name="", created_at=now))
        connection.execute(
            sa.insert(User.__table__).values(
                id=1, team_id="TAAA", slack_id="R1", name="Riley", tz="Asia/Kolkata", role="rep", created_at=now
            )
        )
        connection.execute(
            sa.insert(PracticeSession.__table__),
            [
                {
                    "team_id": "TAAA",
                    "user_id": 1,
                    "kind": "drill",
                    "status": "completed",
                    "started_at": moment,
                    "completed_at": moment,
                }  # fmt: skip
                for moment in (now - timedelta(days=n) for n in (0, 1, 2, 3, 5, 6, 7, 8, 9, 12))
            ],
        )
    engine.dispose()
    upgrade(db_url)
    with session_scope(db_url) as session:
        rep = session.get(User, 1)
        yesterday = now.astimezone(streaks.zone("Asia/Kolkata")).date() - timedelta(days=1)
        assert mark_day(session, rep) == yesterday
        assert walked_both_ways(session, [rep], now, monkeypatch)[rep.id].days > 0


@pytest.mark.parametrize("tz", ["UTC", "America/Sao_Paulo"])
def test_a_team_summary_reads_the_same_streaks_from_the_marks(db_url: str, tz: str, monkeypatch) -> None:
    with session_scope(db_url) as session:
        manager = ensure_user(session, "TAAA", "M", name="Morgan", role="manager")
        session.flush()
        reps = [ensure_user(session, "TAAA", f"R{n}", name=f"Rep {n}", tz=tz) for n in range(3)]
        session.flush()
        for n, rep in enumerate(reps):
            rep.manager_id = manager.id
            for day in range(20):
                if (day + n) % (n + 2):
                    practise(session, rep, FRIDAY - timedelta(days=20 - day, hours=n))
        with_marks = team_summary(session, manager, 7, FRIDAY)
        monkeypatch.setattr(streaks, "read_marks", lambda *_: {})
        assert team_summary(session, manager, 7, FRIDAY) == with_marks
        assert [rep["streak"] for rep in with_marks["reps"]] != [0, 0, 0]


def test_fill_streaks_writes_every_mark_again(db_url: str, monkeypatch) -> None:
    now = utcnow()
    with session_scope(db_url) as session:
        rep = ensure_user(session, "TAAA", "R1", name="Riley", tz="UTC")
        session.flush()
        for days_ago in (4, 3, 2, 1):
            practise(session, rep, now - timedelta(days=days_ago))
        # As an older Spar would leave it, changing the rep's practice days during an upgrade: a mark now wrong.
        session.execute(sa.update(User).where(User.id == rep.id).values(practice_days="1234567"))
        session.execute(sa.update(StreakMark).where(StreakMark.user_id == rep.id).values(streak=40))
    result = subprocess.run(
        [SPAR, "db", "fill-streaks"],
        capture_output=True,
        text=True,
        env={"DATABASE_URL": db_url, "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},  # this checkout's code
    )
    assert result.returncode == 0, result.stderr
    assert "streak marks written through yesterday for 1 rep(s) who have practised" in result.stdout
    with session_scope(db_url) as session:
        rep = session.get(User, rep.id)
        assert mark_day(session, rep) == now.date() - timedelta(days=1)
        assert walked_both_ways(session, [rep], now, monkeypatch)[rep.id].days < 40
