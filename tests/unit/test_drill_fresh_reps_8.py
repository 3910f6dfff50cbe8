"""What the buyer and the card make of messages fresh authors' reps wrote (the sixty-seventh and sixty-ninth script
sets, written in the twenty-sixth session): a picture sold as "Would you say it'd help if...?", a peers' claim with
"so wouldn't that be worth a look?" in the same sentence, a stuffer's list recapped after a colon, sympathy for a price
rise, and a rep owning the stall."""

from __future__ import annotations

import pytest

from coach.drills import figures, hearing
from coach.drills.engine import DrillState, play
from tests.unit.test_drill import drill as drill_on
from tests.unit.test_drill import line
from tests.unit.test_drill_fresh_reps import drill


def _after_opener(scenario: str) -> DrillState:
    state = drill(scenario)
    play(state, "Thanks for making the time.")
    return state


@pytest.mark.parametrize(
    ("scenario", "text"),
    [
        (
            "cfo-discovery",
            "Would you say it'd be useful if your team could get invoices out the same day as delivery, rather than a "
            "week later?",
        ),
        ("happy-vendor", "Would you say members would appreciate getting a callback instead of sitting on hold?"),
        ("happy-vendor", "What if members could ask for a callback instead of waiting on hold in tax season?"),
        (
            "stalled-deal",
            "Wouldn't your renewal rate go back up if urgent repairs stopped waiting behind routine ones?",
        ),
        (
            "renewal-at-risk",
            "Wouldn't it help with the regulator if main-break response dropped back under four hours?",
        ),
        (
            "exec-business-case",
            "And if ambulance diversions stopped this winter, would that change how the board sees things, would you "
            "say?",
        ),
        (
            "cfo-discovery",
            "If I could show you how companies like yours brought DSO down by ten days without adding headcount, would "
            "that be the kind of thing you'd want to hear more about?",
        ),
    ],
)
def test_a_picture_the_rep_asks_the_buyer_to_like_is_a_pitch_that_uncovers_nothing(scenario: str, text: str) -> None:
    state = _after_opener(scenario)
    play(state, text)
    assert "pitch" in state.turns[-1].moves and state.turns[-1].uncovered == []


@pytest.mark.parametrize(
    "text",
    [
        "If this slips past March, would that be a problem with the lenders?",
        "If Priya signs off, would that be enough to move forward?",
        "Would you say the problem is mainly the systems or the people?",
    ],
)
def test_a_what_if_about_waiting_or_the_buyers_own_steps_sells_nothing(text: str) -> None:
    assert not hearing.sells(text)


@pytest.mark.parametrize(
    ("scenario", "text"),
    [
        (
            "cfo-discovery",
            "We help finance teams in freight cut disputes by about a third, so would you agree it'd be worth a look "
            "if that freed up cash before quarter end?",
        ),
        (
            "no-budget",
            "We help hotel groups like yours cut agency spend by about a third, so wouldn't that be worth finding "
            "money for?",
        ),
        (
            "stalled-deal",
            "We help apartment operators like Greystone cut make-ready time by a third in one leasing season. Would "
            "that be worth revisiting?",
        ),
    ],
)
def test_a_peers_claim_and_its_would_you_agree_uncover_nothing(scenario: str, text: str) -> None:
    state = _after_opener(scenario)
    answer = play(state, text)
    assert "pitch" in state.turns[-1].moves and state.turns[-1].uncovered == [], answer


def test_why_the_rep_called_with_no_figure_is_no_peers_claim() -> None:
    assert hearing.sold_picture("we help stamping plants cut unplanned press downtime.") == ""
    assert hearing.sold_picture("We help finance teams in freight cut disputes by about a third.")


@pytest.mark.parametrize(
    ("scenario", "first", "recap"),
    [
        (
            "no-budget",
            "Understood, Olivia. What's the agency spend, how do mid-year approvals work, what does your CFO need to "
            "see, and can we book a session next week?",
            "Okay. So agency spend, how mid-year approvals work, what the CFO needs, and a session next week?",
        ),
        (
            "tech-discovery",
            "Thanks Ines. So how many feeds do you have, what are your security requirements, who signs off, and can "
            "we do a deep dive next week?",
            "Just to pin it down: number of feeds, what security needs, who signs, and a slot next week?",
        ),
        (
            "cfo-discovery",
            "So just to get a picture: how many billing systems do you have, what's your DSO, who else is involved, "
            "and would you be free for a longer session next week?",
            "Sorry, just so I have it all: number of billing systems, DSO, who else decides, and can we get that "
            "session in next week?",
        ),
    ],
)
def test_a_stuffers_list_recapped_after_a_colon_is_still_stacked(scenario: str, first: str, recap: str) -> None:
    state = drill(scenario)
    play(state, first)
    answer = play(state, recap)
    assert "stacked" in state.turns[-1].habits, answer
    assert state.outcome is None and line(state, "next_step").credit < 1


