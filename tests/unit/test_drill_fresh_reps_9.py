"""What the buyer and the card make of messages fresh authors' reps wrote (the seventy-third and seventy-fifth script
sets, written in the twenty-seventh session): a question stated as what the rep wants to understand, leading into the
questions after it; play-backs of what is true of the buyer; trades that name the buyer's company; stealth closes
("Suppose I could show you..."); small talk; a cold caller's "we work on..."; and a soft next step's half credit."""

from __future__ import annotations

from coach.drills.engine import play
from coach.drills.scoring import score_drill
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


def test_a_discount_for_the_buyers_company_paying_in_advance_is_a_trade() -> None:
    state = drill(scenario_id="procurement-negotiation")
    play(
        state,
        "Here's a proposal: three years signed by June 30, renewal increases capped at 3% in writing, and if Meridian "
        "pays annually in advance I can offer 4% off.",
    )
    assert state.turns[-1].price[0] == "trade" and "conceded" not in state.turns[-1].habits


def test_if_i_could_show_you_would_you_recommend_it_offers_nothing_to_trade() -> None:
    state = drill(scenario_id="procurement-negotiation")
    play(state, "If I could show you the cost of waiting is bigger than the 20%, would you recommend it as it stands?")
    assert state.turns[-1].price[0] != "trade"


def test_wouldnt_it_be_a_shame_sells_a_picture_and_uncovers_nothing() -> None:
    state = drill(scenario_id="procurement-negotiation")
    play(state, "Thanks for being direct, Marisol.")
    play(state, "Wouldn't it be a shame for the claims team to keep keying documents by hand over a pricing gap?")
    assert state.turns[-1].uncovered == [] and state.turns[-1].questions == []


def test_a_gain_claimed_with_doesnt_it_asks_nothing_and_acknowledges_nothing() -> None:
    state = drill(scenario_id="happy-vendor")
    play(state, "Understood, Rachel.")
    play(
        state,
        "Picture your agents seeing a member's whole relationship on one screen while they're talking. Makes "
        "everyone's day easier, doesn't it?",
    )
    assert state.turns[-1].uncovered == [] and "acknowledge" not in state.turns[-1].moves


def test_the_bakery_counter_the_office_kitchen_and_a_good_series_are_off_the_subject_of_a_data_call() -> None:
    state = drill(scenario_id="tech-discovery")
    for text in (
        "Hi Ines, thanks for booking! Before we start, what's your favourite thing from the bakery counter in your "
        "stores?",
        "Ha. And who decides what goes in the office kitchen?",
        "Are you watching any good series at the moment?",
    ):
        play(state, text)
        assert "off_topic" in state.turns[-1].habits and state.turns[-1].uncovered == [], text


def test_suppose_i_could_show_you_a_gain_asks_nothing_of_the_buyers_situation() -> None:
    state = drill()
    play(state, "Thanks for the time, Dana.")
    play(
        state,
        "Suppose I could show you how to take a good chunk off your DSO within one quarter, you would want to see "
        "that, right?",
    )
    assert state.turns[-1].uncovered == [] and state.turns[-1].questions == []


def test_what_most_cfos_the_rep_speaks_with_find_is_a_claim_the_buyer_hears_as_a_pitch() -> None:
    state = drill()
    answer = play(
        state,
        "Most CFOs I speak with are surprised how much cash comes loose when collections chase themselves instead of "
        "relying on clerks.",
    )
    assert "pitch" in state.turns[-1].moves and answer in state.scenario.lines["pitch_early"]


def test_can_i_understand_whats_behind_it_with_its_options_after_is_one_question_not_a_string() -> None:
    state = drill(scenario_id="procurement-negotiation")
    play(
        state,
        "Thanks Marisol, I appreciate you being straight. Before we talk about the number, can I understand what's "
        "behind the 20%? Is it a target you've been given, or how we compare against something else?",
    )
    assert "stacked" not in state.turns[-1].habits and "driver" in state.turns[-1].uncovered


def test_is_it_yours_or_does_it_go_to_the_committee_offers_two_answers_to_one_question() -> None:
    state = drill(scenario_id="renewal-at-risk")
    play(state, "Thanks for taking the call, Owen. What happened from your crews' side?")
    play(
        state,
        "And how does the decision get made? Is it yours, or does it go to the finance committee, and when do they "
        "meet?",
    )
    assert "stacked" not in state.turns[-1].habits


def test_a_play_back_that_owns_the_reps_side_of_the_failure_is_no_pitch() -> None:
    state = drill(scenario_id="renewal-at-risk", seed="bench")
    play(
        state,
        "Thank you for taking the call, Owen. I owe you an honest conversation: we should have been on the phone with "
        "you long before now. What happened from your crews' side?",
    )
    assert "GIS" in state.said[-1]  # what the buyer said of the sync and the silence, played back next
    answer = play(
        state,
        "The GIS upgrade broke the map sync in March and nobody from our side called you. I'm sorry, Owen, that's on "
        "us, not on you. What have the crews been doing since then?",
    )
    assert "pitch" not in state.turns[-1].moves and answer not in state.scenario.lines["pitch_early"]


def test_a_discount_for_the_buyers_company_being_a_reference_is_a_trade() -> None:
    state = drill(scenario_id="procurement-negotiation")
    play(state, "If Meridian will be a reference and do a short case study once you're live, I can get to 8%.")
    assert state.turns[-1].price[0] == "trade" and "conceded" not in state.turns[-1].habits


def _next_step_credit(text: str) -> float:
    state = drill(scenario_id="stalled-deal")
    play(state, "What changed on your side since we last spoke?")
    play(state, text)
    return next(r for r in score_drill(state).lines if r.line.id == "next_step").credit


def test_a_soft_next_step_keeps_the_door_open_and_earns_more_than_a_dated_meeting_pushed_too_early() -> None:
    soft, pushed = (
        _next_step_credit("Shall I check back in with you next month?"),
        _next_step_credit("Can we book 30 minutes with you and Rachel on Thursday at 10am?"),
    )
    assert soft == 0.5 and 0 < pushed < soft


def test_no_stress_about_the_gap_after_thanks_acknowledges_the_stall() -> None:
    state = drill(scenario_id="stalled-deal")
    play(state, "hey nadia, thanks for replying, no stress about the gap. whats changed since the demo?")
    assert "acknowledge" in state.turns[-1].moves
    assert state.turns[-1].evidence["acknowledge"] == "hey nadia, thanks for replying, no stress about the gap."


def test_we_work_on_predicting_press_failures_is_why_a_cold_caller_called_not_a_pitch() -> None:
    state = drill(scenario_id="cold-call-ops")
    answer = play(
        state,
        "hi greg, ill be quick. saw halvorsen does stamping + machining, we work on predicting press failures. how r "
        "the presses behaving this yr?",
    )
    assert "pitch" not in state.turns[-1].moves and answer not in state.scenario.lines["pitch_early"]
