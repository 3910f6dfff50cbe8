"""Spaced practice with a fixed clock: the memory model, daily micro-drills, pauses, and new hires starting easy."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from bot.jobs import micro as micro_jobs
from coach.db import session_scope
from coach.drills.offer import offer_drill
from coach.models import ChecklistRun, User
from coach.people import ensure_user
from coach.practice.memory import due_skills, review_skill, skill_states
from coach.practice.micro import answer_micro, start_micro
from coach.practice.micro_schedule import claim_micro_day, micro_candidates
from coach.practice.pauses import pause_practice, resume_practice
from coach.practice.sessions import add_turn, complete_session, start_session
from coach.practice.streaks import current_streak

MONDAY = datetime(2026, 3, 2, 14, 0, tzinfo=timezone.utc)  # 9:00 in New York


def rep(session, slack_id: str = "U1", tz: str = "America/New_York") -> User:
    return ensure_user(session, "TAAA", slack_id, tz=tz)


def test_a_skill_answered_badly_comes_back_sooner_than_one_answered_well(db_url: str) -> None:
    with session_scope(db_url) as session:
        user = rep(session)
        bad = review_skill(session, user, "discovery", 0.2, MONDAY).due_at
        good = review_skill(session, user, "closing", 1.0, MONDAY).due_at
        assert bad < good
        again_bad = review_skill(session, user, "discovery", 0.3, bad).due_at
        again_good = review_skill(session, user, "closing", 0.95, good).due_at
        assert again_bad - bad < again_good - good  # good answers space out further each time
    with session_scope(db_url) as session:  # the model lives in the database, not in a process
        user = rep(session)
        later = MONDAY + timedelta(days=2)
        assert [s.skill for s in due_skills(session, user, later)] == ["discovery"]
        assert [s.skill for s in skill_states(session, user, later)][0] == "discovery"  # the most slipping first


def test_micro_drills_come_once_a_day_after_the_reps_time_and_never_on_non_practice_days(db_url: str) -> None:
    with session_scope(db_url) as session:
        user = rep(session)
        review_skill(session, user, "discovery", 0.1, MONDAY - timedelta(days=3))
        review_skill(session, user, "closing", 0.1, MONDAY - timedelta(days=3))
        assert micro_candidates(session, MONDAY - timedelta(minutes=1)) == []  # 8:59 in New York
        [(found, today)] = micro_candidates(session, MONDAY)
        assert found.id == user.id and today == date(2026, 3, 2)
        assert claim_micro_day(session, user, today) and not claim_micro_day(session, user, today)
        assert micro_candidates(session, MONDAY + timedelta(hours=6)) == []  # two skills due, still one a day
        assert micro_candidates(session, MONDAY + timedelta(days=5)) == []  # Saturday
        assert len(micro_candidates(session, MONDAY + timedelta(days=1))) == 1  # Tuesday again
        user.practice_time = "07:30"
        assert len(micro_candidates(session, MONDAY + timedelta(days=1, hours=-1))) == 1  # 8:00 on Tuesday


def test_the_job_delivers_each_due_rep_once_and_a_busy_rep_later(db_url: str, monkeypatch) -> None:
    monkeypatch.setenv("DATABASE_URL", db_url)
    delivered: list[str] = []
    with session_scope(db_url) as session:
        for slack_id in ("U1", "U2"):
            review_skill(session, rep(session, slack_id), "listening", 0.0, MONDAY - timedelta(days=2))
        busy = rep(session, "U2")
        start_session(session, busy, "drill", "cfo-discovery:standard")  # mid-drill: not interrupted
        walking = rep(session, "U3")
        review_skill(session, walking, "listening", 0.0, MONDAY - timedelta(days=2))
        session.add(ChecklistRun(team_id="TAAA", user_id=walking.id, status="debriefing", answers={}))
    deliver = lambda team, slack_id: delivered.append(slack_id)  # noqa: E731
    assert micro_jobs.send_due_micro_drills(MONDAY, deliver) == 1
    assert micro_jobs.send_due_micro_drills(MONDAY + timedelta(minutes=5), deliver) == 0
    assert delivered == ["U1"]


def test_a_paused_rep_gets_nothing_keeps_the_streak_and_resumes_cleanly(db_url: str) -> None:
    with session_scope(db_url) as session:
        user = rep(session)
        for day in range(5):  # practised Monday to Friday
            practice = start_session(session, user, "micro", "x", now=MONDAY + timedelta(days=day))
            add_turn(session, practice, "rep", "What is it costing you?")
            complete_session(practice, 80.0, now=MONDAY + timedelta(days=day))
        review_skill(session, user, "discovery", 0.1, MONDAY)
        assert pause_practice(session, user, date(2026, 3, 9)) and not pause_practice(session, user, date(2026, 3, 9))
        for day in range(7, 14):  # the whole paused week: nothing arrives
            assert micro_candidates(session, MONDAY + timedelta(days=day)) == []
        assert current_streak(session, user, now=MONDAY + timedelta(days=12)).days == 5
        assert resume_practice(session, user, date(2026, 3, 16)) == 7
        back = micro_candidates(session, MONDAY + timedelta(days=14))
        assert len(back) == 1  # one micro-drill on the first day back, not a backlog
        assert current_streak(session, user, now=MONDAY + timedelta(days=14)).days == 5  # not broken by the pause


def test_a_micro_drill_is_judged_with_evidence_and_updates_the_skill(db_url: str) -> None:
    with session_scope(db_url) as session:
        user = rep(session)
        review_skill(session, user, "business_acumen", 0.1, MONDAY - timedelta(days=2))
        practice = start_micro(session, user, MONDAY)
        assert practice is not None and "Micro-drill: business acumen" in practice.turns[0].text
        feedback = answer_micro(
            session, user, practice, "That's fair. What is the delay costing you each month?", MONDAY
        )
        assert "\u201cWhat is the delay costing you each month?\u201d" in feedback and feedback.startswith("✅")
        assert practice.status == "completed" and practice.score == 100.0
        assert due_skills(session, user, MONDAY + timedelta(hours=1)) == []  # answered well: not due right away
        assert current_streak(session, user, now=MONDAY).practised_today  # a micro-drill counts


def test_a_pitch_in_a_micro_drill_gets_no_credit_and_brings_the_skill_back(db_url: str) -> None:
    with session_scope(db_url) as session:
        user = rep(session)
        review_skill(session, user, "business_acumen", 0.1, MONDAY - timedelta(days=2))
        practice = start_micro(session, user, MONDAY)
        assert practice is not None
        feedback = answer_micro(session, user, practice, "Our platform automates all of that for you.", MONDAY)
        assert feedback.startswith("❌") and "ask what the problem costs" in feedback
        assert [s.skill for s in due_skills(session, user, MONDAY + timedelta(days=1))] == ["business_acumen"]


def test_new_hires_start_easy_and_the_offer_aims_at_the_most_slipping_skill(db_url: str) -> None:
    with session_scope(db_url) as session:
        veteran, new_hire = rep(session, "U1"), rep(session, "U2")
        new_hire.hired_on = date.today() - timedelta(days=20)
        assert offer_drill(session, veteran).difficulty == "standard"
        assert offer_drill(session, new_hire).difficulty == "easy"
        review_skill(session, veteran, "closing", 1.0)
        review_skill(session, veteran, "stakeholder_mapping", 0.1)
        offer = offer_drill(session, veteran)
    assert "stakeholder mapping" in offer.reason and "stakeholder_mapping" in offer.scenario.skills


def test_the_skills_report_shows_each_reps_due_and_slipping_skills(db_url: str) -> None:
    from coach.reports.skills import skills_report

    with session_scope(db_url) as session:
        user = rep(session)
        user.name = "Riley"
        review_skill(session, user, "closing", 1.0, MONDAY)
        review_skill(session, user, "listening", 0.1, MONDAY)
        report = skills_report(session, "TAAA", MONDAY + timedelta(days=3))
    [row] = report["reps"]
    assert row["name"] == "Riley" and row["due"] == ["listening"] and "listening" in row["slipping"]
    assert row["skills"]["closing"] > row["skills"]["listening"]
    assert 0 < report["team_retention"] < 1


def practise_days(session, user: User, days: list[int]) -> None:
    for day in days:
        moment = MONDAY + timedelta(days=day)
        practice = start_session(session, user, "drill", "x", now=moment)
        add_turn(session, practice, "rep", "What is it costing you?")
        complete_session(practice, 70.0, now=moment)


def test_five_practice_days_earn_a_freeze_that_covers_a_missed_day(db_url: str) -> None:
    with session_scope(db_url) as session:
        user = rep(session)
        practise_days(session, user, [0, 1, 2, 3, 4])  # Monday to Friday: one freeze earned
        streak = current_streak(session, user, now=MONDAY + timedelta(days=8))  # the next Monday missed
        assert (streak.days, streak.freezes) == (5, 0)  # Tuesday now: the freeze covered Monday
        practise_days(session, user, [8])
        assert current_streak(session, user, now=MONDAY + timedelta(days=8)).days == 6
        assert current_streak(session, user, now=MONDAY + timedelta(days=11)).days == 0  # Wed and Thu missed


def test_at_most_two_freezes_are_banked(db_url: str) -> None:
    with session_scope(db_url) as session:
        user = rep(session)
        practise_days(session, user, [0, 1, 2, 3, 4, 7, 8, 9, 10, 11, 14, 15, 16, 17, 18])  # three weeks
        streak = current_streak(session, user, now=MONDAY + timedelta(days=19))
        assert (streak.days, streak.freezes) == (15, 2) and "2 streak freezes banked" in streak.describe()
        assert current_streak(session, user, now=MONDAY + timedelta(days=24)).days == 0  # Mon, Tue, Wed missed
