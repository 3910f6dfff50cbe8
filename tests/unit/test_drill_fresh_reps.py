"""What the buyer makes of messages fresh authors' reps wrote (the twenty-seventh, twenty-ninth and thirty-second script
sets): a discount turned down, a document promised by a day, a play-back put forward as "just so I have it straight",
an offer beside a concession, a question in the words of what the buyer knows, questions stacked as a list, a long
play-back naming a day, topics listed before a question, a picture sold as a question, an acknowledgement followed by
a pitch and a status question after a greeting."""

from __future__ import annotations

import pytest

from coach.drills import figures, hearing
from coach.drills.engine import DrillState, opening, play
from coach.drills.moves import sentences_of
from coach.drills.scenarios import find_scenario
from coach.drills.scoring import render_card, score_drill


def drill(scenario_id: str, seed: str = "1") -> DrillState:
    scenario = find_scenario(scenario_id)
    assert scenario is not None
    state = DrillState(scenario, "standard", seed)
    opening(state)
    return state


def test_a_discount_turned_down_gives_nothing_away() -> None:
    state = drill("procurement-negotiation")
    answer = play(state, "tbh 20% isnt something we can do, the claims team already picked us on value")
    assert "conceded" not in state.turns[0].habits and answer not in state.scenario.lines["pocketed"]
    state = drill("procurement-negotiation")
    play(state, "We can't do 20%, but I could do 10% if it helps.")
    assert "conceded" in state.turns[0].habits


@pytest.mark.parametrize(
    ("text", "meeting"),
    [
        ("I'll send a revised quote by Friday and we can go from there.", False),
        ("i'll get the template filled in by end of next week and send it to u", False),
        ("I'll send an invite for Friday at 2.", True),
        ("then i'll draft the one-pager by mon for u to check, and we do 45 min next thu at 10am w/ u + rachel", True),
    ],
)
def test_a_day_by_which_something_is_sent_is_no_meeting(text: str, meeting: bool) -> None:
    assert hearing.asks_to_meet(text) is meeting


def test_a_wrong_play_back_put_forward_as_having_it_straight_is_corrected() -> None:
    state = drill("champion-internal-sell")
    play(state, "Who else is involved in the decision besides Diane?")
    play(state, "And what's the incident rate costing you today?")
    wrong = (
        "Got it. So just so I have it straight: Paul signs off, Diane's more of an influencer, the mod rate went up a "
        "little, maybe $70k a year, and IT is the only real hurdle since the superintendents were on board from day "
        "one."
    )
    assert play(state, wrong) in state.scenario.lines["summary_wrong"]
    assert "misread" in state.turns[-1].habits


def test_an_offer_beside_a_concession_asks_the_buyer_nothing() -> None:
    """ "What if we took budget off the table?" beside three months free offers more; it asks nothing about how money
    is approved."""
    state = drill("no-budget")
    answer = play(
        state,
        "Totally understand, Olivia. What if we took budget off the table? I can give you the first three months free.",
    )
    assert any(answer.startswith(line) for line in state.scenario.lines["pocketed"])
    assert "budget_process" not in state.revealed and state.turns[0].questions == []


def test_a_question_in_the_words_of_what_the_buyer_knows_asks_for_it() -> None:
    """The board's metrics are asked for in their own label's words, though the reader takes the question for a
    criteria question: the buyer tells them, not "as I said" what the committee needs."""
    state = drill("exec-business-case")
    play(state, "What would the committee need to see to approve a network-wide rollout?")
    play(state, "Understood. And which metrics does the board track you on?")
    assert state.turns[-1].uncovered == ["priorities"]


def test_a_yes_no_question_about_what_was_told_gets_it_again_not_the_next_fact() -> None:
    """Once how money is approved mid-year is out, "is there any way stuff gets funded mid year?" asks for it again:
    the buyer says it again in brief, and what the CFO needs to see stays for a question about it."""
    state = drill("no-budget")
    play(state, "ok fair. is it no budget at all or just nothing planned for this yr?")
    assert "budget_process" in state.revealed
    answer = play(state, "gotcha. is there any way stuff gets funded mid year?")
    assert answer.startswith("As I said") and "criteria" not in state.revealed


