"""Custom actions run on trackers built from JSON fixtures, as the action server runs them."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.drill import ValidateDrillForm
from actions.forms import PracticeFormValidation
from actions.precall import ValidateDebriefForm, ValidatePrecallForm
from actions.streak import ActionShowStreak
from actions.team import ActionTeamSummary
from bot.listeners.commands import as_rasa_message
from coach.db import session_scope
from coach.people import ensure_user
from coach.practice.sessions import complete_session, start_session
from coach.reports.summary_pages import SUMMARY

FIXTURES = Path(__file__).parent.parent / "fixtures"


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


# -- what a slash command sets reaches the action as entities ------------------------------------------------------


def said(text: str, **entities: object) -> dict:
    """A latest message as Rasa hands it to the action: a list value gives one entity per item."""
    found = [
        {"entity": name, "value": value}
        for name, values in entities.items()
        for value in (values if isinstance(values, list) else [values])
    ]
    return {"text": text, "intent": {"name": "show_streak"}, "entities": found}


@pytest.mark.parametrize(
    "typed, sent",
    [
        ("streak", "/show_streak"),
        ("streak remind at 4:30pm", '/show_streak{"details": "remind at 4:30pm", "remind_at": "16:30"}'),
        ("streak remind at 25", '/show_streak{"details": "remind at 25", "remind_at": ""}'),
        ("streak days mon-sat", '/show_streak{"details": "days mon-sat", "practice_days": "123456"}'),
        ("micro at 8:30", '/start_micro{"details": "at 8:30", "practice_at": "08:30"}'),
        ("team add <@U0ANA> <@U0BEN>", '/team_summary{"details": "add <@U0ANA> <@U0BEN>", "user": ["U0ANA", "U0BEN"]}'),
        ("team add ana", '/team_summary{"details": "add ana", "user": ""}'),
        ("team month", '/team_summary{"details": "month", "period": "month"}'),
    ],
)
def test_a_subcommand_sends_what_it_sets_as_entities(typed: str, sent: str) -> None:
    assert as_rasa_message(typed) == sent


def test_the_reminder_time_comes_from_the_entity_or_the_reps_words(database: str) -> None:
    def reply(message: dict) -> str:
        return run(ActionShowStreak(), tracker_from("tracker_show_streak.json", latest_message=message))[1][0]["text"]

    assert "remind you at 16:30" in reply(said("/show_streak", remind_at="16:30"))
    assert reply(said("/show_streak", remind_at="99:99")).startswith("Tell me a time")  # typed into a payload
    assert reply(said("/show_streak", practice_days="8")).startswith("Name the days")
    assert "remind you at 17:00" in reply(said("please remind me at 5pm"))  # a DM: NLU brings no entities
    with session_scope(database) as session:
        rep = ensure_user(session, "T0ACTIONS", "U0ACTREP")
        assert (rep.reminder_time, rep.practice_days) == ("17:00", None)


def test_a_manager_adds_the_reps_the_entity_names(database: str) -> None:
    with session_scope(database) as session:
        ensure_user(session, "T0ACTIONS", "U0ACTREP", role="manager")
        ensure_user(session, "T0ACTIONS", "U0ANA", name="Ana Rep")

    def reply(message: dict) -> str:
        return run(ActionTeamSummary(), tracker_from("tracker_show_streak.json", latest_message=message))[1][0]["text"]

    assert reply(said("/team_summary", user=["U0ANA"])) == "Added to your team: <@U0ANA>. They'll show in `/spar team`."
    assert reply(said("/team_summary", user="")).startswith("Mention who to add")
    assert reply(said("/team_summary", user="<!channel>")).startswith("Mention who to add")  # only Slack user ids
    [summary] = run(
        ActionTeamSummary(),
        tracker_from("tracker_show_streak.json", latest_message=said("/team_summary", period="month")),
    )[1]
    page = summary["custom"][SUMMARY]  # the first page in Block Kit, for the bot to post
    assert page["text"].startswith("Team summary, last 30 days") and page["blocks"][0]["type"] == "header"


# -- the practice forms share one guard ----------------------------------------------------------------------------


def validate(form: PracticeFormValidation, text: str, *events: dict) -> dict:
    tracker = tracker_from("tracker_show_streak.json", events=[{"event": "user", "text": "hi"}, *events])
    return form.check(text, tracker)


@pytest.mark.parametrize(
    "form, hint_slot",
    [
        (ValidateDrillForm(), "drill_prompt"),
        (ValidatePrecallForm(), "precall_hint"),
        (ValidateDebriefForm(), "debrief_hint"),
    ],
)
def test_a_form_refuses_a_payload_and_ends_on_a_clear_stop(form: PracticeFormValidation, hint_slot: str) -> None:
    started = {"event": "action", "name": form.start_action}
    assert validate(form, "/start_roleplay", started) == {form.slot: None}  # the message that started it
    assert validate(form, "/start_roleplay") == {form.slot: None, hint_slot: form.busy}
    assert validate(form, "stop the drill please")[form.slot] is not None
    assert form.name() == f"validate_{form.form}"
