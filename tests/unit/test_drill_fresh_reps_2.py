"""What the buyer makes of messages fresh authors' reps wrote (the thirty-ninth and forty-first script sets, written in
the twentieth session): pictures of the gain asked as "what if...?" or counted ("How many loans would that keep?"),
a meeting put as the thing to do next, questions numbered in a list, small talk about the office, proposals and pushes
put as questions, and play-backs the move reader took for something else."""

from __future__ import annotations

import pytest

from coach.drills import engine, hearing
from coach.drills.engine import DrillState, opening, play
from coach.drills.scenarios import find_scenario
from coach.drills.scoring import score_drill
from tests.unit.test_drill_fresh_reps import drill


@pytest.mark.parametrize(
    "text",
    [
        "Dana. Appreciate the time. Quick question: what if every invoice went out the same day as the delivery?",
        "what if you knew a dispute was coming before the customer even raised it?",
        "Roger. Other carriers that pulled their billing together took about three weeks off DSO. How much cash would "
        "that free for you?",
        "Imagine your billing team closing month end without giving up the weekend. What would that do for keeping "
        "your people?",
    ],
)
def test_a_picture_of_the_gain_asked_or_counted_pitches_and_asks_nothing(text: str) -> None:
    state = drill("cfo-discovery")
    answer = play(state, text)
    assert state.revealed == [] and "pitch" in state.turns[0].moves
    assert answer in state.scenario.lines["pitch_early"]


@pytest.mark.parametrize(
    "text",
    [
        "What if nothing changes before the March review?",  # what waiting costs
        "What if we took 20% off?",  # an offer, answered as one
    ],
)
def test_a_what_if_that_is_no_picture_sells_nothing(text: str) -> None:
    assert not hearing.sells(text)


def test_what_a_played_back_problem_means_is_an_impact_question() -> None:
    state = drill("cfo-discovery")
    play(state, "How does billing work today?")
    play(state, "So invoices go out a week late because of three systems. What would that mean for your cash?")
    assert "cost" in state.revealed and "pitch" not in state.turns[-1].moves


@pytest.mark.parametrize(
    "text",
    [
        "Copy. Let's get a demo scheduled before then. I'll send some times.",
        "would u be open to a demo sometime this summer?",
        "ok great. what if i put together a packet for diane and paul and we find a time to chat w them sometime next "
        "month?",
    ],
)
def test_a_meeting_put_as_the_next_thing_to_do_is_a_next_step(text: str) -> None:
    state = drill("happy-vendor")
    play(state, "What's working well with the current setup?")
    play(state, text)
    assert state.turns[-1].next_step == "early" and "off_topic" not in state.turns[-1].habits


def test_asking_what_is_not_working_after_what_is_working_asks_for_the_gaps() -> None:
    state = drill("happy-vendor")
    play(state, "Understood, Rachel. Not here to replace a good partner. What's working well?")
    play(state, "Copy. And what's not working?")
    assert "repeated" not in state.turns[-1].habits and "improve" in state.revealed
    assert hearing.same_question("What's working well?", "What's working well for you?")


@pytest.mark.parametrize(
    "text",
    [
        "Copy. 1) What's behind the 20, 2) who's the competitor, 3) what's their number?",
        "Understood. 1) What do you need to recommend, 2) what can you give back, 3) reference or case study? Need a "
        "call Thursday to close terms.",
    ],
)
def test_questions_numbered_in_a_list_are_stacked(text: str) -> None:
    state = drill("procurement-negotiation")
    play(state, text)
    assert "stacked" in state.turns[0].habits and state.turns[0].next_step in ("", "stacked")


def test_three_when_questions_and_a_meeting_are_stacked() -> None:
    state = drill("no-budget")
    play(state, "Who decides on the contingency pool?")
    play(
        state,
        "Cool. When's the review, when's the paper due, and can we get 30 min with you and Daniel next week to go "
        "through a proposal?",
    )
    assert "stacked" in state.turns[-1].habits and state.turns[-1].next_step == "stacked"


