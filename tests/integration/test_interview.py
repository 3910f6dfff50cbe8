"""Interview practice in the domain layer and in its Rasa actions (trackers built from JSON fixtures)."""

from __future__ import annotations

import asyncio
import json
import random
from pathlib import Path

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.interview import ValidateInterviewForm
from coach.db import session_scope
from coach.interviews.practice import (
    active_interview,
    finish_interview,
    load_questions,
    pick_question,
    start_interview,
    take_answer,
)
from coach.interviews.sar import PROBES
from coach.people import ensure_user

FIXTURES = Path(__file__).parent.parent / "fixtures"


def test_every_competency_has_three_questions_and_ids_are_unique() -> None:
    questions = load_questions()
    competencies = {q.competency for q in questions}
    assert len(competencies) >= 10
    assert all(sum(q.competency == c for q in questions) >= 3 for c in competencies)
    assert len({q.id for q in questions}) == len(questions)


def test_a_named_competency_is_respected() -> None:
    assert pick_question("can you quiz me on negotiation", random.Random(1)).competency == "negotiation"
    assert pick_question("interview me", random.Random(1)).competency in {q.competency for q in load_questions()}


def test_probes_stop_after_three_and_the_card_scores_the_whole_answer(db_url: str) -> None:
    with session_scope(db_url) as session:
        rep = ensure_user(session, "TAAA", "U1")
        practice = start_interview(session, rep, pick_question("discovery", random.Random(2)))
        answers = ("we talked a lot", "it was fine", "yeah", "ok")
        probes = [take_answer(session, practice, text) for text in answers]
        assert all(probes[:3]) and probes[3] is None and len(set(probes[:3])) == 3  # never the same probe twice
        card = finish_interview(session, practice)
        assert "Score:" in card and "A strong *Discovery* answer has:" in card
        assert practice.status == "completed" and active_interview(session, rep) is None


def test_probes_come_from_the_competency_and_ask_for_task_and_lesson_once_the_story_is_told(db_url: str) -> None:
    with session_scope(db_url) as session:
        rep = ensure_user(session, "TAAA", "U2")
        question = pick_question("negotiation", random.Random(1))
        practice = start_interview(session, rep, question)
        probe = take_answer(session, practice, "Last spring a procurement lead at a hospital group asked for 25% off.")
        assert probe == question.probe_for("action")  # "What did you ask for in return?", not the generic one
        story = (
            "I asked what the 25% was based on, then offered a three-year term with a 3% cap in exchange for list "
            "price. They signed in May at 4% off, worth $310k over the term."
        )
        probes = [take_answer(session, practice, story)]
        assert probes[0] in (PROBES["task"], PROBES["learning"]), probes


def test_a_better_second_telling_replaces_the_first(db_url: str) -> None:
    with session_scope(db_url) as session:
        rep = ensure_user(session, "TAAA", "U3")
        practice = start_interview(session, rep, pick_question("negotiation", random.Random(1)))
        take_answer(session, practice, "We worked really hard on it as a team and we did our best, we really did.")
        better = (
            "In March a procurement lead at Halden Health asked me for 20% off a $400k renewal. I asked what drove "
            "the number, then I offered a two-year extension with a price cap in return. She signed at 5% off, "
            "keeping $380k."
        )
        take_answer(session, practice, better)
        card = finish_interview(session, practice)
        assert "worked really hard" not in card and "I offered a two-year extension" in card
        assert "you said 'I' 3 times and 'we' 0 times" in card


def run_validation(tracker_state: dict) -> dict:
    dispatcher = CollectingDispatcher()
    tracker = Tracker.from_dict(tracker_state)
    action = ValidateInterviewForm()
    return asyncio.run(action.validate_interview_answer(tracker.latest_message["text"], dispatcher, tracker, {}))


@pytest.fixture
def interview_tracker() -> dict:
    return json.loads((FIXTURES / "tracker_interview_answer.json").read_text())


def test_the_message_that_started_the_interview_is_not_its_answer(interview_tracker: dict) -> None:
    interview_tracker["events"].append({"event": "action", "name": "action_start_interview"})
    assert run_validation(interview_tracker) == {"interview_answer": None}


def test_an_answer_without_a_result_gets_the_result_probe(
    interview_tracker: dict, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", db_url)
    with session_scope(db_url) as session:
        start_interview(session, ensure_user(session, "T0ACTIONS", "U0ACTREP"), pick_question("resilience"))
    assert run_validation(interview_tracker) == {
        "interview_answer": None,
        "interview_prompt": "How did it turn out in the end?",
    }


def test_scores_are_kept_per_competency_over_time(db_url: str) -> None:
    strong = "In May I rebuilt the proposal for a bank and they signed at $90k. I learned to ask early."
    with session_scope(db_url) as session:
        rep = ensure_user(session, "TAAA", "U1")
        cards = []
        for answer in ("we talked", strong):
            practice = start_interview(session, rep, pick_question("negotiation"))
            while take_answer(session, practice, answer) is not None:
                pass
            cards.append(finish_interview(session, practice))
        other = start_interview(session, rep, pick_question("discovery"))
        take_answer(session, other, strong)
        discovery_card = finish_interview(session, other)
    assert "scores so far" not in cards[0]
    assert "Your *Negotiation* scores so far: " in cards[1] and "Discovery* scores so far" not in discovery_card
