"""The daily micro-drill through Slack: the scheduler's job starts it in the dialogue, the rep's one reply is judged."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from bot.jobs import micro as micro_jobs
from coach.db import session_scope
from coach.models import Workspace
from coach.people import find_user
from coach.practice.memory import review_skill
from tests.conftest import SECRET
from tests.slack import SlackUser, db_rows, text_of


@pytest.fixture
def job_env(stack: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    """This test process runs the scheduler's job, against the running stack and the mock Slack."""
    monkeypatch.setenv("DATABASE_URL", stack["db_url"])
    monkeypatch.setenv("RASA_URL", stack["rasa_url"])
    monkeypatch.setenv("SLACK_API_URL", stack["slack"].url)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SECRET)
    monkeypatch.delenv("SPAR_MICRO_EVERY_MINUTES", raising=False)


def test_a_due_skill_brings_one_micro_drill_and_its_reply_gets_feedback(rep: SlackUser, stack: dict, job_env) -> None:
    rep.says("hi", expect=2)
    now = datetime.now(timezone.utc)
    with session_scope(stack["db_url"]) as session:
        user = find_user(session, rep.team_id, rep.user_id)
        workspace = session.get(Workspace, rep.team_id)
        assert user is not None and workspace is not None
        review_skill(session, user, "business_acumen", 0.1, now - timedelta(days=3))
        user.practice_time = "00:00"  # whatever the hour the test runs at
        usual_days, workspace.practice_days = workspace.practice_days, "1234567"  # and whatever the day
    try:
        before = len(rep.replies())
        assert micro_jobs.send_due_micro_drills() >= 1
        assert micro_jobs.send_due_micro_drills() == 0  # once a day
    finally:
        with session_scope(stack["db_url"]) as session:
            workspace = session.get(Workspace, rep.team_id)
            assert workspace is not None
            workspace.practice_days = usual_days
    drill = rep.replies()[before:]
    assert len(drill) == 1 and "Micro-drill: business acumen" in text_of(drill[0])
    feedback = text_of(rep.says("That's fair. What is the delay costing you each month?")[0])
    assert "\u201cWhat is the delay costing you each month?\u201d" in feedback and "today's practice" in feedback
    rows = db_rows(
        stack["db_url"],
        "SELECT s.kind, s.status, s.score FROM practice_sessions s JOIN users u ON u.id = s.user_id"
        " WHERE u.slack_id = :u",
        u=rep.user_id,
    )
    assert rows == [("micro", "completed", 100.0)]


def test_pause_resume_and_the_practice_time(rep: SlackUser, stack: dict) -> None:
    assert "Practice paused" in text_of(rep.runs("pause")[1][0])
    assert "already paused" in text_of(rep.says("I'm on vacation next week")[0])
    assert "Welcome back" in text_of(rep.runs("resume")[1][0])
    assert "08:30" in text_of(rep.runs("micro at 8:30")[1][0])
    assert "Nothing is due" in text_of(rep.runs("micro")[1][0])
    rows = db_rows(stack["db_url"], "SELECT practice_time FROM users WHERE slack_id = :u", u=rep.user_id)
    assert rows == [("08:30",)]