def test_a_run_of_questions_opening_on_tell_me_is_stacked() -> None:
    state = drill("renewal-at-risk")
    play(
        state,
        "Hello Owen, thank you. Kindly tell me why usage dropped, what is it costing, and how serious is the ERP "
        "offer?",
    )
    assert "stacked" in state.turns[0].habits


def test_where_the_buyer_works_from_is_small_talk() -> None:
    state = drill("procurement-negotiation")
    play(state, "I can only imagine. Help me understand, do you work out of the main office or remote?")
    assert state.turns[0].questions == []
    play(state, "Oh nice. Is that the building with the rooftop terrace?")
    assert "off_topic" in state.turns[-1].habits


@pytest.mark.parametrize(
    "text",
    [
        "Honestly, can you afford not to do this?",
        "What if we start all 22 hotels on a three-year deal and I get my VP to approve a special rate?",
        "Can we get the paperwork started this week so you're ready the moment budget opens?",
    ],
)
def test_a_push_or_a_proposal_asks_nothing_of_the_buyers_situation(text: str) -> None:
    state = drill("no-budget")
    play(state, text)
    assert state.turns[0].questions == [] and state.revealed == []


def test_what_others_say_is_no_play_back() -> None:
    state = drill("no-budget")
    play(state, "Help me understand, is it that there's no budget at all, or just nothing in the plan?")
    play(
        state,
        "That makes sense. You know, what I'm hearing from a lot of hotel groups is that our platform really pays for "
        "itself.",
    )
    assert "misread" not in state.turns[-1].habits and "summarize" not in state.turns[-1].moves


def test_the_buyers_stack_said_back_is_no_pitch_and_a_question_about_breaks_asks_the_cost() -> None:
    state = drill("tech-discovery")
    play(state, "Can you walk me through how data gets from the tills into Snowflake?")
    answer = play(
        state,
        "Tills to store servers, a dozen nightly jobs into S3, Airflow into Snowflake, and about 1,400 dbt models on "
        "top. When something breaks in that chain, how do you usually find out?",
    )
    assert "pitch" not in state.turns[-1].moves and answer not in state.scenario.lines["pitch_early"]
    assert "cost" in state.revealed


@pytest.mark.parametrize(
    "text",
    [
        "Jonas. Trial worked. Mission is to get this signed. What's Diane's email?",
        "Could you put us on the agenda for the 14th? We'll send over our standard deck.",
        "Jonas. Roger. Before we get into it, how long you been in HSE?",
        "Copy. What did you do before that, field or office?",
        "Are you at the Ohio site today?",
    ],
)
def test_logistics_favours_and_the_buyers_career_ask_nothing_about_the_business(text: str) -> None:
    state = drill("champion-internal-sell")
    play(state, text)
    assert state.turns[0].questions == [] and state.revealed == []


def test_what_the_board_is_focused_on_asks_for_its_metrics() -> None:
    state = drill("exec-business-case")
    play(state, "Help me understand what the board is focused on this year.")
    assert state.revealed == ["priorities"]


def test_a_play_back_that_turns_into_a_pitch_is_checked_on_what_comes_before_the_pitch() -> None:
    state = drill("exec-business-case")
    play(state, "Which metrics matter most to your board right now?")
    told = state.said[-1].lower()
    assert "length of stay" in told
    play(
        state,
        "That's really helpful. What I'm hearing is length of stay is top of mind, and that's exactly what our "
        "platform does: predictive discharge and real-time bed boards.",
    )
    assert "misread" not in state.turns[-1].habits


def test_what_an_hour_down_runs_you_asks_what_it_costs() -> None:
    state = drill("cold-call-ops")
    play(state, "hi greg, how are the presses behaving lately?")
    play(state, "ugh, reactive is tough. help me understand what an hr of downtime runs u?")
    assert "cost" in state.revealed


