"""What the buyer makes of messages fresh authors' reps wrote (the fifty-ninth and sixty-first script sets, written in
the twenty-fourth session): a question stated without a question mark, a casual next step with no time, a day by which
the rep sends something, a question's purpose after it, why the rep asked, a play-back after a courteous lead-in, "thank
u for telling me", the buyer pressed to act now, play-backs that name a main problem the buyer never told, "wat" as
texted, "tama po?" and an hour asked for as "1hr"."""

from __future__ import annotations

import pytest

from coach.drills.engine import DrillState, opening, play
from coach.drills.scenarios import find_scenario
from coach.drills.scoring import score_drill
from tests.unit.test_drill_fresh_reps import drill


@pytest.mark.parametrize(
    "text",
    [
        "Hi Owen. Before we talk about renewing, I'd like to understand what went wrong from your side.",
        "Hi Owen, thanks for the call. I saw the usage numbers and I'd like to understand what's happening with the "
        "crews.",
    ],
)
def test_a_question_stated_without_a_question_mark_is_answered(text: str) -> None:
    state = drill("renewal-at-risk")
    answer = play(state, text)
    assert answer not in state.scenario.lines["unclear"] and state.revealed, answer
    assert state.turns[-1].questions


def test_what_the_rep_would_love_to_show_is_no_question() -> None:
    state = drill("renewal-at-risk")
    play(state, "Hi Owen. I'd love to show you how we fixed the maps.")
    assert not state.turns[-1].questions and not state.revealed


def test_a_stated_question_is_quoted_up_to_what_it_is_for() -> None:
    state = drill("procurement-negotiation")
    play(
        state,
        "Before we talk numbers, I'd like to understand what sits behind the 20%, so that we solve the right problem.",
    )
    assert state.revealed == ["driver"]  # not the cost, for "solve"
    assert state.turns[-1].questions == ["Before we talk numbers, I'd like to understand what sits behind the 20%"]


@pytest.mark.parametrize(
    "text",
    [
        "ok i'll send smth the CFO can look at, then we reconnect",
        "Okay. I'll send a revised quote by Friday and we can go from there.",
        "ok noted. ill send a retraining vid for the crews, lets catch up closer to renewal",
        "cool, ill send over a savings doc next week and we go from there",
    ],
)
def test_a_casual_next_step_with_no_time_is_a_vague_one(text: str) -> None:
    state = drill("stalled-deal")
    play(state, "What changed on your side since we last spoke?")
    play(state, text)
    assert state.turns[-1].next_step in ("vague", "early")
    line = next(r for r in score_drill(state).lines if r.line.id == "next_step")
    assert line.evidence and 0 < line.credit < 1


def test_a_day_to_send_something_by_dates_no_meeting_but_the_meeting_beside_it_does() -> None:
    state = drill("procurement-negotiation")
    play(state, "What's behind the 20%?")
    play(state, "Besides price, what else matters to you in the terms?")
    play(state, "Who signs, and how does approval work from here?")
    play(state, "I'll send a revised quote by Friday and we can go from there.")
    assert state.turns[-1].next_step == "vague"
    play(
        state,
        "Let's book 45 minutes on Wednesday at 11 to agree the terms. I'll send the revised order form by Monday so "
        "legal sees it first.",
    )
    assert state.turns[-1].next_step == "agreed"
    assert state.turns[-1].evidence["next_step"].startswith("Let's book 45 minutes on Wednesday at 11")


def test_a_questions_purpose_does_not_choose_what_it_asks_about() -> None:
    state = drill("procurement-negotiation")
    play(state, "Where does the 20% come from, so that we solve the right problem?")
    assert state.revealed == ["driver"]  # not what a delay costs the claims team, for "solve"


def test_saying_why_one_asked_is_no_play_back() -> None:
    state = drill("exec-business-case")
    play(state, "Which numbers is the board holding you to this year?")
    answer = play(
        state,
        "Is there something you've personally committed to for this winter? I only ask so the case answers what "
        "you've promised, not just what the pilot showed.",
    )
    assert "summarize" not in state.turns[-1].moves and answer not in state.scenario.lines["summary_right"]