@pytest.mark.parametrize(
    "message",
    [
        "A few quick ones:\n- what do you like most about them?\n- where do they fall"
        " short?\n- when does the contract renew?\n- who signs off on new vendors?\nCould we find 30 minutes?",
        "Thanks.\n\u2022 Who's on the security review?\n\u2022 What do they need?\n\u2022 Who holds the budget?",
        "So I use the time well: 1) how does data flow today, 2) how do you find broken feeds, 3) what did the last"
        " incident cost?",
        "Got it + what's the notice period / who sits on the vendor committee / does your CIO need the security docs?",
        "Thanks. 1) What's your OEE target? 2) When's your next customer review? 3) Who signs off capital?",
    ],
)
def test_questions_stacked_as_a_list_are_stacked(message: str) -> None:
    """Bullets, numbers, "+" and "/" between questions stack them as commas do: the buyer answers one at most."""
    state = drill("happy-vendor")
    play(state, message)
    assert "stacked" in state.turns[0].habits and len(state.turns[0].uncovered) <= 1


def test_a_list_of_three_after_slashes_is_stacked_and_one_slash_is_one_question() -> None:
    state = drill("stalled-deal")
    play(state, "Great. And: make-ready time / cost per vacant day / turns a year / how work orders come in?")
    assert "stacked" in state.turns[0].habits
    state = drill("happy-vendor")
    play(state, "does that show up in abandonment / hold times?")
    assert "stacked" not in state.turns[0].habits and state.turns[0].uncovered


def test_telling_the_buyer_their_freeze_should_not_apply_brushes_it_aside() -> None:
    state = drill("stalled-deal")
    answer = play(state, "A freeze shouldn't apply to something your team already chose. Can you escalate it?")
    assert "dismissed" in state.turns[0].habits and "acknowledge" not in state.turns[0].moves
    assert not answer.startswith("Thanks")


def test_putting_the_failure_down_to_the_buyers_side_acknowledges_nothing() -> None:
    """ "fair. tbh the sync broke bc of the GIS upgrade on your side, so it wasn't really our app" blames the buyer:
    no acknowledgement, and the buyer does not thank the rep for it."""
    state = drill("renewal-at-risk")
    answer = play(state, "fair. tbh the sync broke bc of the GIS upgrade on your side, so it wasn't really our app")
    assert "acknowledge" not in state.turns[0].moves and "dismissed" in state.turns[0].habits
    assert answer not in state.scenario.lines["acknowledged"]


def test_sympathy_for_the_crews_in_the_heat_is_small_talk() -> None:
    state = drill("renewal-at-risk")
    play(state, "Hi Owen, thanks for making time. How's the season been? I imagine the crews are flat out in the heat.")
    assert "acknowledge" not in state.turns[0].moves and state.revealed == []


def test_questions_numbered_without_commas_are_stacked() -> None:
    state = drill("no-budget")
    play(
        state,
        "Thanks! Next: 1) how are schedules built today 2) what's housekeeping turnover 3) what does the CFO need to "
        "see 4) when's the next review?",
    )
    assert "stacked" in state.turns[0].habits


def test_the_cfos_email_and_the_urgency_argued_ask_and_acknowledge_nothing() -> None:
    state = drill("no-budget")
    play(state, "I really think you're underestimating the urgency. Your guest scores are dropping.")
    assert "acknowledge" not in state.turns[0].moves and "dismissed" in state.turns[0].habits
    play(state, "What's your CFO's email? I'll reach out directly.")
    assert "budget_process" not in state.revealed and state.turns[1].questions == []


def test_a_hunch_put_as_what_the_buyer_said_is_confirmed_when_right() -> None:
    """ "from what you've said: 9 days vs 5 target, ~4,600 turns/yr, ~$60/vacant day = ~1.1m/yr. does that hold?"
    plays the cost back as heard: right, the buyer confirms it and the cost is known."""
    state = drill("stalled-deal")
    play(state, "hey Nadia, thx for replying. i'm guessing something changed after the demo?")
    play(
        state, "from what you've said: 9 days vs 5 target, ~4,600 turns/yr, ~$60/vacant day = ~1.1m/yr. does that hold?"
    )
    assert state.turns[-1].reaction == "summary_right" and "cost" in state.revealed


def test_a_rise_worked_out_from_the_buyers_figures_plays_them_back() -> None:
    """ "DSO up 17 days to 58" is the buyer's 41 to 58, worked out; "up 12 days" is not."""
    said = "Days sales outstanding went from 41 to 58 in a year. That's roughly six million dollars."
    assert figures.all_known("DSO up 17 days to 58, about $6M tied up", said)
    assert not figures.all_known("DSO up 12 days to 58", said)