def test_one_of_those_days_is_a_greeting() -> None:
    state = drill("cold-call-ops")
    play(state, "No problem, Greg, I'll be brief. One of those days where they stack back to back?")
    assert state.turns[0].questions == [] and state.revealed == []


@pytest.mark.parametrize(
    "text",
    [
        "Understood. Question: what would it mean for claims if documents routed themselves before storm season?",
        "Picture August with no adjuster overtime. What's that worth to your CFO?",
    ],
)
def test_what_a_pictured_gain_would_mean_pitches_and_asks_nothing(text: str) -> None:
    state = drill("procurement-negotiation")
    play(state, text)
    assert "pitch" in state.turns[0].moves and state.revealed == []


def test_what_it_would_mean_if_nothing_changed_still_asks() -> None:
    assert not hearing.sells("What would it mean for you if nothing changed before the March review?")


def test_signing_this_week_and_getting_back_with_a_proposal_are_next_steps() -> None:
    assert hearing.asks_to_meet("So the price pays for itself. Can we sign at the current number this week?")
    state = drill("procurement-negotiation")
    play(state, "What's behind the 20%?")
    play(state, "Let me take this back to my VP and get back to you with a revised proposal.")
    assert state.turns[-1].next_step in ("vague", "early")


def test_whats_that_worth_at_the_end_of_a_string_of_questions_is_one_more_of_them() -> None:
    state = drill("happy-vendor")
    play(
        state,
        "What's your abandonment rate, your average hold time, how many loan calls do you lose, and what's that worth?",
    )
    assert "stacked" in state.turns[0].habits and "pitch" not in state.turns[0].moves


def test_the_card_quotes_the_question_the_cost_was_told_to() -> None:
    state = drill("procurement-negotiation")
    for text in (
        "Thanks, Marisol, I appreciate you being direct. Help me understand what's behind the 20%?",
        "That's fair: a 15% target for every category and a competing quote 18% under ours. Besides price, what else "
        "matters to you in how this deal is put together?",
        "That's really helpful. Net 60 instead of 30, a cap on renewals after what happened with the other vendor, "
        "and an exit if the first claims centre misses its cycle-time target. Who signs, and what does the timeline "
        "look like?",
        "So Alan signs over $250k, legal needs about ten working days on the MSA, and it has to close before June 30. "
        "On the claims side, do you know what a delay would cost them?",
    ):
        play(state, text)
    assert "impact_question" in state.turns[2].moves and "cost" in state.turns[3].uncovered
    line = next(r for r in score_drill(state).lines if r.line.id == "value_before_pitch")
    assert line.credit == 1.0 and "delay would cost" in line.evidence[0]


def test_no_pressure_to_switch_plays_back_a_happy_customer() -> None:
    assert not engine._downplayed("So no pressure to switch, but the contract renews in September.")
    assert engine._downplayed("So there's no real pressure on the DSO number.")


def test_a_play_back_per_our_conversation_is_checked() -> None:
    state = drill("tech-discovery")
    play(state, "Thanks, Ines. To level set, what's been happening with your data?")
    play(state, "And what do you need from a tool like ours?")
    answer = play(
        state,
        "OK, per our conversation: you had a feed outage from 13 stores for about a day, it cost maybe $30k, your "
        "main requirement is row-level anomaly detection on sales data, and SSO isn't needed for now.",
    )
    assert "misread" in state.turns[-1].habits and answer not in state.scenario.lines["summary_right"]


def test_a_modal_question_run_on_after_and_is_one_more_question() -> None:
    state = drill("tech-discovery")
    play(state, "Ok. What are your technical requirements, do you use SSO, and can data leave Snowflake?")
    assert "stacked" in state.turns[0].habits


def test_how_purchasing_decisions_get_made_asks_who_decides() -> None:
    state = drill("champion-internal-sell")
    play(state, "Can you walk me through how purchasing decisions typically get made at Castellan?")
    assert state.revealed == ["decision_map"]