def test_the_buyers_own_terms_said_back_after_a_courteous_lead_in_are_no_pitch() -> None:
    state = drill("procurement-negotiation")
    told = play(state, "Where does the 20% come from?")
    assert "savings target on every contract" in told
    answer = play(
        state,
        "That's helpful, and I appreciate the candour: a savings target on every contract, and another quote well "
        "below ours. Besides price, what else matters to you in how this deal is structured?",
    )
    assert not state.turns[-1].pitched_early and answer not in state.scenario.lines["pitch_early"]


def test_thank_u_for_telling_me_acknowledges_it() -> None:
    state = drill("stalled-deal")
    play(state, "where do things stand, honestly?")
    answer = play(state, "thank u for telling me. i never asked what slow turns cost u - any idea in vacant days / $?")
    assert "acknowledge" in state.turns[-1].moves and "stall_reason" in state.revealed, answer


@pytest.mark.parametrize(
    "text",
    ["Can you check with finance again?", "When can you sign?", "Can you just take it to your CFO?"],
)
def test_pressing_the_buyer_to_act_asks_nothing(text: str) -> None:
    state = drill("no-budget")
    play(state, "Our forecasting pays for itself. For 22 hotels it's only $140k a year.")
    play(state, text)
    assert not state.turns[-1].uncovered
    cards = {r.line.id: r.credit for r in score_drill(state).lines}
    assert cards["budget_path"] == 0 and cards["case_criteria"] == 0


def test_asking_whether_the_buyer_would_take_a_case_to_finance_still_asks_how_it_goes() -> None:
    state = drill("no-budget")
    play(state, "Do you know roughly what you spend on agency housekeepers?")
    play(state, "If I sent over an ROI calculator, could you take it to Finance?")
    assert state.turns[-1].uncovered == ["budget_process"]


def test_a_play_back_naming_the_price_as_the_main_issue_when_the_buyer_spoke_of_callbacks_is_corrected() -> None:
    state = drill("happy-vendor")
    play(state, "I understand, seven years is a good relationship. What do you like the most about them?")
    told = play(state, "And is there anything you would improve?")
    assert "callback" in told
    answer = play(
        state,
        "So if I hear you well, the main issue is the price: you pay too much for what you get and you would like to "
        "reduce the cost of the contact centre, correct?",
    )
    assert answer.startswith(tuple(state.scenario.lines["summary_wrong"])), answer
    assert "cost" not in state.turns[-1].uncovered


def test_a_play_back_of_a_main_problem_mostly_never_told_is_corrected() -> None:
    state = drill("tech-discovery")
    told = play(state, "How does data get from the stores into your warehouse today?")
    assert "Snowflake" in told and "slow queries" not in told
    answer = play(
        state,
        "So if I understood: the issue is mainly slow queries in Snowflake, and your dbt tests already cover most "
        "models. Right?",
    )
    assert answer.startswith(tuple(state.scenario.lines["summary_wrong"])), answer


def test_wat_spelled_as_texted_asks_what_on_hard() -> None:
    state = DrillState(find_scenario("procurement-negotiation"), "hard", "1")
    opening(state)
    answer = play(state, "hi marisol, heard. before numbers, wat's behind the 20%?")
    assert state.revealed == ["driver"], answer


def test_tama_po_checks_a_play_back_and_an_hour_asked_for_is_a_meeting() -> None:
    state = drill("cfo-discovery")
    play(state, "how do invoices get out the door now, esp w/ the acquisitions?")
    play(state, "whats that doing to dso / cash?")
    play(state, "if u looked at fixing it, what wud u need to see? and who else weighs in - controller, cio?")
    answer = play(
        state,
        "ok so if i got it right: billing on three systems, dso up from 41 to 58, payback in a year and ur "
        "controller's team running it w/o new hires. tama po? if so can we do 1hr w/ u + ur controller to size the "
        "stuck cash? wed 16th 9am or fri 18th 1pm?",
    )
    assert "stacked" not in state.turns[-1].habits and state.turns[-1].next_step == "agreed", answer


def test_hours_named_in_a_question_ask_for_no_meeting() -> None:
    state = drill("exec-business-case")
    play(state, "tbh i'd rather hear what the board's pushing u on than walk thru the pilot again")
    play(
        state, "if we could show diversion hrs + LOS moving network-wide, is that the case the committee wants to see?"
    )
    assert not state.turns[-1].next_step