def test_a_discount_with_its_condition_after_it_is_a_trade() -> None:
    offer = "And 5% off if we sign the three-year term by June 30 and you give us a reference call."
    assert hearing.price_move(offer) == ("trade", offer)


@pytest.mark.parametrize(
    ("meeting", "dated"),
    [
        ("Can we book 90 minutes with Mark's team on the 22nd of this month?", True),
        ("Could we meet on June 30 with legal?", True),
        ("Can we find some time soon?", False),
    ],
)
def test_a_meeting_on_a_date_of_the_month_is_dated(meeting: str, dated: bool) -> None:
    assert hearing.is_dated(meeting) is dated


def test_a_figure_opening_a_message_is_no_list_number() -> None:
    assert sentences_of("71. and what were you aiming for?") == ["71.", "and what were you aiming for?"]


def test_a_play_back_check_and_two_questions_are_stacked() -> None:
    """ "So LOS, ED boarding, margin...: is that right, what have I missed, why were the two other projects rejected,
    and what's at stake for you personally?" asks more than two things: the check counts, as a meeting asked for
    does."""
    state = drill("exec-business-case")
    play(state, "Which metrics does the board track you on?")
    play(state, "And who needs to co-sign the financials?")
    play(
        state,
        "So LOS, ED boarding, margin, payback, CFO sign-off and clinical support: is that right, what have I missed, "
        "why were the two other projects rejected, and what's at stake for you personally?",
    )
    assert "stacked" in state.turns[-1].habits


def test_a_long_play_back_naming_a_day_is_checked_as_a_play_back() -> None:
    """A day the buyer told of ("on Sunday night") inside a long play-back asks for no meeting: the play-back is
    confirmed, and the meeting after it agreed."""
    state = drill("no-budget")
    play(state, "Can I ask what sits behind it? Did the problem go away, or just the budget?")
    play(state, "What are agency and overtime costing you across the 22 hotels?")
    play(state, "What would Daniel need to see on that one page?")
    answer = play(
        state,
        "So: $1.1M on agency and overtime, 900 comped nights, schedules built in a spreadsheet by each GM on Sunday "
        "night, and Daniel wants payback this fiscal year plus a pilot at two or three hotels. Let's build the "
        "one-pager together. Two hours with you on Tuesday at 9, using payroll from three hotels you pick. Does that "
        "work?",
    )
    assert "misread" not in state.turns[-1].habits and state.outcome == "met", answer


def test_a_wrong_play_back_with_a_meeting_says_why_nothing_was_booked() -> None:
    """ "So the crews found the app too complicated, ... by Friday." tells the buyer back what they never said: it is
    corrected, and the card says the meeting asked for with it was not booked because of that, not that none was
    asked for."""
    state = drill("renewal-at-risk")
    play(state, "What went wrong?")
    play(state, "What's the drop cost you?")
    answer = play(
        state,
        "So the crews found the app too complicated, you're losing about $2M a year in overtime, and your GM wants 50% "
        "off to renew by Friday. I'll bring a discounted renewal to a call with your GM Thursday at 3.",
    )
    assert answer in state.scenario.lines["summary_wrong"] and "misread" in state.turns[-1].habits
    card = render_card(score_drill(state), state)
    assert "corrected the play-back it came with, so nothing was booked" in card
    assert "no next step proposed" not in card


@pytest.mark.parametrize(
    ("text", "stacked"),
    [
        ("Requirements, security review process, who signs, budget, and can we book a deep dive Tuesday at 2?", True),
        ("Is it price, terms, timing, or something else?", False),
        ("What's the cost in money, time, and morale?", False),
        ("Who else is involved: finance, IT, security?", False),
    ],
)
def test_topics_listed_before_a_question_are_stacked(text: str, stacked: bool) -> None:
    state = drill("tech-discovery")
    play(state, text)
    assert ("stacked" in state.turns[0].habits) is stacked


@pytest.mark.parametrize(
    "question",
    [
        "Wouldn't it be great if urgent repairs jumped the queue automatically instead of waiting behind routine ones?",
        "Do you really want to go into leasing season with turns at nine days?",
    ],
)
def test_a_picture_sold_as_a_question_asks_nothing(question: str) -> None:
    state = drill("stalled-deal")
    play(state, question)
    assert state.revealed == [] and state.turns[0].questions == []


