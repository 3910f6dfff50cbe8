"""Custom actions run on trackers built from JSON fixtures, as the action server runs them."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.streak import ActionShowStreak
from coach.db import session_scope
from coach.people import ensure_user
from coach.practice.sessions import complete_session, start_session

FIXTURES = Path(__file__).parent / "fixtures"


def tracker_from(name: str, **changes: object) -> Tracker:
    state = {**json.loads((FIXTURES / name).read_text()), **changes}
    return Tracker.from_dict(state)


def run(action, tracker: Tracker) -> tuple[list, list]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    return events, dispatcher.messages


@pytest.fixture
def database(db_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("DATABASE_URL", db_url)
    return db_url


def test_streak_for_a_rep_who_never_practised(database: str) -> None:
    events, messages = run(ActionShowStreak(), tracker_from("tracker_show_streak.json"))
    assert events == []
    assert len(messages) == 1 and "haven't practised yet" in messages[0]["text"]
    assert messages[0]["buttons"] == [{"title": "Start a role-play", "payload": "/start_roleplay"}]


def test_streak_comes_from_the_database(database: str) -> None:
    now = datetime.now(timezone.utc)
    with session_scope(database) as session:
        rep = ensure_user(session, "T0ACTIONS", "U0ACTREP", tz="UTC")
        for days_back in range(2):
            practice = start_session(session, rep, "drill", now=now - timedelta(days=days_back))
            complete_session(practice, 70.0, now=now - timedelta(days=days_back))
    _, messages = run(ActionShowStreak(), tracker_from("tracker_show_streak.json"))
    assert "2 completed sessions" in messages[0]["text"] and "You've practised today" in messages[0]["text"]


def test_another_workspaces_practice_is_not_counted(database: str) -> None:
    with session_scope(database) as session:
        other = ensure_user(session, "T0OTHER", "U0ACTREP", tz="UTC")
        complete_session(start_session(session, other, "drill"), 90.0)
    _, messages = run(ActionShowStreak(), tracker_from("tracker_show_streak.json"))
    assert "haven't practised yet" in messages[0]["text"]


def test_a_sender_without_a_workspace_gets_a_clear_answer(database: str) -> None:
    _, messages = run(ActionShowStreak(), tracker_from("tracker_show_streak.json", sender_id="stranger"))
    assert "couldn't tell who you are" in messages[0]["text"]
