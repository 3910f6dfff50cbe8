"""What the buyer and the card make of messages fresh authors' reps wrote (the sixty-third and sixty-fifth script sets,
written in the twenty-fifth session): a follow-up put off to a month, a season or the renewal, a meeting asked for on a
play-back the buyer corrected, a time of day at a sentence's end, an either-or question after "Can I ask", a demo "in
the spring", a peers' claim, "Do you have 2 minutes?" and an introduction or a pitch quoted as an acknowledgement."""

from __future__ import annotations

import pytest

from coach.drills import hearing
from coach.drills.engine import DrillState, opening, play
from coach.drills.scenarios import find_scenario
from tests.unit.test_drill import line
from tests.unit.test_drill_fresh_reps import drill


@pytest.mark.parametrize(
    "text",
    [
        "Would it be ok if I call you again next month to see if you have more time?",
        "ok, ill send an updated proposal and ping u in jan?",
        "OK, shall I check back in with you in the spring when the new budgets are being set?",
        "OK, I'll send over a revised proposal and give you a wee nudge in January.",
        "nae bother, i'll check in after xmas",
        "ok no wahala, i'll ping u again nearer the renewal",
        "ok ma'am, ill check in again around Q3 then. tnx po",
        "I'll put together a proposal and send it over, and perhaps we reconnect once you've had a look.",
        "perfect, ill send the deck today and u let me know when she can meet",
        "ok just fwd her the deck, lets see what she says then we follow up",
        "How about I check back in a month or so and we see where things stand?",
        "Okay. Then kindly keep us in mind for next year's planning. I will revert in January to check in.",
        "ok. lets talk after the 14th and see where it lands",
        "ok contingency, nice. i'll send you ROI calculator and some case studies. talk in couple weeks?",
        "Shall we do a POC? Kindly share your availability and I will do the needful.",
        "i'll send over a revised proposal, chat after you've seen it?",
        "noted. i'll send the ROI memo + an updated proposal and check back in 2 wks",
    ],
)
def test_a_follow_up_put_off_to_a_month_a_season_or_the_renewal_is_a_vague_next_step(text: str) -> None:
    state = drill("stalled-deal")
    play(state, "What changed on your side since we last spoke?")
    play(state, text)
    assert state.turns[-1].next_step in ("vague", "early", "dated")  # ("after the 14th" names a day)
    step = line(state, "next_step")
    assert step.evidence and 0 < step.credit < 1


@pytest.mark.parametrize("text", ["Did you catch the game in jan?", "What happened then, when it broke?"])
def test_a_month_or_a_then_in_a_question_books_nothing(text: str) -> None:
    assert not hearing.next_step_said(text) and not hearing.asks_to_meet(text)


def test_a_meeting_asked_for_on_a_play_back_the_buyer_corrected_earns_nothing() -> None:
    state = drill("no-budget")
    play(state, "Understood Olivia. May I know how much you are spending on agency staff?")
    play(state, "And how is money approved mid-year?")
    play(
        state,
        "Okay, so as discussed: agency spend is about $110k, the CEO decides the contingency pool at the annual "
        "review in June, and payback can be up to three years. Correct?",
    )
    assert "misread" in state.turns[-1].habits
    play(state, "Noted. Can we meet Thursday at 10 to build the case?")
    step = line(state, "next_step")
    assert step.credit == 0 and "corrected your play-back" in step.missing


def test_a_time_of_day_at_a_sentences_end_is_no_figure_played_back() -> None:
    state = drill("no-budget")
    play(state, "no bother olivia, appreciate the honesty. has the problem gone away or is it just the money?")
    play(state, "what did agency + overtime cost you across the 22 last yr?")
    play(state, "how's scheduling done today?")
    play(state, "any way to get money mid-year? contingency etc")
    play(state, "what would daniel need to see in the case?")
    play(
        state,
        "so: ~$1.1m agency/OT + comped rooms, GMs in spreadsheets calling the agency at 7. contingency at ops review, "
        "1-pager to daniel a week before. payback this FY out of the labour line + pilot at 2-3 hotels. right?",
    )
    assert "misread" not in state.turns[-1].habits and state.turns[-1].reaction != "summary_wrong"


