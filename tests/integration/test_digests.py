"""Who gets a Monday digest: one query, the same people as asking `visible_reps` of every manager and admin."""

from __future__ import annotations

from datetime import date, datetime, timezone

from coach.db import session_scope
from coach.people import ensure_user
from coach.reports.digests import describe_digest, digest_candidates, set_digest
from coach.reports.team_summary import visible_reps

MONDAY_9AM = datetime(2026, 3, 9, 9, tzinfo=timezone.utc)


def test_digests_go_to_managers_and_admins_with_someone_to_report_on(db_url: str) -> None:
    with session_scope(db_url) as session:
        people = {
            "boss": ensure_user(session, "TAAA", "boss", role="manager"),  # two reports
            "idle": ensure_user(session, "TAAA", "idle", role="manager"),  # nobody reports to them
            "far": ensure_user(session, "TAAA", "far", role="manager"),  # their one "report" is in another workspace
            "sent": ensure_user(session, "TAAA", "sent", role="manager"),  # already had this Monday's
            "ada": ensure_user(session, "TAAA", "ada", role="admin"),  # sees everyone in TAAA
            "r1": ensure_user(session, "TAAA", "r1"),
            "r2": ensure_user(session, "TAAA", "r2"),
            "r3": ensure_user(session, "TAAA", "r3"),
            "away": ensure_user(session, "TCCC", "away"),
            "lonely": ensure_user(session, "TDDD", "lonely", role="admin"),  # nobody else in TDDD
        }
        session.flush()
        for rep, manager in (("r1", "boss"), ("r2", "boss"), ("r3", "sent"), ("away", "far")):
            people[rep].manager_id = people[manager].id
        people["sent"].last_digest_on = date(2026, 3, 9)
        session.flush()

        found = [(user.slack_id, today) for user, today in digest_candidates(session, MONDAY_9AM)]
        looped = [
            (user.slack_id, date(2026, 3, 9))
            for user in sorted(people.values(), key=lambda u: u.id)
            if user.role in ("manager", "admin") and user.slack_id != "sent" and visible_reps(session, user)
        ]
    assert found == looped == [("boss", date(2026, 3, 9)), ("ada", date(2026, 3, 9))]


def test_a_monday_that_is_sunday_or_tuesday_in_utc_still_counts(db_url: str) -> None:
    with session_scope(db_url) as session:
        for slack_id, tz in (("nz", "Pacific/Auckland"), ("la", "America/Los_Angeles")):
            manager = ensure_user(session, "TAAA", slack_id, role="manager", tz=tz)
            session.flush()
            ensure_user(session, "TAAA", slack_id + "-rep").manager_id = manager.id
        session.flush()

        def due(now: datetime) -> list[tuple[str, date]]:
            return [(user.slack_id, today) for user, today in digest_candidates(session, now)]

        assert due(datetime(2026, 3, 8, 18, 59, tzinfo=timezone.utc)) == []  # Monday 07:59 in Auckland
        assert due(datetime(2026, 3, 8, 19, tzinfo=timezone.utc)) == [("nz", date(2026, 3, 9))]  # a Sunday in UTC
        assert due(datetime(2026, 3, 10, 6, 59, tzinfo=timezone.utc)) == [("la", date(2026, 3, 9))]  # 23:59 PDT
        assert due(datetime(2026, 3, 10, 7, tzinfo=timezone.utc)) == []  # Tuesday everywhere that matters
        assert due(datetime(2026, 3, 11, 12, tzinfo=timezone.utc)) == []  # Wednesday: nobody looked at


def test_a_manager_chooses_the_digest_day_or_turns_it_off(db_url: str) -> None:
    thursday_9am = datetime(2026, 3, 12, 9, tzinfo=timezone.utc)
    with session_scope(db_url) as session:
        boss = ensure_user(session, "TAAA", "boss", role="manager")
        session.flush()
        ensure_user(session, "TAAA", "r1").manager_id = boss.id
        session.flush()

        def due(now: datetime) -> list[str]:
            return [user.slack_id for user, _ in digest_candidates(session, now)]

        assert due(MONDAY_9AM) == ["boss"] and due(thursday_9am) == []
        assert describe_digest(boss) == "Your weekly digest comes on *Mondays* from 08:00 your time."
        set_digest(boss, 4)
        assert due(MONDAY_9AM) == [] and due(thursday_9am) == ["boss"]
        assert describe_digest(boss) == "Your weekly digest comes on *Thursdays* from 08:00 your time."
        set_digest(boss, None)
        assert due(MONDAY_9AM) == [] and due(thursday_9am) == []
        assert describe_digest(boss).startswith("Your weekly digest is *off*")
