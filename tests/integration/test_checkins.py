"""Buddy check-ins, the "keep going?" question and the streak-at-risk reminder, as the scheduler runs them."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from bot.jobs import buddies as buddy_jobs
from coach.db import session_scope
from coach.models import BuddyPair, User
from coach.people import ensure_user
from coach.practice.sessions import add_turn, complete_session, start_session
from tests.slack import text_of

MONDAY = datetime(2026, 3, 2, tzinfo=timezone.utc)
WEDNESDAY_NOON_BERLIN = MONDAY + timedelta(days=2, hours=11)  # 12:00 in Berlin (CET)
FRIDAY_3PM_BERLIN = MONDAY + timedelta(days=4, hours=14)


class Outbox(list):
    """What the jobs posted, as (Slack id, message) pairs."""

    def __call__(self, slack_id: str, message: dict[str, Any]) -> None:
        self.append((slack_id, message))

    def to(self, slack_id: str) -> list[str]:
        return [text_of(m) for who, m in self if who == slack_id]


@pytest.fixture
def buddies(db_url: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, User]:
    monkeypatch.setenv("DATABASE_URL", db_url)
    with session_scope(db_url) as session:
        people = {
            "R1": ensure_user(session, "TAAA", "R1", name="Riley", tz="Europe/Berlin"),
            "R2": ensure_user(session, "TAAA", "R2", name="Pat", tz="America/New_York"),
            "X": ensure_user(session, "TBBB", "R1", name="Elsewhere", tz="Europe/Berlin"),
        }
        session.add(BuddyPair(team_id="TAAA", user_a_id=people["R1"].id, user_b_id=people["R2"].id, status="active"))
        for day in (0, 1):  # Pat practised on Monday and Tuesday
            practice = start_session(session, people["R2"], "drill", "cfo-discovery:standard", now=MONDAY)
            add_turn(session, practice, "rep", "What is that costing you?")
            complete_session(practice, 37.0, now=MONDAY + timedelta(days=day, hours=15))
    return people


def test_each_buddy_gets_a_check_in_at_their_own_midweek_noon_once(buddies: dict) -> None:
    outbox = Outbox()
    assert buddy_jobs.send_buddy_checkins(WEDNESDAY_NOON_BERLIN - timedelta(minutes=1), outbox) == 0
    assert buddy_jobs.send_buddy_checkins(WEDNESDAY_NOON_BERLIN, outbox) == 1  # Berlin's noon, not New York's
    assert buddy_jobs.send_buddy_checkins(WEDNESDAY_NOON_BERLIN + timedelta(hours=6), outbox) == 1  # New York
    assert buddy_jobs.send_buddy_checkins(WEDNESDAY_NOON_BERLIN + timedelta(hours=9), outbox) == 0  # each once
    [riley] = outbox.to("R1")
    assert "Midweek buddy check-in" in riley and "*Pat*: no commitment set; streak 2 days" in riley
    assert "37" not in riley  # a buddy never sees scores
    assert "Send encouragement" in riley and "Send a nudge" in riley
    assert buddy_jobs.send_buddy_checkins(FRIDAY_3PM_BERLIN, outbox) == 1
    assert "End-of-week buddy check-in" in outbox.to("R1")[-1]


def test_two_missed_check_ins_ask_the_pair_once_whether_to_keep_going(buddies: dict, db_url: str) -> None:
    from bot.listeners.buddies import press_buddy_button
    from coach.models import CheckIn

    outbox = Outbox()
    buddy_jobs.send_buddy_checkins(WEDNESDAY_NOON_BERLIN + timedelta(hours=7), outbox)  # both: midweek
    with session_scope(db_url) as session:
        pat_midweek = session.query(CheckIn).filter_by(user_id=buddies["R2"].id).one().id
    assert press_buddy_button("TAAA", "R2", "encourage", str(pat_midweek))[0] == "Encouragement sent to Riley."
    buddy_jobs.send_buddy_checkins(FRIDAY_3PM_BERLIN + timedelta(hours=7), outbox)  # Riley's midweek now missed
    assert not any("Keep going" in text for text in outbox.to("R2"))
    buddy_jobs.send_buddy_checkins(WEDNESDAY_NOON_BERLIN + timedelta(days=7, hours=7), outbox)  # two missed
    question = [t for t in outbox.to("R2") if "Keep going as buddies?" in t]
    assert question == [t for t in outbox.to("R1") if "Keep going as buddies?" in t]
    assert len(question) == 1 and "Riley missed the last two buddy check-ins" in question[0]
    buddy_jobs.send_buddy_checkins(WEDNESDAY_NOON_BERLIN + timedelta(days=7, hours=8), outbox)
    assert len([t for t in outbox.to("R2") if "Keep going" in t]) == 1  # asked once

    pair_id = next(m for who, m in outbox if who == "R2" and "Keep going" in text_of(m))["blocks"][-1]
    value = pair_id["elements"][1]["value"]
    assert press_buddy_button("TBBB", "R1", "end", value)[0].startswith("That button isn't for you")
    answer, others = press_buddy_button("TAAA", "R2", "end", value)
    assert answer.startswith("Pairing ended") and others[0][0] == "R1" and "Pat ended" in others[0][1]
    assert buddy_jobs.send_buddy_checkins(FRIDAY_3PM_BERLIN + timedelta(days=7, hours=7), outbox) == 0


def test_a_nudge_reaches_only_the_buddy_and_only_from_the_check_ins_owner(buddies: dict, db_url: str) -> None:
    from bot.listeners.buddies import press_buddy_button
    from coach.models import CheckIn

    buddy_jobs.send_buddy_checkins(WEDNESDAY_NOON_BERLIN, Outbox())
    with session_scope(db_url) as session:
        riley_midweek = session.query(CheckIn).filter_by(user_id=buddies["R1"].id).one().id
    assert press_buddy_button("TAAA", "R2", "nudge", str(riley_midweek))[0].startswith("That button isn't")
    assert press_buddy_button("TBBB", "R1", "nudge", str(riley_midweek))[0].startswith("That button isn't")
    assert press_buddy_button("TAAA", "R1", "nudge", "1; DROP TABLE users")[0].startswith("That button isn't")
    answer, others = press_buddy_button("TAAA", "R1", "nudge", str(riley_midweek))
    assert answer == "Nudge sent to Pat." and others == [
        ("R2", "👋 A nudge from Riley: how about one short drill today? `/spar drill` starts one.")
    ]


def practise(session, user: User, moment: datetime) -> None:
    practice = start_session(session, user, "drill", "x", now=moment)
    add_turn(session, practice, "rep", "What is it costing you?")
    complete_session(practice, 70.0, now=moment)


def test_the_streak_reminder_comes_once_at_the_reps_time_only_when_the_streak_is_at_risk(
    db_url: str, monkeypatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", db_url)
    with session_scope(db_url) as session:
        berlin = ensure_user(session, "TAAA", "B", name="Berlin", tz="Europe/Berlin")
        early = ensure_user(session, "TAAA", "E", name="Early", tz="America/Los_Angeles")
        early.reminder_time = "08:30"
        fresh = ensure_user(session, "TAAA", "F", name="Never practised", tz="UTC")
        assert fresh.reminder_time is None
        for user in (berlin, early):
            practise(session, user, MONDAY + timedelta(hours=18))  # Monday evening, both zones
    outbox = Outbox()
    tuesday = MONDAY + timedelta(days=1)
    assert buddy_jobs.send_streak_reminders(tuesday + timedelta(hours=15, minutes=59), outbox) == 0  # 16:59 Berlin
    assert buddy_jobs.send_streak_reminders(tuesday + timedelta(hours=16), outbox) == 1  # 17:00 in Berlin
    assert buddy_jobs.send_streak_reminders(tuesday + timedelta(hours=16), outbox) == 0  # once
    assert "Your 1-day streak ends today unless you practise" in outbox.to("B")[0]
    with session_scope(db_url) as session:
        practise(session, session.get(User, early.id), tuesday + timedelta(hours=15))  # 07:00 in Los Angeles
    assert buddy_jobs.send_streak_reminders(tuesday + timedelta(hours=17), outbox) == 0  # practised: not at risk
    saturday = MONDAY + timedelta(days=5, hours=18)
    assert buddy_jobs.send_streak_reminders(saturday, outbox) == 0  # weekends never break a streak
    assert [who for who, _ in outbox] == ["B"]


def test_a_banked_freeze_means_no_reminder(db_url: str, monkeypatch) -> None:
    monkeypatch.setenv("DATABASE_URL", db_url)
    with session_scope(db_url) as session:
        user = ensure_user(session, "TAAA", "B", name="Berlin", tz="Europe/Berlin")
        for day in range(5):  # Monday to Friday: a freeze banked
            practise(session, user, MONDAY + timedelta(days=day, hours=10))
    outbox = Outbox()
    assert buddy_jobs.send_streak_reminders(MONDAY + timedelta(days=7, hours=17), outbox) == 0
    assert buddy_jobs.send_streak_reminders(MONDAY + timedelta(days=8, hours=17), outbox) == 1  # freeze spent