def test_an_either_or_question_after_can_i_ask_is_one_question() -> None:
    state = drill("no-budget")
    answer = play(
        state,
        "Thanks for being straight with me, Olivia. Can I ask, with budgets locked, has the problem that made the "
        "demo interesting gone away, or is it just that there's no money to fix it this year?",
    )
    assert "stacked" not in state.turns[-1].habits
    assert not answer.startswith("That's a lot of questions")


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("Can I ask what it costs, and who decides?", 2),
        ("Are you a Browns fan, or does the Indiana plant pull you toward the Colts?", 2),
        ("Is it the price, or is it the terms?", 1),
    ],
)
def test_only_an_or_that_offers_the_other_answer_keeps_a_question_whole(text: str, parts: int) -> None:
    assert len(hearing._parts(text)) == parts


def test_a_demo_in_the_spring_is_no_small_talk() -> None:
    state = drill("happy-vendor")
    play(state, "Totally understand, Rachel. Where does the current setup fall short, if anywhere?")
    play(state, "Would you be open to a demo at some point? Maybe in the spring once things are quieter?")
    assert "off_topic" not in state.turns[-1].habits


def test_asking_for_two_minutes_asks_nothing_about_the_buyer() -> None:
    state = drill("cold-call-ops")
    play(state, "Good morning Greg, my name is Luis and I am calling from a predictive maintenance company.")
    play(state, "Do you have 2 minutes?")
    assert not state.turns[-1].questions and not state.turns[-1].uncovered


@pytest.mark.parametrize(
    "text",
    [
        "Good morning Greg, thanks for taking my call. My name's Jordan, and I'm with a company that provides "
        "AI-driven machine-health monitoring for manufacturers. We fit wireless vibration sensors to presses.",
        "Nadia, glad to hear from you. Honestly, most operators we talk to stall right after the demo because they "
        "underestimate the cost of doing nothing.",
    ],
)
def test_an_introduction_or_a_pitch_is_never_quoted_as_an_acknowledgement(text: str) -> None:
    scenario = "cold-call-ops" if "Greg" in text else "stalled-deal"
    state = drill(scenario)
    play(state, text)
    quoted = state.turns[-1].evidence.get("acknowledge", "")
    assert "My name's" not in quoted and "most operators" not in quoted


@pytest.mark.parametrize(
    ("scenario", "text", "stacked"),
    [
        (
            "happy-vendor",
            "That's useful, thank you. On the member side, when call volume peaks, what happens with hold times and "
            "abandoned calls? And do you know what it costs when a member hangs up?",
            False,
        ),
        ("no-budget", "Why budget is locked, when it opens again, and is there any other way to get money?", True),
    ],
)
def test_a_clause_after_a_phrase_leads_into_its_question_but_not_after_a_question(
    scenario: str, text: str, stacked: bool
) -> None:
    state = drill(scenario)
    play(state, text)
    assert ("stacked" in state.turns[-1].habits) is stacked


def test_a_clause_after_so_leads_into_its_question() -> None:
    assert hearing._parts("So, if it slips, what happens, and when would you know?") == [
        "So, if it slips, what happens",
        "when would you know?",
    ]


def test_what_the_rep_means_by_a_question_sells_nothing() -> None:
    state = drill("no-budget")
    play(state, "Thank you for being honest, Olivia. What happened with the budget this year?")
    answer = play(
        state,
        "And what does that cost across the hotels? I am thinking agency hours, overtime, rooms not ready at check-in.",
    )
    assert "pitch" not in state.turns[-1].moves and answer not in state.scenario.lines["pitch_early"]
    assert "cost" in state.revealed


def test_rather_hearing_it_straight_acknowledges_the_stall_on_hard() -> None:
    scenario = find_scenario("stalled-deal")
    assert scenario is not None
    state = DrillState(scenario, "hard", "1")
    opening(state)
    play(state, "thx for replying nadia, no stress. rather hear it straight, what changed since the demo?")
    assert "acknowledge" in state.turns[-1].moves


def test_the_acknowledgement_quoted_is_the_sentence_that_acknowledges() -> None:
    state = drill("stalled-deal")
    play(state, "What happened on your side since the demo?")
    play(
        state,
        "Thank you for telling me, I really appreciate the honesty. What does it cost you today? For example days to "
        "turn a unit, or vacancy.",
    )
    quoted = state.turns[-1].evidence.get("acknowledge")
    assert quoted in (None, "Thank you for telling me, I really appreciate the honesty.")