def test_a_deck_put_together_then_a_circle_back_is_a_next_step() -> None:
    assert hearing.asks_to_meet(
        "In terms of next steps, why don't I put together a deck for you to take to Diane, and we circle back once "
        "she's had a look?"
    )


@pytest.mark.parametrize(
    "text",
    [
        "So how long have you been at Castellan? Where were you before?",
        "That's awesome. Do you get hard hats with the company logo? My nephew collects those, no joke.",
    ],
)
def test_the_buyers_past_jobs_and_a_nephews_collection_ask_nothing(text: str) -> None:
    state = drill("champion-internal-sell")
    play(state, text)
    assert state.revealed == [] and state.turns[0].questions == []


@pytest.mark.parametrize(
    "text",
    [
        "Hi Nadia, no problem. Imagine the leasing season with the make-ready at 5 days in all your communities. How "
        "many vacant days it would save?",
        "Other operators your size, they reduced their make-ready by 40% in the first year. It's sure that your new "
        "CFO would like this, no?",
    ],
)
def test_a_gain_counted_in_the_reps_own_word_order_or_tagged_asks_nothing(text: str) -> None:
    state = drill("stalled-deal")
    play(state, text)
    assert state.revealed == [] and state.turns[0].questions == []


@pytest.mark.parametrize(
    "text",
    [
        "If I may, a small story: a network of four hospitals we know had ambulance diversions every winter. Last "
        "winter they had none. Can you imagine the board meeting after that?",
        "Hospitals like yours often take half a day off length of stay in the first year. What would half a day mean "
        "for your elective lists?",
    ],
)
def test_a_story_or_a_claim_with_its_imagined_gain_asks_nothing(text: str) -> None:
    state = drill("exec-business-case")
    play(state, text)
    assert state.revealed == [] and state.turns[0].questions == []


def test_a_paper_prepared_together_is_a_proposal_to_meet() -> None:
    assert hearing.asks_to_meet("Perhaps, kindly, we could prepare the committee paper together?")


def test_questions_run_on_after_may_i_ask_are_stacked() -> None:
    state = drill("stalled-deal")
    play(
        state,
        "Good afternoon Nadia, thank you kindly for replying. May I ask why things went quiet, what has changed since "
        "the demo, and whether the budget was ever confirmed?",
    )
    assert "stacked" in state.turns[0].habits


def test_what_a_commitment_gets_the_buyer_is_a_trade() -> None:
    text = (
        "listen, lets be practical: I cant do 20. but a 3yr commit + signed by jun 20 + a reference call gets you 60 "
        "day terms, renewals capped at 3%, the exit clause and 5% off."
    )
    assert hearing.price_move(text)[0] == "trade"


def test_leave_asked_to_understand_opens_a_guarded_buyer() -> None:
    scenario = find_scenario("procurement-negotiation")
    assert scenario is not None
    state = DrillState(scenario, "hard", "1")
    opening(state)
    play(state, "Before we talk about a number, may I understand where the 20% comes from?")
    assert state.revealed == ["driver"]


def test_how_long_the_hospital_has_been_in_its_building_is_small_talk() -> None:
    state = drill("exec-business-case")
    play(
        state,
        "Thank you, Catherine. Beautiful campus, by the way. How long has the main hospital been in this building?",
    )
    assert state.revealed == [] and state.turns[0].questions == []


def test_a_promise_to_circle_back_checked_with_sound_good_is_quoted_as_the_next_step() -> None:
    state = drill("renewal-at-risk")
    play(state, "hey owen, yeah i saw the numbers. not great. what's going on w/ the crews?")
    play(state, "let me circle back w/ my team on pricing and get you something before the committee. sound good?")
    line = next(r for r in score_drill(state).lines if r.line.rule["type"] == "objective")
    assert line.evidence[0].startswith("let me circle back")
