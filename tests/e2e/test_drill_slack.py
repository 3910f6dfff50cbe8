"""Role-play drills through Slack: every scenario played by a strong and a weak rep, scored with their own words."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from coach.drills.engine import replay
from coach.drills.scenarios import find_scenario, load_scenarios
from tests.processes import INTERNAL_TOKEN
from tests.slack import SlackUser, button_titles, db_rows, text_of

SCRIPTS = Path(__file__).parent.parent / "fixtures" / "drills"
SCENARIO_IDS = [s.id for s in load_scenarios()]


def script(scenario_id: str, kind: str) -> list[str]:
    return list(yaml.safe_load((SCRIPTS / f"{scenario_id}.yml").read_text())[kind])


def score_in(card: str) -> int:
    found = re.search(r"Score: (\d+)/100", card)
    assert found, card
    return int(found.group(1))


def start(rep: SlackUser, scenario_id: str, difficulty: str = "standard") -> str:
    """Ask for the scenario by name and press its Start button; return the scene."""
    scenario = find_scenario(scenario_id)
    assert scenario is not None
    _, replies = rep.runs(f"drill {scenario_id}")
    offer = replies[0]
    assert button_titles(offer)[0] == f"Start: {scenario.title}"
    return text_of(rep.clicks(offer, f"Start: {scenario.title}")[0])


def play_through(rep: SlackUser, scenario_id: str, messages: list[str]) -> tuple[list[str], dict[str, Any]]:
    """Say each message to the buyer; return the buyer's answers and the score card message."""
    scenario = find_scenario(scenario_id)
    assert scenario is not None
    state, _ = replay(scenario, "standard", "test", messages)
    played = messages[: len(state.turns)]
    answers = [text_of(rep.says(m)[0]) for m in played[:-1]]
    if state.outcome is None:  # the script did not end the drill: stop it
        answers.append(text_of(rep.says(played[-1])[0]))
        last, card = rep.says("stop")[0], None
        return answers, last
    last, card = rep.says(played[-1], expect=2)
    answers.append(text_of(last))
    return answers, card


REP_TURNS = "(SELECT count(*) FROM turns t WHERE t.session_id = s.id AND t.speaker = 'rep')"


def sessions(stack: dict, rep: SlackUser) -> list[tuple]:
    return db_rows(
        stack["db_url"],
        f"SELECT s.status, s.score, s.ref, {REP_TURNS} FROM practice_sessions s"
        " JOIN users u ON u.id = s.user_id WHERE u.slack_id = :u ORDER BY s.id",
        u=rep.user_id,
    )


@pytest.mark.parametrize("scenario_id", SCENARIO_IDS)
def test_a_strong_rep_reaches_the_objective_and_scores_high(rep: SlackUser, stack: dict, scenario_id: str) -> None:
    scenario = find_scenario(scenario_id)
    assert scenario is not None
    scene = start(rep, scenario_id)
    assert scenario.persona["name"] in scene and "objective" in scene.lower()
    messages = script(scenario_id, "strong")
    answers, card_message = play_through(rep, scenario_id, messages)
    assert all(a.startswith(f"*{scenario.persona['name']}") for a in answers)  # the buyer answered every message
    card = text_of(card_message)
    assert score_in(card) >= 80, card
    assert "objective met" in card
    quotes = re.findall(r"\u201c(.+?)\u201d", card)
    assert quotes and all(any(q.rstrip("…") in m or m in q for m in messages) for q in quotes)
    assert sessions(stack, rep) == [("completed", float(score_in(card)), f"{scenario_id}:standard", len(messages))]


@pytest.mark.parametrize("scenario_id", SCENARIO_IDS)
def test_a_weak_rep_who_pitches_at_once_scores_low(rep: SlackUser, stack: dict, scenario_id: str) -> None:
    start(rep, scenario_id)
    messages = script(scenario_id, "weak")
    assert not any("?" in m for m in messages)  # asks nothing
    _, card_message = play_through(rep, scenario_id, messages)
    card = text_of(card_message)
    assert score_in(card) <= 40, card
    assert "objective met" not in card and "Try next time" in card
    assert any(f"\u201c{m}" in card or m in card for m in messages)  # the pitch is quoted back


def test_a_typed_request_gets_a_fitting_offer(rep: SlackUser) -> None:
    offer = rep.says("let's practise a pricing objection")[0]
    titles = button_titles(offer)
    assert titles[0] == "Start: Negotiation with procurement", titles
    assert "it is the one you asked for" in text_of(offer)
    assert "All scenarios" in titles


