"""What the buyer and the card make of messages fresh authors' reps wrote (the seventy-third and seventy-fifth script
sets, written in the twenty-seventh session): a question stated as what the rep wants to understand, leading into the
questions after it."""

from __future__ import annotations

from coach.drills.engine import play
from tests.unit.test_drill import drill


def test_a_question_stated_with_a_full_stop_leads_into_the_two_after_it_and_is_not_a_string_of_questions() -> None:
    state = drill()
    play(state, "Thanks for making the time.")
    answer = play(state, "I'd love to understand how billing works today. Who signs off, and who else is involved?")
    assert "stacked" not in state.turns[-1].habits
    assert "One at a time" not in answer and state.turns[-1].uncovered == ["problem", "stakeholders"]


def test_the_hour_a_rep_asks_for_after_a_true_play_back_is_no_figure_of_the_buyers() -> None:
    state = drill(scenario_id="happy-vendor")
    play(state, "Thanks for keeping your word from the conference, Rachel.")
    play(state, "What would you change about the setup today, if you could?")
    play(
        state,
        "So from what you've said: there's no callback, agents juggle three screens, and the contract renews on 30 "
        "September with 90 days' notice. I'm not asking you to switch. I'm asking for one hour to compare what you "
        "have with what members need. Is that a fair summary?",
    )
    assert "misread" not in state.turns[-1].habits and state.turns[-1].reaction != "summary_wrong"


def test_four_extra_days_the_scenario_gives_are_four_days_in_a_play_back() -> None:
    state = drill(scenario_id="stalled-deal")
    play(state, "Thanks for coming back to me, Nadia. What's happened on your side since the demo?")
    answer = play(
        state,
        "Let me play it back. Make-ready's running four days over target, renewals have dropped from 56% to 51%, and "
        "it's now sat with the CFO. Is that fair?",
    )
    assert "misread" not in state.turns[-1].habits and "not what I said" not in answer


def test_a_share_of_the_buyers_models_played_back_after_ok_is_no_discount() -> None:
    state = drill(scenario_id="tech-discovery")
    play(state, "How many models do you have, and how much of that is covered by dbt tests right now, roughly?")
    play(state, "ok ~20% of 1400 models. whats the worst thing stale data breaks for you?")
    assert "conceded" not in state.turns[-1].habits and state.turns[-1].reaction != "pocketed"
