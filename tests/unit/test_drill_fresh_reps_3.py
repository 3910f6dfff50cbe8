"""What the buyer makes of messages fresh authors' reps wrote (the forty-seventh and forty-ninth script sets, written
in the twenty-first session, and the read sets before them): a play-back that gives the gist in the rep's own words,
what peers lose told as a fact, lists and lead-ins the move reader misreads, small talk once the call is under way,
thanks for what the buyer told, and a discount against a signed term."""

from __future__ import annotations

import pytest

from coach.drills import hearing
from coach.drills.engine import DrillState, opening, play
from coach.drills.scenarios import find_scenario
from tests.unit.test_drill_fresh_reps import drill


def _asked_about_the_stall() -> object:
    state = drill("stalled-deal")
    play(state, "hi nadia, thx for replying. no chase, just want to understand. what changed since the demo?")
    play(state, "who's involved now besides you?")
    play(state, "what's a vacant day worth in rent, roughly?")
    return state


def test_a_gist_in_the_reps_own_words_is_not_corrected() -> None:
    state = _asked_about_the_stall()
    answer = play(
        state, "ok so: new people in the mix who never saw the demo, they need the savings in your numbers. fair?"
    )
    assert "misread" not in state.turns[-1].habits
    assert answer not in state.scenario.lines["summary_wrong"]


@pytest.mark.parametrize(
    "text",
    [
        "ok so: the real issue is the mobile app, and you can sign it off yourself. fair?",
        "ok so: it's mainly a timing thing, the VPs are already on board. fair?",
        # nothing changed, and the signer left only a signature: downplayed, whatever share of the words is hers
        "Got it, so the team just got busy, nothing's really changed, you still own the decision and the budget's "
        "approved. Right?",
        "So what I'm hearing is the budget was approved at $186k, Rachel just needs to sign, the regional VPs all saw "
        "the demo and liked it, and the delay was really about the new communities. Is that right?",
    ],
)
def test_a_play_back_that_pins_the_wrong_problem_or_signer_is_corrected(text: str) -> None:
    state = _asked_about_the_stall()
    answer = play(state, text)
    assert "misread" in state.turns[-1].habits
    assert answer in state.scenario.lines["summary_wrong"]


@pytest.mark.parametrize(
    "text",
    [
        "Totally understand! Operators your size usually lose six figures a year to units sitting vacant!",
        "Property groups like yours usually cut make-ready time by a third.",
    ],
)
def test_what_peers_lose_told_as_a_fact_is_a_pitch(text: str) -> None:
    """Whatever the move reader makes of it (readers trained on different processors differ here)."""
    state = drill("stalled-deal")
    answer = play(state, text)
    assert "pitch" in state.turns[0].moves and answer in state.scenario.lines["pitch_early"]


def test_what_peers_lose_put_as_a_hunch_is_no_picture_sold() -> None:
    hunch = (
        "I called because stamping plants your size often lose more to unplanned press downtime than anyone budgets "
        "for, but I could be wrong about Halvorsen. Is it on your radar, or under control?"
    )
    assert hearing.sold_picture(hunch) == ""
    assert hearing.sold_picture(hunch.replace(", but I could be wrong about Halvorsen", "")) != ""


def test_the_buyers_things_listed_after_one_whats_are_stacked() -> None:
    state = drill("happy-vendor")
    answer = play(state, "What's your abandonment rate, your average hold time, and do you offer callback?")
    assert "stacked" in state.turns[0].habits and answer.startswith(tuple(state.scenario.lines["stacked"]))


def test_what_the_buyer_needs_asks_for_the_criteria_in_any_words() -> None:
    state = drill("renewal-at-risk")
    play(state, "what happened?")
    play(state, "what do u need to renew?")
    assert state.revealed[-1] == "success" and "criteria_question" in state.turns[-1].moves


@pytest.mark.parametrize(
    ("text", "greets"),
    [
        ("How are you doing maintenance today?", False),
        ("how are you doing with the backlog?", False),
        ("How are you doing today?", True),
        ("Hi Greg, how are you doing so far this quarter?", True),
    ],
)
def test_how_are_you_doing_something_asks_about_the_business(text: str, greets: bool) -> None:
    assert bool(hearing.pleasantry(text)) is greets


def test_a_play_back_that_gives_the_money_to_someone_else_is_corrected() -> None:
    state = drill("champion-internal-sell")
    play(state, "Tell me, who are the people involved in the decision?")
    answer = play(
        state, "So since Paul has the money, I think we go directly to Paul with the insurance numbers. Right?"
    )
    assert answer in state.scenario.lines["summary_wrong"]


