"""The domain layer on SQLite and on PostgreSQL: same migrations, same rules."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa

from coach import inbox
from coach.db import session_scope
from coach.demo import load_demo_team, seed_demo_team
from coach.migrate import downgrade, upgrade
from coach.models import BuddyPair, User
from coach.people import ensure_user, find_user, import_roster
from coach.practice.sessions import add_turn, complete_session, start_session
from coach.practice.streaks import current_streak

# Wednesday 12 November 2025, 15:00 UTC.
WEDNESDAY = datetime(2025, 11, 12, 15, 0, tzinfo=timezone.utc)


def practise_on(session, user: User, moment: datetime) -> None:
    practice = start_session(session, user, "drill", "cfo-discovery", now=moment)
    add_turn(session, practice, "rep", "What is the cost of doing nothing?")
    complete_session(practice, 80.0, now=moment)


def test_migrations_create_every_table_and_downgrade_cleanly(db_url: str) -> None:
    tables = set(sa.inspect(sa.create_engine(db_url)).get_table_names())
    assert {
        "workspaces",
        "users",
        "practice_sessions",
        "turns",
        "deals",
        "deal_stage_changes",
        "checklist_runs",
        "buddy_pairs",
        "commitments",
        "checkins",
        "processed_events",
        "inbound_messages",
    } <= tables
    downgrade(db_url)
    assert set(sa.inspect(sa.create_engine(db_url)).get_table_names()) <= {"alembic_version"}
    upgrade(db_url)


def test_the_same_slack_id_in_two_workspaces_is_two_people(db_url: str) -> None:
    with session_scope(db_url) as session:
        ensure_user(session, "TAAA", "U1", name="Ann", tz="Europe/Paris")
        ensure_user(session, "TBBB", "U1", name="Bob")
    with session_scope(db_url) as session:
        assert find_user(session, "TAAA", "U1").name == "Ann"
        assert find_user(session, "TBBB", "U1").name == "Bob"
        assert find_user(session, "TCCC", "U1") is None


def test_an_event_id_is_claimed_once(db_url: str) -> None:
    with session_scope(db_url) as session:
        assert inbox.claim_event(session, "TAAA", "Ev1") is True
    with session_scope(db_url) as session:
        assert inbox.claim_event(session, "TAAA", "Ev1") is False
        assert inbox.claim_event(session, "TAAA", "Ev2") is True


def test_a_message_the_dialogue_failed_on_is_played_again_once(db_url: str) -> None:
    long_trigger_id = "1234567890123.9876543210987.abcdef0123456789abcdef0123456789"  # longer than an event id
    with session_scope(db_url) as session:
        assert inbox.first_failure(session, "TAAA", long_trigger_id) is True
    with session_scope(db_url) as session:
        assert inbox.first_failure(session, "TAAA", long_trigger_id) is False
        assert inbox.first_failure(session, "TAAA", "Ev1") is True  # another message's first failure
        assert inbox.claim_event(session, "TAAA", "Ev1") is True  # and not a claim of the event itself


def test_a_message_waits_for_the_users_earlier_one_being_answered_and_only_for_a_while(db_url: str) -> None:
    with session_scope(db_url) as session:
        first = inbox.keep_message(session, "TAAA", "U1", "D1", "hello", "message", "EvF1")
        inbox.keep_message(session, "TAAA", "U1", "D1", "what's my streak?", "message", "EvF2")
        inbox.keep_message(session, "TAAA", "U2", "D2", "hi", "message", "EvF3")
    with session_scope(db_url) as session:
        assert inbox.waits_behind(session, "TAAA", "U1", "EvF1") == (False, False)  # the first goes at once
        assert inbox.waits_behind(session, "TAAA", "U1", "EvF2") == (False, True)  # behind the first, being answered
        assert inbox.waits_behind(session, "TAAA", "U2", "EvF3") == (False, False)  # nobody else's
        inbox.mark_message(session, "TAAA", first.id, "processed")
    with session_scope(db_url) as session:
        assert inbox.waits_behind(session, "TAAA", "U1", "EvF2") == (False, False)
        stuck = inbox.keep_message(session, "TAAA", "U3", "D3", "left by a bot that stopped", "message", "EvF4")
        stuck.received_at = datetime.now(timezone.utc) - inbox.IN_FLIGHT - timedelta(seconds=1)
        inbox.keep_message(session, "TAAA", "U3", "D3", "and then", "message", "EvF5")
    with session_scope(db_url) as session:
        assert inbox.waits_behind(session, "TAAA", "U3", "EvF5") == (False, False)  # it holds nobody up for ever


def test_old_event_ids_are_forgotten(db_url: str) -> None:
    with session_scope(db_url) as session:
        inbox.claim_event(session, "TAAA", "EvOld")
    with session_scope(db_url) as session:
        assert inbox.forget_old_events(session, timedelta(days=7), now=datetime.now(timezone.utc) + timedelta(days=8))
        assert inbox.claim_event(session, "TAAA", "EvOld") is True


def test_kept_messages_stay_in_their_workspace(db_url: str) -> None:
    with session_scope(db_url) as session:
        kept = inbox.keep_message(session, "TAAA", "U1", "D1", "hello", "message", "Ev9")
        inbox.mark_message(session, "TAAA", kept.id, "pending")
    with session_scope(db_url) as session:
        assert [(m.text, m.status) for m in inbox.messages_of(session, "TAAA", "U1")] == [("hello", "pending")]
        assert inbox.messages_of(session, "TBBB", "U1") == []
        with pytest.raises(sa.exc.NoResultFound):
            inbox.mark_message(session, "TBBB", kept.id, "processed")


def test_no_practice_means_no_streak(db_url: str) -> None:
    with session_scope(db_url) as session:
        user = ensure_user(session, "TAAA", "U1", tz="America/New_York")
        streak = current_streak(session, user, now=WEDNESDAY)
    assert streak.days == 0 and streak.sessions == 0
    assert "haven't practised yet" in streak.describe()


def test_streak_counts_practice_days_and_weekends_do_not_break_it(db_url: str) -> None:
    with session_scope(db_url) as session:
        user = ensure_user(session, "TAAA", "U1", tz="UTC")
        for days_back in (0, 1, 2, 5):  # Wed, Tue, Mon, and the Friday before; the weekend is skipped
            practise_on(session, user, WEDNESDAY - timedelta(days=days_back))
        practise_on(session, user, WEDNESDAY - timedelta(days=9))  # Monday a week before: Thu was missed
        streak = current_streak(session, user, now=WEDNESDAY)
    assert streak.days == 4 and streak.practised_today and streak.sessions == 5
    assert "4 days" in streak.describe()


def test_today_not_yet_practised_keeps_yesterdays_streak(db_url: str) -> None:
    with session_scope(db_url) as session:
        user = ensure_user(session, "TAAA", "U1", tz="UTC")
        practise_on(session, user, WEDNESDAY - timedelta(days=1))
        streak = current_streak(session, user, now=WEDNESDAY)
    assert streak.days == 1 and not streak.practised_today
    assert "Practise today" in streak.describe()


def test_practice_days_are_counted_in_the_reps_time_zone(db_url: str) -> None:
    late_tuesday_in_new_york = datetime(2025, 11, 12, 3, 30, tzinfo=timezone.utc)  # 22:30 Tuesday in New York
    with session_scope(db_url) as session:
        user = ensure_user(session, "TAAA", "U1", tz="America/New_York")
        practise_on(session, user, late_tuesday_in_new_york)
        streak = current_streak(session, user, now=WEDNESDAY)
    assert streak.last_practice.isoformat() == "2025-11-11"
    assert streak.days == 1


def test_abandoned_sessions_do_not_count(db_url: str) -> None:
    with session_scope(db_url) as session:
        user = ensure_user(session, "TAAA", "U1")
        practice = start_session(session, user, "interview", now=WEDNESDAY)
        practice.status = "abandoned"
        assert current_streak(session, user, now=WEDNESDAY).days == 0


def test_roster_import_links_managers_and_reports_bad_rows_by_line(db_url: str, tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "slack_user_id,name,email,role,manager,timezone\n"
        "U0MGR,Dana Boss,dana@example.com,manager,,Europe/London\n"
        "U0REP,Eli Rep,eli@example.com,rep,U0MGR,America/Chicago\n"
        "U0BAD,Fay Typo,fay@example.com,rep,U0MGR,Mars/Olympus\n"
        "U0ODD,Gus Odd,gus@example.com,boss,,UTC\n"
    )
    with session_scope(db_url) as session:
        result = import_roster(session, "TAAA", roster)
    assert result.imported == 2
    assert [e.split(": ", 1)[0] for e in result.errors] == [f"{roster}:4", f"{roster}:5"]
    assert "Mars/Olympus" in result.errors[0] and "'boss'" in result.errors[1]
    with session_scope(db_url) as session:
        rep = find_user(session, "TAAA", "U0REP")
        assert rep.tz == "America/Chicago" and rep.manager.slack_id == "U0MGR" and rep.role == "rep"
        assert find_user(session, "TAAA", "U0BAD") is None


def test_roster_rows_too_long_malformed_or_repeated_are_reported_by_line_and_the_rest_imported(
    db_url: str, tmp_path: Path
) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "slack_user_id,name,email,role,manager,timezone\n"
        "U0MGR,Dana Boss,dana@example.com,manager,,Europe/London\n"
        f"U0LONG,{'N' * 201},long@example.com,rep,U0MGR,UTC\n"
        "u0lower; DROP TABLE users,Hal Hack,hal@example.com,rep,U0MGR,UTC\n"
        f"U{'9' * 40},Ida Id,ida@example.com,rep,U0MGR,UTC\n"
        "U0REP,Eli Rep,eli@example.com,rep,U0MGR,UTC\n"
        "U0REP,Eli Again,eli2@example.com,rep,U0MGR,UTC\n"
        "U0JAY,Jay Rep,jay@example.com,rep,not-an-id,UTC\n"
    )
    with session_scope(db_url) as session:  # on PostgreSQL an over-long value used to abort the whole file
        result = import_roster(session, "TAAA", roster)
    assert result.imported == 2
    lines = {e.split(": ", 1)[0].rsplit(":", 1)[1]: e.split(": ", 1)[1] for e in result.errors}
    assert sorted(lines) == ["3", "4", "5", "7", "8"]
    assert lines["3"] == "name is 201 characters long, more than 200"
    assert "is not a Slack user id" in lines["4"] and "is not a Slack user id" in lines["5"]
    assert lines["7"] == "U0REP is already on line 6: one row a person"  # the first one is kept, and said so
    assert lines["8"].startswith("manager 'not-an-id' is not a Slack user id")
    with session_scope(db_url) as session:
        assert find_user(session, "TAAA", "U0REP").name == "Eli Rep"


def test_roster_without_the_columns_is_refused(db_url: str, tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("id,name\nU1,Ann\n")
    with session_scope(db_url) as session:
        result = import_roster(session, "TAAA", roster)
    assert result.imported == 0 and "missing column(s)" in result.errors[0]


def test_demo_team_seeds_once(db_url: str) -> None:
    team = load_demo_team()
    for _ in range(2):
        with session_scope(db_url) as session:
            seed_demo_team(session, team)
    with session_scope(db_url) as session:
        team_id = team["team"]["id"]
        rep = find_user(session, team_id, "U0REP01")
        assert rep.manager.role == "manager"
        assert session.scalar(sa.select(sa.func.count()).select_from(BuddyPair)) == 1
        assert session.scalar(sa.select(sa.func.count()).select_from(User)) == len(team["users"])


def test_a_pending_message_is_claimed_by_one_replayer_only(db_url: str) -> None:
    with session_scope(db_url) as session:
        kept = inbox.keep_message(session, "TAAA", "U1", "D1", "are you there?", "message", "Ev7")
        inbox.mark_message(session, "TAAA", kept.id, "pending")
    with session_scope(db_url) as session:
        assert [m.text for m in inbox.pending_messages(session)] == ["are you there?"]
        assert inbox.claim_pending(session, "TBBB", kept.id) is False  # not from another workspace
        assert inbox.claim_pending(session, "TAAA", kept.id) is True
    with session_scope(db_url) as session:
        assert inbox.claim_pending(session, "TAAA", kept.id) is False
        assert inbox.pending_messages(session) == []


def test_a_claim_left_by_a_stopped_or_failing_bot_is_taken_back_after_a_while(db_url: str) -> None:
    with session_scope(db_url) as session:
        ids = []
        for n in range(2):
            kept = inbox.keep_message(session, "TAAA", f"U{n}", "D1", f"message {n}", "message", f"EvS{n}")
            inbox.mark_message(session, "TAAA", kept.id, "pending")
            ids.append(kept.id)
    with session_scope(db_url) as session:
        assert inbox.claim_pending(session, "TAAA", ids[0]) and inbox.claim_pending(session, "TAAA", ids[1])
    soon = datetime.now(timezone.utc) + timedelta(minutes=1)
    with session_scope(db_url) as session:
        assert inbox.reclaim_stale(session, now=soon) == 0  # a bot may still be answering them
        assert inbox.waits_behind(session, "TAAA", "U0", "EvLATER") == (True, False)  # the next one waits its turn
    with session_scope(db_url) as session:
        assert inbox.reclaim_stale(session, now=soon + inbox.REPLAY_CLAIM) == 2
    with session_scope(db_url) as session:
        assert [m.text for m in inbox.pending_messages(session)] == ["message 0", "message 1"]  # in order again
        inbox.mark_message(session, "TAAA", ids[0], "processed")
        assert inbox.reclaim_stale(session, now=soon + 2 * inbox.REPLAY_CLAIM) == 0


def test_a_workspace_that_cant_be_answered_holds_up_no_other(db_url: str) -> None:
    with session_scope(db_url) as session:
        for n in range(120):  # an uninstalled workspace's backlog, older than anyone else's message
            gone = inbox.keep_message(session, "TGONE", "U1", "D1", f"hello {n}", "message", f"EvG{n}")
            inbox.mark_message(session, "TGONE", gone.id, "pending")
        live = inbox.keep_message(session, "TLIVE", "U2", "D2", "still there?", "message", "EvL1")
        inbox.mark_message(session, "TLIVE", live.id, "pending")
    with session_scope(db_url) as session:
        assert {m.team_id for m in inbox.pending_messages(session)} == {"TGONE"}  # the first 100: all theirs
        assert [m.text for m in inbox.pending_messages(session, skip_teams={"TGONE"})] == ["still there?"]


def test_install_states_nobody_came_back_with_are_forgotten_once_expired(db_url: str) -> None:
    naive_now = datetime.now(timezone.utc).replace(tzinfo=None)
    with session_scope(db_url) as session:
        for state, expires in (
            ("expired", naive_now - timedelta(minutes=1)),
            ("fresh", naive_now + timedelta(minutes=9)),
        ):
            session.execute(
                sa.text("INSERT INTO slack_oauth_states (state, expire_at) VALUES (:s, :e)"), {"s": state, "e": expires}
            )
    with session_scope(db_url) as session:
        assert inbox.forget_expired_oauth_states(session) == 1
    with session_scope(db_url) as session:
        assert session.execute(sa.text("SELECT state FROM slack_oauth_states")).scalars().all() == ["fresh"]