def test_one_question_with_its_options_listed_is_not_stacked() -> None:
    state = drill("tech-discovery")
    play(state, "What drives the firefighting, volume, complexity, staffing?")
    assert "stacked" not in state.turns[-1].habits


def test_sympathy_for_a_price_rise_gives_nothing_away() -> None:
    text = "ok, that 12% renewal hit sounds nasty. who signs n what's the route?"
    assert hearing.price_move(text) == ("", "")
    state = drill("procurement-negotiation")
    play(state, "thx marisol. before numbers, what's behind the 20%? target, other quote, both?")
    play(state, text)
    assert "signoff" in state.revealed and line(state, "trade").credit == 0  # no concession line lost, none earned
    assert "conceded" not in state.turns[-1].habits
    assert hearing.price_move("Fine, 20% it is.")[0] == hearing.price_move("ok 15% then")[0] == "concession"


def test_owning_the_stall_acknowledges_it() -> None:
    state = drill("stalled-deal")
    play(state, "thanks nadia, no judgement at all. what's changed since the demo?")
    play(
        state,
        "ah ok, new cfo froze software contracts + asked what it saves. i should've helped you build that number. "
        "has make-ready improved at all?",
    )
    assert line(state, "acknowledge").credit == 1
    assert line(state, "acknowledge").evidence == ("i should've helped you build that number.",)
    assert hearing.understood("We should have a call on Thursday. How does 10am look?") == ""


def test_owning_a_failure_with_its_figures_is_no_pitch() -> None:
    state = drill("renewal-at-risk", seed="2")
    play(state, "owen, thx for taking the call. we let u down, no excuses. what went wrong from ur side?")
    assert line(state, "acknowledge").credit == 1
    answer = play(state, "sorry, 5 wks on the sync n no call is not on. what's the drop cost u since?")
    assert "pitch" not in state.turns[-1].moves and "cost" in state.revealed, answer
    assert not hearing.owns_up("No excuses: our new version fixes the sync.")


def test_which_numbers_the_board_holds_her_to_asks_for_the_metrics() -> None:
    state = drill("exec-business-case")
    play(
        state,
        "Thanks Catherine. Could I start with the board, though? Which numbers are they holding you to this year?",
    )
    assert state.revealed == ["priorities"]


def test_who_the_rep_talks_to_and_about_what_is_why_they_called() -> None:
    assert hearing.reason_for_call("i talk to stamping shops about unplanned press downtime.")
    state = drill("cold-call-ops")
    play(state, "hi greg, cold call, i'll be quick. i talk to stamping shops about unplanned press downtime.")
    assert "pitch" not in state.turns[-1].moves


def test_a_discount_for_signing_this_quarter_is_a_trade() -> None:
    assert hearing.price_move("i can prob get 10% if we sign this qtr")[0] == "trade"
    assert hearing.price_move("We can talk about it if we agree on scope first.") == ("", "")


def test_a_stuffers_list_asked_again_with_a_session_is_stacked() -> None:
    state = drill("no-budget")
    play(state, "Right. Again: agency spend, mid-year approvals, the CFO's requirements, and next week for a session?")
    assert "stacked" in state.turns[-1].habits


def test_anything_that_worries_her_invites_the_story_even_on_hard() -> None:
    state = drill_on("hard", scenario_id="happy-vendor")
    play(state, "totally fair, 7 yrs is a long time. what do they do best for u?")
    play(state, "nice. anything looking ahead that worries u a bit? platform, roadmap, contract end?")
    assert "improve" in state.turns[-1].uncovered


def test_a_figure_played_back_as_the_one_the_buyer_turned_down_is_theirs() -> None:
    told = ["Price is what I'm asked about, but terms matter just as much. We pay at 60 days, not 30."]
    playback = "So: payment at 60 days rather than 30. Did I get that right?"
    assert hearing.playback_matches(playback, told, frozenset()) is True
    assert hearing.playback_matches("So: payment at 30 days. Did I get that right?", told, frozenset()) is False


def test_a_discount_for_the_buyers_signature_and_a_reference_is_a_trade() -> None:
    move, sentence = hearing.price_move(
        "Here's what I can do. If we sign by June 15 and you give us a reference call, I can take a further 6% off."
    )
    assert move == "trade" and sentence.startswith("If we sign")