def test_meeting_in_the_middle_at_ten_offers_a_price_not_a_meeting() -> None:
    state = drill("procurement-negotiation")
    play(state, "is 20 fixed or is there any wiggle room?")
    play(state, "ok could we meet in the middle at 10?")
    assert not state.turns[-1].next_step
    play(state, "i'll run it past my boss and get back to you")
    assert "pushed" not in state.turns[-1].habits
    assert hearing.asks_to_meet("Can we meet Thursday at 10?")


def test_a_survey_with_an_acknowledgement_gets_only_its_first_question_answered() -> None:
    state = drill("no-budget")
    play(
        state,
        "Totally understand. When does budget reopen, who approves exceptions, what's your agency spend and how many "
        "hotels use spreadsheets? Could we meet Tuesday 15th December at 3?",
    )
    assert "stacked" in state.turns[-1].habits and len(state.revealed) == 1


@pytest.mark.parametrize(
    ("scenario", "text"),
    [
        (
            "stalled-deal",
            "No stress, Nadia. Just picture a vacant unit turning in five days instead of nine. What would that mean "
            "for Greystone?",
        ),
        (
            "cold-call-ops",
            "Picture your techs doing planned work again instead of running from breakdown to breakdown. What would "
            "that do to your week?",
        ),
    ],
)
def test_what_the_rep_s_picture_would_mean_asks_nothing_of_the_buyer(scenario: str, text: str) -> None:
    state = drill(scenario)
    play(state, text)
    assert "pitch" in state.turns[-1].moves and "cost" not in state.revealed


def test_a_verbless_any_question_in_a_string_of_questions_counts_as_one() -> None:
    state = drill("cold-call-ops")
    play(state, "how much unplanned downtime do u get on the presses?")
    play(state, "is ur maint mgr open to this, any retirements coming, + what happens if u miss the OEE target?")
    assert "stacked" in state.turns[-1].habits
    assert hearing._parts("What is the cost, any idea?") == ["What is the cost, any idea?"]


def test_a_texted_question_after_a_clause_with_no_question_mark_is_asked() -> None:
    state = drill("renewal-at-risk")
    play(state, "owen thx for taking the call. numbers are bad, no excuses. what happened from your side?")
    play(state, "5 wks w no call is on us, sorry. since crews went back to paper what has it cost you")
    assert "cost" in state.revealed
    assert not hearing.stated_ask("since the upgrade we fixed the sync")


def test_a_price_for_a_three_year_commitment_is_a_trade() -> None:
    move, sentence = hearing.price_move(
        "I can do 60-day payment and the exit clause. On price, for a three-year commitment, signature by June 15 and "
        "a reference call, I can bring it to $465k."
    )
    assert move == "trade" and sentence.startswith("On price")
    assert hearing.price_move("Fine, we can do the 20%.")[0] == "concession"


def test_i_understand_but_after_the_buyers_name_brushes_the_concern_aside() -> None:
    state = drill("no-budget")
    play(
        state,
        "Olivia, I understand, but honestly no budget is not a real reason, if something is important you find the "
        "money.",
    )
    assert "dismissed" in state.turns[-1].habits and "acknowledge" not in state.turns[-1].moves


@pytest.mark.parametrize(
    "text",
    [
        "Let me go to 50% off then, and three hotels free as a pilot for six months.",
        "And I can also move you to 60 days payment, and we can cap renewals at 0% for the three years.",
        "If the ERP is free then let's match it: the first year free, and you pay only from year two.",
        "And if the problem is this year, we can start now and you don't pay nothing until next fiscal year.",
        "Please just tell me what price works for you and we make it work.",
    ],
)
def test_a_caving_reps_offers_are_concessions_the_buyer_pockets(text: str) -> None:
    assert hearing.price_move(text)[0] == "concession"
    state = drill("procurement-negotiation")
    play(state, "What's behind the 20%?")
    answer = play(state, text)
    assert "conceded" in state.turns[-1].habits and answer not in state.scenario.lines["unclear"]


def test_a_price_refused_or_asked_about_gives_nothing() -> None:
    assert hearing.price_move("We can't cap renewals at 0%.")[0] == ""
    assert hearing.price_move("What price works for the board, roughly?")[0] == ""