def test_an_acknowledgement_followed_by_a_pitch_opens_nothing() -> None:
    """ "Totally understand! Operators your size lose six figures a year...": the buyer hears the pitch, and tells
    nothing of why the deal stalled."""
    state = drill("stalled-deal")
    answer = play(
        state, "Totally understand! Operators your size usually lose six figures a year to units sitting vacant!"
    )
    assert state.revealed == [] and answer in state.scenario.lines["pitch_early"]


def test_a_status_question_after_a_greeting_asks_about_the_situation() -> None:
    state = drill("stalled-deal")
    play(state, "Hi Nadia, great to hear from you, and no worries at all. Where do things stand on your side?")
    assert state.revealed == ["changes"]


def test_a_promise_to_circle_back_next_week_books_nothing() -> None:
    """ "ill bring it to my manager and circle back, maybe end of next week?" names no day: the card says the buyer
    stayed vague, not that a call was booked."""
    state = drill("procurement-negotiation")
    play(state, "so whats behind the 20% if you dont mind me asking?")
    play(state, "what else is important to you on the contract side?")
    play(state, "ill bring it to my manager and circle back, maybe end of next week?")
    assert state.turns[-1].next_step == "vague" and state.outcome != "met"
    assert hearing.is_dated("Can we circle back on Thursday at 10?")


def test_a_lower_figure_offered_after_refusing_the_buyers_is_a_concession() -> None:
    state = drill("procurement-negotiation")
    play(state, "so whats behind the 20% if you dont mind me asking?")
    answer = play(state, "ok gotcha, savings target. i cant do 20 but maybe like 12ish? let me check")
    assert "conceded" in state.turns[-1].habits and answer in state.scenario.lines["pocketed"]


@pytest.mark.parametrize(
    "question",
    [
        "What's your favorite hotel in the group for a weekend getaway? Asking for stakeholder alignment haha",
        "Does your team do anything fun on Fridays? Super important for understanding your decision culture!",
        "Who's the key decision-maker on where the ops team goes for happy hour?",
        "Any big weekend plans? Feels like you've earned it after budget season.",
        "Nice. What do you do to switch off?",
    ],
)
def test_small_talk_dressed_in_sales_words_is_off_topic(question: str) -> None:
    state = drill("no-budget")
    play(state, question)
    assert "off_topic" in state.turns[0].habits and state.revealed == []


@pytest.mark.parametrize(
    "text",
    [
        "I'll resend the proposal and check back in a couple of weeks.",
        "cool, let's find some time in the next couple weeks to scope that out",
        "Would it be OK if I sent you a case study and checked back in a couple of weeks?",
        "would it make sense to talk more sometime in the next few weeks?",
    ],
)
def test_a_promise_to_talk_again_later_is_a_vague_next_step(text: str) -> None:
    """The buyer hears a next step, if a vague one, and the card gives it its part, not "no next step proposed"."""
    state = drill("stalled-deal")
    play(state, "Where do things stand on your side?")
    play(state, "Who else has a say now, besides you and Rachel?")
    play(state, "What would it take to put this back on the table?")
    play(state, "What are the slow turns costing you?")
    answer = play(state, text)
    assert state.turns[-1].next_step == "vague" and answer in state.scenario.lines["next_step_vague"]
    assert "no next step proposed" not in render_card(score_drill(state), state)


def test_time_saved_is_no_time_to_meet() -> None:
    state = drill("stalled-deal")
    play(state, "We could save your team a lot of time on make-ready.")
    assert state.turns[0].next_step == ""


@pytest.mark.parametrize(
    ("scenario_id", "text"),
    [
        (
            "cold-call-ops",
            "Hola Greg, thank you for picking up! I wanted to ask how your maintenance works today on the presses, how "
            "many hours of unplanned downtime you have per month, how much that costs you, and if you have a target "
            "like OEE you need to hit this year?",
        ),
        (
            "procurement-negotiation",
            "So before we talk about the 20%, I want to understand where it comes from, and also if there are other "
            "things important for you like payment terms, and who signs in the end, and what the timeline is?",
        ),
    ],
)
def test_questions_run_on_in_the_reps_own_voice_are_stacked(scenario_id: str, text: str) -> None:
    state = drill(scenario_id)
    play(state, text)
    assert "stacked" in state.turns[0].habits


def test_meeting_in_the_middle_is_no_meeting() -> None:
    assert not hearing.asks_to_meet(
        "I can't do 20%, but maybe we meet in the middle at 10%, if you can sign by June 30?"
    )
    assert hearing.asks_to_meet("Could we meet on Thursday with Alan?")