def test_thanks_for_being_direct_acknowledges_the_price_pressure() -> None:
    state = drill("procurement-negotiation")
    play(state, "Thanks for being direct, Marisol. I'd like to get you to a number you can defend.")
    assert line(state, "acknowledge").credit == 1


def test_a_texted_unit_joined_to_its_number_is_read() -> None:
    assert figures.amounts("0.6d over benchmark") == [(0.6, "day")]
    assert figures.amounts("<18mo payback, 2wks to build") == [(18.0, "month"), (2.0, "week")]
    assert figures.amounts("papers due the 14th") == []


@pytest.mark.parametrize(
    "text",
    [
        "Jonas, wouldn't Diane want to cut recordable incidents by a third without adding a single form?",
        "Contractors like Castellan are getting inspections to head office the same day. Would that kind of "
        "visibility help when owners score you on safety in bids?",
        "If the insurance savings alone could pay for the programme twice over, do you think the CFO would say no?",
    ],
)
def test_a_champion_sold_a_picture_learns_nothing_to_take_upstairs(text: str) -> None:
    state = _after_opener("champion-internal-sell")
    play(state, text)
    assert "pitch" in state.turns[-1].moves and state.turns[-1].uncovered == []


def test_asking_for_a_list_of_figures_is_a_string_of_questions() -> None:
    state = drill("happy-vendor")
    play(
        state,
        "Dear Rachel, Thank you for your time. Could you tell me how many agents you have, your monthly call volume, "
        "your abandonment rate, and your average hold time? Kind regards",
    )
    assert "stacked" in state.turns[-1].habits


def test_a_guarded_buyer_answers_an_either_or_question_not_with_a_yes() -> None:
    state = drill_on("hard", scenario_id="no-budget")
    answer = play(
        state,
        "Thank you ma, I appreciate you being straight with me, and I won't argue with the budget. Can I ask one "
        "thing though: has the scheduling problem we looked at in the demo gone away, or is it only the money that's "
        "stuck?",
    )
    assert answer not in ("Yes.", "No.") and state.revealed, answer
    assert line(state, "acknowledge").credit == 1
    assert not hearing.offers_choice("Do you have a budget or not?")


def test_a_day_in_a_play_back_of_the_buyers_week_books_nothing() -> None:
    playback = (
        "Let me play it back. Each GM builds the schedule in a spreadsheet on Sunday night and calls the agency when "
        "checkouts spike. Have I got it?"
    )
    assert not hearing.asks_to_meet(playback)
    assert hearing.asks_to_meet("Let me play it back: spreadsheets on Sunday night. Can we meet Tuesday?")


def test_sounds_like_we_never_put_the_saving_in_owns_the_gap_and_sells_nothing() -> None:
    assert hearing.sold_picture("sounds like we never put the saving in your numbers.") == ""
    assert hearing.sold_picture("Operators like Greystone are saving three days a turn.")


def test_the_buyers_figures_listed_back_after_ok_concede_nothing() -> None:
    assert hearing.price_move("ok, ED boarding hrs, LOS, margin (0.8%). what does the LOS gap cost you?") == ("", "")


def test_a_session_proposed_inside_a_play_back_is_asked_for() -> None:
    assert hearing.asks_to_meet(
        "so: ~$30M LOS gap, committee needs 18mo payback. working session thu 10th w marks team to scale the pilot, "
        "draft paper by the 1st. if it holds, would you take it to the committee on the 14th?"
    )


def test_a_buyer_who_feels_heard_opens_up_before_answering_two_questions() -> None:
    state = drill_on("hard", scenario_id="no-budget")
    play(
        state,
        "Thank you for being honest, Olivia, I really appreciate it, and I am not going to ask you for money today. "
        "Can I ask what happened with the budget? Was it that the problem became less important, or that the timing "
        "was wrong?",
    )
    assert state.turns[-1].uncovered[0] == "real_reason" and len(state.turns[-1].uncovered) == 2


def test_a_stated_ask_leads_into_the_questions_after_it() -> None:
    state = drill("champion-internal-sell")
    play(
        state,
        "Glad the trial landed, Jonas. Before we plan anything for Diane, help me understand how a decision like this "
        "actually gets made at Castellan. Who signs, and who could quietly stop it?",
    )
    assert "stacked" not in state.turns[-1].habits and "decision_map" in state.revealed
    play(state, "What did the last tool cost you, who ran the rollout, and what would the sites need? Tell me more.")
    assert "stacked" in state.turns[-1].habits
