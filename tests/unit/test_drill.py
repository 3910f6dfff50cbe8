"""The role-play engine and its scoring, without Slack or Rasa: how the buyer reacts, and how a drill is scored."""

from __future__ import annotations

from coach.drills.engine import DrillState, opening, play, replay
from coach.drills.scenarios import Scenario, find_scenario, load_scenarios
from coach.drills.scoring import render_card, score_drill


def cfo() -> Scenario:
    scenario = find_scenario("cfo-discovery")
    assert scenario is not None
    return scenario


def drill(difficulty: str = "standard", seed: str = "1") -> DrillState:
    state = DrillState(cfo(), difficulty, seed)
    opening(state)
    return state


def says_fact(state: DrillState, answer: str, fact_id: str) -> bool:
    return any(line in answer for line in state.scenario.fact(fact_id).says)


def test_an_impact_question_gets_the_cost_and_an_early_pitch_cools_the_buyer() -> None:
    state = drill()
    answer = play(state, "What is the late billing costing you each month?")
    assert says_fact(state, answer, "cost") and state.revealed == ["cost"]
    state = drill()
    answer = play(state, "Our platform automates invoicing end to end.")
    assert answer in cfo().lines["pitch_early"] and state.cooled == 1


def test_after_patience_runs_out_the_buyer_ends_the_call() -> None:
    state = drill()
    for _ in range(state.variant.patience):
        answer = play(state, "Our platform automates invoicing and we integrate with every ERP.")
    assert state.outcome == "walked_away"
    assert any(line in answer for line in cfo().lines["walked_away"])


def test_a_pitch_after_the_cost_is_known_is_welcome() -> None:
    state = drill()
    play(state, "What does the dispute backlog cost you in cash?")
    answer = play(state, "Our platform flags disputed surcharges before the invoice goes out.")
    assert answer in cfo().lines["pitch_welcome"] and state.cooled == 0


def test_next_steps_depend_on_what_was_uncovered_and_on_a_date() -> None:
    state = drill()
    assert play(state, "Can we book 30 minutes on Thursday at 10?") in cfo().lines["next_step_early"]
    play(state, "What is that costing you in cash?")
    play(state, "What would you need to see before taking this to the board?")
    assert play(state, "Shall we set up a working session sometime?") in cfo().lines["next_step_vague"]
    assert state.outcome is None
    assert play(state, "Could we get 45 minutes with you and Priya on Thursday at 10?") in cfo().lines["agreed"]
    assert state.outcome == "met"


def test_the_stakeholder_question_gets_the_stakeholders() -> None:
    state = drill()
    play(state, "What would you need to see before taking this to the board?")
    answer = play(state, "Who else is involved in deciding?")
    assert says_fact(state, answer, "stakeholders")


def test_a_hard_buyer_answers_a_closed_question_with_a_yes_or_no() -> None:
    state = drill("hard")
    answer = play(state, "Is the late billing costing you money?")
    assert answer in cfo().lines["closed"] and state.revealed == []
    assert says_fact(state, play(state, "How much is the late billing costing you?"), "cost")


def test_the_drill_ends_after_the_scenarios_turns() -> None:
    state = drill()
    for _ in range(cfo().max_turns):
        play(state, "Interesting.")
    assert state.outcome == "out_of_time"


def test_a_replay_reads_the_same_and_two_drills_read_differently() -> None:
    messages = ["Thanks for the time.", "OK.", "Right.", "Hmm.", "Sure.", "I see."]
    _, first = replay(cfo(), "standard", "41", messages)
    _, again = replay(cfo(), "standard", "41", messages)
    assert first == again
    others = [replay(cfo(), "standard", str(seed), messages)[1] for seed in range(42, 47)]
    assert any(other != first for other in others)
    assert len(set(first)) > 1  # the buyer does not repeat one line


def test_scoring_gives_partial_credit_and_quotes_the_rep() -> None:
    state = drill()
    play(state, "Our platform automates invoicing end to end.")
    play(state, "What is the late billing costing you each month?")
    play(state, "Can we talk again next month?")
    card = score_drill(state)
    by_id = {r.line.id: r for r in card.lines}
    assert by_id["impact_before_pitch"].credit == 0.5
    assert by_id["impact_before_pitch"].evidence == ("What is the late billing costing you each month?",)
    assert 0 < by_id["uncovered"].credit < 1
    assert by_id["next_step"].credit < 1 and by_id["listening"].credit == 0
    assert 1 <= len(card.tips) <= 3
    text = render_card(card, state)
    assert "\u201cWhat is the late billing costing you each month?\u201d" in text
    assert "you pitched first: \u201cOur platform automates invoicing end to end.\u201d" in text
    assert "\n\n" not in text  # Rasa would split it into several messages


def test_every_scenario_is_complete() -> None:
    scenarios = load_scenarios()
    assert len(scenarios) >= 10
    assert {s.call_type for s in scenarios} >= {
        "cold_call",
        "discovery",
        "objection",
        "negotiation",
        "business_case",
        "re_engage",
        "renewal",
        "champion",
    }
    for scenario in scenarios:
        assert set(scenario.variants) == {"easy", "standard", "hard"}
        assert sum(line.points for line in scenario.rubric) == 100