def test_when_to_meet_asks_nothing_about_the_business() -> None:
    state = drill("champion-internal-sell")
    play(state, "what do u think diane cares about most?")
    play(state, "maybe we do a demo for her? when would be a good time?")
    assert state.turns[-1].uncovered == [] and state.turns[-1].questions == []


def test_where_the_team_feels_the_strain_asks_where_the_setup_falls_short() -> None:
    state = drill("happy-vendor")
    play(state, "And on the member side, where does the contact centre feel the strain today, in the busy weeks?")
    assert state.revealed == ["improve"]


def test_who_gets_the_contract_asks_nothing_about_who_decides() -> None:
    state = drill("happy-vendor")
    play(state, "Let's get you a proposal this week. Who do I send the contract to?")
    assert "stakeholders" not in state.revealed


def test_an_open_question_after_a_lead_in_is_answered_by_a_guarded_buyer() -> None:
    state = DrillState(find_scenario("cfo-discovery"), "hard", "1")
    opening(state)
    play(
        state,
        "If we try to size it: what has that done to DSO, or to the cash sitting with customers, over the last year "
        "or so?",
    )
    assert state.revealed == ["cost"]


def test_whats_behind_a_number_asks_where_it_comes_from_not_what_it_costs() -> None:
    state = drill("procurement-negotiation")
    play(state, "What's behind the 20%?")
    assert state.revealed == ["driver"]


def test_what_the_committee_looks_for_asks_for_its_criteria() -> None:
    state = drill("exec-business-case")
    play(state, "What does the committee usually look for in a proposal like this?")
    assert state.revealed == ["criteria"]


@pytest.mark.parametrize(
    ("text", "thanks"),
    [
        ("Thanks for telling me, that really helps. Who has a say now?", "Thanks for telling me, that really helps."),
        ("Appreciate you being straight with me. What changed?", "Appreciate you being straight with me."),
        ("hi nadia, appreciate the honesty. what changed?", "hi nadia, appreciate the honesty."),
        ("Thanks for replying, Nadia. What changed?", ""),  # a courtesy, not what the buyer told
    ],
)
def test_thanks_for_what_the_buyer_told_acknowledges_it(text: str, thanks: str) -> None:
    state = drill("stalled-deal")
    play(state, "What changed on your side after the demo?")
    play(state, text)
    assert ("acknowledge" in state.turns[-1].moves) is bool(thanks)
    assert hearing.thanked(text) == thanks


@pytest.mark.parametrize(
    ("scenario_id", "text"),
    [
        (
            "happy-vendor",
            "I understand Rachel. But imagine if the members who wait on hold in tax season, they receive a callback "
            "instead. How many loans you would keep?",
        ),
        (
            "tech-discovery",
            "Hi Ines, no demo, promised. But imagine if a broken feed is detected in one hour instead of by a business "
            "user days later. How much would it change for your team?",
        ),
    ],
)
def test_but_imagine_then_counting_the_gain_pitches_and_asks_nothing(scenario_id: str, text: str) -> None:
    state = drill(scenario_id)
    answer = play(state, text)
    assert state.revealed == [] and answer in state.scenario.lines["pitch_early"]


@pytest.mark.parametrize(
    "text",
    [
        "sounds intense. so how's Ohio this time of year? never been",
        "nice. and the Indiana plant, is it a long drive?",
        "Wow. Do you get to spend much time at the other two plants, or are you mostly based here?",
    ],
)
def test_small_talk_once_the_call_is_under_way_is_off_the_subject(text: str) -> None:
    state = drill("cold-call-ops")
    play(state, "how do you handle maintenance on the presses today?")
    answer = play(state, text)
    assert state.turns[-1].questions == [] and state.turns[-1].uncovered == []
    assert "off_topic" in state.turns[-1].habits and answer in state.scenario.lines["off_topic"]


def test_a_greeting_to_open_the_call_costs_nothing() -> None:
    state = drill("cold-call-ops")
    play(state, "Hi Greg, how are you doing today?")
    assert "off_topic" not in state.turns[0].habits


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("ok so my proposal: 20% no, but 7% off if 3 yrs signed this quarter + a reference call.", "trade"),
        ("5% off if the 3 year contract is signed by june", "trade"),
        ("We can do 10% off if that helps.", "concession"),
    ],
)
def test_a_discount_against_a_signed_term_is_a_trade(text: str, kind: str) -> None:
    assert hearing.price_move(text)[0] == kind


def test_anything_else_after_what_changed_asks_for_more_not_again() -> None:
    assert not hearing.same_question("anything else change?", "what changed?")
    assert hearing.same_question("what changed?", "So what changed?")


def test_a_mid_year_route_asks_how_money_gets_approved() -> None:
    state = drill("no-budget")
    play(state, "any mid-year route for stuff that pays back fast?")
    assert state.revealed == ["budget_process"]
