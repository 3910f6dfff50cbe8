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