def test_inside_a_drill_commands_are_words_to_the_buyer_and_stop_ends_it(rep: SlackUser, stack: dict) -> None:
    start(rep, "cfo-discovery")
    answer = text_of(rep.says("help")[0])
    assert answer.startswith("*Dana Whitfield")
    answer = text_of(rep.says("What is the late billing costing you each month?")[0])
    assert "six million" in answer
    card = text_of(rep.says("stop")[0])
    assert "Score:" in card and "What is the late billing costing you each month?" in card
    assert sessions(stack, rep)[0][0] == "completed"


def test_the_score_card_offers_another_go_and_stores_the_rating(rep: SlackUser, stack: dict) -> None:
    start(rep, "cfo-discovery")
    _, card = play_through(rep, "cfo-discovery", script("cfo-discovery", "strong"))
    assert {"Try again", "Harder", "Another scenario", "👍 Useful"} <= set(button_titles(card))
    rep.clicks(card, "👍 Useful", expect=0)
    rows = lambda: db_rows(  # noqa: E731
        stack["db_url"],
        "SELECT s.useful FROM practice_sessions s JOIN users u ON u.id = s.user_id WHERE u.slack_id = :u",
        u=rep.user_id,
    )
    stack["slack"].api.wait_for(lambda: rows() == [(1,)] or rows() == [(True,)] or None)
    harder = text_of(rep.clicks(card, "Harder")[0])
    assert "(hard)" in harder and "Dana Whitfield" in harder
    assert [row[2] for row in sessions(stack, rep)] == ["cfo-discovery:standard", "cfo-discovery:hard"]


def test_a_drill_survives_a_restart_of_rasa_and_the_actions(rep: SlackUser, stack: dict) -> None:
    start(rep, "cfo-discovery")
    messages = script("cfo-discovery", "strong")
    rep.says(messages[0])
    rep.says(messages[1])
    actions, rasa = stack["processes"][0], stack["processes"][1]
    for process in (actions, rasa):
        process.stop()
        process.start()
    actions.wait_for_url(f"{stack['actions_url']}/health")
    rasa.wait_for_url(f"{stack['rasa_url']}/status?token={INTERNAL_TOKEN}")
    for message in messages[2:-1]:
        assert text_of(rep.says(message)[0]).startswith("*Dana Whitfield")
    card = rep.says(messages[-1], expect=2)[1]
    assert score_in(text_of(card)) >= 80
    assert sessions(stack, rep)[0][3] == len(messages)


def buyer_line(scenario_id: str, kind: str, answer: str) -> bool:
    scenario = find_scenario(scenario_id)
    assert scenario is not None
    return any(line in answer for line in scenario.lines[kind])


def test_a_stuffed_message_gets_one_answer_and_the_card_names_the_habit(rep: SlackUser) -> None:
    start(rep, "cfo-discovery")
    stuffed = (
        "I hear you, that's fair. What is this costing you, what would you need to see to move forward, "
        "who else decides? Can we meet Tuesday at 3pm?"
    )
    answer = text_of(rep.says(stuffed)[0])
    assert buyer_line("cfo-discovery", "stacked", answer) and "six million" in answer
    assert "Priya" not in answer  # neither the criteria nor who decides came out
    card = text_of(rep.says("stop")[0])
    assert "Stacked questions in message 1" in card


def test_a_two_part_question_is_answered_in_full_and_a_repeat_gets_nothing_new(rep: SlackUser) -> None:
    start(rep, "cfo-discovery")
    answer = text_of(rep.says("What would you need to see to go further, and who else would be involved?")[0])
    scenario = find_scenario("cfo-discovery")
    assert scenario is not None
    for fact in ("criteria", "stakeholders"):
        assert any(line in answer for line in scenario.fact(fact).says), (fact, answer)
    again = text_of(rep.says("What would you need to see to go further?")[0])
    assert buyer_line("cfo-discovery", "repeated", again)


def test_a_false_summary_is_corrected(rep: SlackUser) -> None:
    start(rep, "cfo-discovery")
    rep.says("What is the late billing costing you each month?")
    answer = text_of(rep.says("So the main issue is that your online payment portal is hard to use, right?")[0])
    assert buyer_line("cfo-discovery", "summary_wrong", answer)
    assert not buyer_line("cfo-discovery", "summary_right", answer)


def test_a_free_concession_is_pocketed_and_scored_as_given_away(rep: SlackUser) -> None:
    start(rep, "procurement-negotiation")
    answer = text_of(rep.says("Would a 10% discount work?")[0])
    assert buyer_line("procurement-negotiation", "pocketed", answer)
    card = text_of(rep.says("stop")[0])
    assert "gave a concession for nothing" in card and "Would a 10% discount work?" in card