@pytest.mark.parametrize(
    "text",
    [
        "Wouldn't it be useful if every invoice left the same day as the proof of delivery, whichever system it came "
        "from?",
        "And if disputes could be settled before the customer even raises them, how much cash do you think that would "
        "free up?",
        "And imagine your invoices going out the day the load is delivered. That's a good story for your board, no?",
    ],
)
def test_a_picture_of_the_gain_pitches_and_asks_nothing(text: str) -> None:
    state = drill("cfo-discovery")
    answer = play(state, text)
    assert state.revealed == [] and answer in state.scenario.lines["pitch_early"]


def test_the_magic_wand_question_still_asks() -> None:
    state = drill("cfo-discovery")
    play(state, "If you could change one thing about how billing works today, what would it be?")
    assert state.revealed and "pitch" not in state.turns[0].moves


def test_a_discount_for_a_commitment_is_a_trade() -> None:
    state = drill("procurement-negotiation")
    play(state, "before i answer on the 20, can i ask whats behind it?")
    play(
        state,
        "ok my offer: 60 day terms, a 3% renewal cap in writing, and 5% off for a 3 yr commit signed by june 15 + a "
        "reference call.",
    )
    assert state.turns[-1].price[0] == "trade" and "conceded" not in state.turns[-1].habits
    assert hearing.price_move("I can do 10% off for the contract.")[0] == "concession"


def test_a_general_question_naming_the_buyers_company_asks_about_the_situation() -> None:
    state = drill("exec-business-case")
    play(state, "What are the main challenges you see at the network level today?")
    assert state.revealed == ["priorities"]


def test_a_season_as_a_time_is_no_small_talk() -> None:
    """ "checking in after the summer" proposes a time to talk again; it chats about nothing."""
    state = drill("happy-vendor")
    play(state, "What system are you on at the moment?")
    play(state, "Would it be worth me sending a comparison over and checking in after the summer?")
    assert "off_topic" not in state.turns[-1].habits and state.turns[-1].next_step in ("early", "vague")


def test_a_suggested_dated_deep_dive_is_a_next_step_whatever_the_reader_says() -> None:
    state = drill("tech-discovery")
    play(state, "How does data get from the tills into Snowflake today?")
    play(state, "When one of those feeds breaks, what has it cost you?")
    play(state, "What are your hard requirements for anything you'd bring in?")
    play(
        state,
        "So I'd suggest a 90-minute technical deep dive on Wednesday the 16th at 2pm with you and someone from the "
        "CISO's team, run against your three requirements as you wrote them. I'll send the SOC 2 report, the pen test "
        "summary and our data-flow diagram by Friday, so the four weeks can start now rather than after. Does the 16th "
        "work?",
    )
    assert state.turns[-1].next_step == "agreed" and state.outcome == "met"


def test_a_question_in_a_facts_own_words_asks_for_that_fact_whatever_came_before() -> None:
    """ "...decide together whether a deep dive is worth your time. Could you walk me through how data gets from the
    tills into Snowflake?" asks how data flows, not what the "worth" before it would."""
    state = drill("tech-discovery")
    play(
        state,
        "Understood, Ines, no demo today. I'd rather understand your setup and decide together whether a deep dive is "
        "worth your time. Could you walk me through how data gets from the tills into Snowflake?",
    )
    assert state.revealed == ["stack"]
    state = drill("tech-discovery")
    play(state, "No demo, agreed. You booked this after a rough month. What happened?")
    assert state.revealed == ["cost"]


def test_a_signer_played_back_without_the_accent_is_the_same_person() -> None:
    state = drill("tech-discovery")
    play(state, "Who else is involved in the decision, and how does your security team review a vendor?")
    answer = play(
        state,
        "So the CISO's team reviews the SOC 2 Type II, the pen test and a data-flow diagram, and Tomas signs. Right?",
    )
    assert answer not in state.scenario.lines["summary_wrong"]


def test_a_question_naming_a_facts_subject_gets_that_fact_whatever_kind_the_reader_read() -> None:
    """ "Is there a number you're personally measured on?" names the target, though the reader took it for a criteria
    question: the buyer tells the target, not what he needs to see."""
    state = drill("cold-call-ops")
    play(state, "How does maintenance on your transfer presses run today?")
    play(state, "When a press does go down unplanned, what does that cost you?")
    play(
        state,
        "14 hours a month at around $22k an hour, so roughly $300k a month on one line. Is there a number you're "
        "personally measured on that this feeds into?",
    )
    assert state.turns[-1].uncovered == ["target"]
