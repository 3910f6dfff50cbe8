"""A large team's summary read side by side (`coach/side_reads.py`): on PostgreSQL, once nothing is left uncommitted,
its reads run on connections of their own in the asking transaction's snapshot, and the summary is the one a single
session makes; a transaction that has written still sees its own rows."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from coach import side_reads
from coach.db import session_scope
from coach.models import PracticeSession, User
from coach.practice.sessions import complete_session, start_session
from coach.reports.team_summary import team_summary
from tests.integration.test_team_summary import NOW, org


@pytest.fixture
def side_reads_counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every team view counts as large; the names of the reads that ran side by side."""
    ran: list[str] = []
    in_snapshot = side_reads._in_snapshot

    def counted(engine, snapshot, function, args):  # type: ignore[no-untyped-def]
        ran.append(function.__name__)
        return in_snapshot(engine, snapshot, function, args)

    monkeypatch.setattr(side_reads, "SIDE_BY_SIDE_FROM", 1)
    monkeypatch.setattr(side_reads, "_in_snapshot", counted)
    return ran


def admin_summary(db_url: str) -> dict:
    with session_scope(db_url) as session:
        return team_summary(session, session.scalars(select(User).where(User.slack_id == "A")).one(), 7, NOW)


def test_a_summary_read_side_by_side_is_the_one_a_single_session_makes(
    db_url: str, side_reads_counted: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with session_scope(db_url) as session:
        org(session)
    side_by_side = admin_summary(db_url)
    if db_url.startswith("postgresql"):
        assert {"_practice", "streaks_of", "progress_of", "due_and_slipping"} <= set(side_reads_counted)
    else:
        assert side_reads_counted == []  # SQLite: one connection's reads, one after another
    monkeypatch.setattr(side_reads, "SIDE_BY_SIDE_FROM", 10**9)
    assert admin_summary(db_url) == side_by_side
    riley = next(rep for rep in side_by_side["reps"] if rep["slack_id"] == "R1")
    assert riley["sessions"] == {"drill": 1} and riley["skills"] == {"closing": 20.0, "discovery": 100.0}


def test_a_transaction_that_has_written_reads_its_own_rows(db_url: str, side_reads_counted: list[str]) -> None:
    with session_scope(db_url) as session:
        people = org(session)  # Riley's drill: flushed, not committed
        summary = team_summary(session, people["A"], 7, NOW)
    riley = next(rep for rep in summary["reps"] if rep["slack_id"] == "R1")
    assert riley["sessions"] == {"drill": 1} and riley["streak"] == 1
    assert side_reads_counted == []


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)  # side reads are PostgreSQL's
def test_side_reads_see_the_database_as_it_was_when_the_summary_began(db_url: str) -> None:
    drills = select(func.count()).select_from(PracticeSession)
    with session_scope(db_url) as session:
        people = org(session)
        rep_id = people["R2"].id
    with session_scope(db_url) as asking:
        before = asking.scalar(drills)
        snapshot = side_reads._snapshot(asking)
        assert snapshot is not None
        with session_scope(db_url) as other:  # a drill completed while the summary is being read
            quinn = other.get(User, rep_id)
            complete_session(start_session(other, quinn, "drill", "cfo-discovery:standard", now=NOW), 50.0, now=NOW)
        seen = side_reads._in_snapshot(asking.get_bind(), snapshot, lambda side: side.scalar(drills), ())
        assert seen == before and asking.scalar(drills) == before + 1  # the asking session reads committed rows
