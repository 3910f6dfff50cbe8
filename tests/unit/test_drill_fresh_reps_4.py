"""What the buyer makes of messages fresh authors' reps wrote (the fifty-first and fifty-third script sets, written in
the twenty-second session): plain acknowledgements the move reader misses, next steps put casually, and material
offered that asks the buyer nothing."""

from __future__ import annotations

import pytest

from coach.drills import hearing
from coach.drills.engine import play
from coach.drills.moves import analyse_moves
from tests.unit.test_drill_fresh_reps import drill


@pytest.mark.parametrize(
    ("scenario_id", "text"),
    [
        ("no-budget", "Good afternoon Olivia, I completely understand, and thank you for being honest."),
        ("no-budget", "Understood, no budget this year."),
        ("stalled-deal", "Hi Nadia, no problem, I understand you are busy. Thank you for answering."),
        ("procurement-negotiation", "Thank you, Marisol, understood. Where does the 20% come from?"),
        ("no-budget", "Completely understand, Olivia. Budget cycles are tough, especially after a soft spring."),
        (
            "renewal-at-risk",
            "Thanks, Owen. I have seen the numbers, and first I want to apologise on behalf of the team.",
        ),
    ],
)
def test_a_plain_acknowledgement_acknowledges(scenario_id: str, text: str) -> None:
    state = drill(scenario_id)
    play(state, text)
    assert "acknowledge" in state.turns[-1].moves


@pytest.mark.parametrize(
    "text",
    [
        "I understand, but our forecasting is the best in hospitality.",
        # a formality before a string of questions, an off-topic one or a picture sold
        "Understood, Olivia. So I can be useful: 1) is the problem still there, 2) what are agency and overtime "
        "costing you, 3) how are schedules built today, and 4) is there any mid-year funding route?",
        "Understood. How was your weekend, did you get to the beach?",
        "Totally understand, Olivia. Budgets aside, how's the season been on the coast?",
        "Understood. Imagine every hotel scheduled on real demand, with no agency calls at 7am.",
    ],
)
def test_an_acknowledgement_on_the_way_to_something_else_acknowledges_nothing(text: str) -> None:
    state = drill("no-budget")
    play(state, text)
    assert "acknowledge" not in state.turns[-1].moves


def _asked_one_thing() -> object:
    state = drill("no-budget")
    play(state, "I completely understand. How is housekeeping scheduled across the hotels today?")
    return state


@pytest.mark.parametrize(
    "text",
    [
        "I will send you a summary of the demo and keep in touch. Thank you for your time.",
        "Given the budget situation, perhaps we could revisit this when the new budget cycle opens in the autumn?",
        "Can I send you our case study by email, and you look when you have time? Maybe we talk next month.",
        "Great, I'll send a few dates over email.",
        "lmk what u think and we can get something on the calendar",
    ],
)
def test_a_next_step_put_casually_is_heard_as_one(text: str) -> None:
    """The buyer, who has told nothing of the cost yet, says it is too early; no puzzlement at an off-topic question."""
    state = _asked_one_thing()
    answer = play(state, text)
    assert state.turns[-1].next_step == "early"
    assert answer in state.scenario.lines["next_step_early"]
    assert "off_topic" not in state.turns[-1].habits


def test_sometime_next_week_names_no_day() -> None:
    assert not hearing.is_dated("let me take that back to my team and we can connect next week sometime to finalize")
    assert hearing.is_dated("Could we meet next week to build the case?")


@pytest.mark.parametrize(
    "text",
    [
        "Can I send you short brochure and case study by email, and you look when you have time?",
        "want me to send pricing over so u can see if it fits?",
        "Maybe I send updated proposal with ROI section, and you forward it to your CFO?",
    ],
)
def test_material_offered_asks_nothing_about_the_buyer(text: str) -> None:
    state = _asked_one_thing()
    play(state, text)
    assert state.turns[-1].questions == []


def test_in_one_year_plays_back_in_a_year() -> None:
    state = drill("cfo-discovery", seed="bench")  # the seed that tells the cost as "41 to 58 in a year"
    play(
        state,
        "Hi Dana, thank you for taking the call. When you look at the disputed invoices at Northwind, what is "
        "happening there today?",
    )
    play(
        state,
        "That is helpful, thank you. What does it mean for your cash when invoices leave late and then get disputed?",
    )
    assert any("41 to 58 in a year" in said for said in state.said)  # (the first question may bring it out)
    answer = play(
        state,
        "So DSO went up a lot in one year and some months you draw on credit line to cover payroll. That is serious "
        "money sitting with customers. Is there a date when this number matters more than usual?",
    )
    assert "misread" not in state.turns[-1].habits
    assert answer not in state.scenario.lines["summary_wrong"]


@pytest.mark.parametrize(
    "text",
    ["How many agents do you have in the contact centre?", "Which ERP system do you use today in the plants?"],
)
def test_a_wh_question_without_commas_is_one_question(text: str) -> None:
    assert [q.text for q in hearing.questions(text, analyse_moves(text))] == [text]


def test_a_time_and_a_length_make_a_meeting_whatever_words_come_with_them() -> None:
    """ "baked in" is no small talk about baking."""
    assert hearing.asks_to_meet("90 min next tue 10am, your numbers only, pilot at 2-3 hotels baked in")
    assert not hearing.asks_to_meet("Did you bake anything nice on Sunday?")


def test_the_setup_on_the_buyers_side_asks_about_their_situation() -> None:
    state = drill("happy-vendor", seed="bench")  # an opening whose words the question shares none of
    play(state, "Thanks, Rachel. What's the setup on your side at the moment?")
    assert "situation" in state.turns[-1].uncovered


def test_what_sits_behind_no_budget_asks_why_not_how_money_is_approved() -> None:
    state = drill("no-budget")
    play(state, "Can I ask what sits behind the no budget?")
    assert state.turns[-1].uncovered == ["real_reason"]


def test_a_check_after_a_next_step_put_asks_nothing_about_the_buyer() -> None:
    state = drill("exec-business-case")
    play(state, "What are the main priorities for you this year?")
    answer = play(
        state,
        "I think next step is I send full proposal for network rollout with pricing, and you share it with committee "
        "when you are ready. Is it ok?",
    )
    assert state.turns[-1].questions == []
    assert state.turns[-1].next_step == "early"
    assert answer in state.scenario.lines["next_step_early"]
