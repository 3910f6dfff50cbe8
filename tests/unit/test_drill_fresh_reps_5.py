"""What the buyer makes of messages fresh authors' reps wrote (the fifty-fifth and fifty-seventh script sets, written
in the twenty-third session): thanks and "no bother" that acknowledge, a trade put the other way round, the call's own
occasion in thanks for the time, and a play-back naming a main problem the buyer never spoke of."""

from __future__ import annotations

import pytest

from coach.drills.engine import play
from coach.drills.scoring import score_drill
from tests.unit.test_drill_fresh_reps import drill


@pytest.mark.parametrize(
    ("scenario_id", "text"),
    [
        ("no-budget", "hi olivia, nae bother, thanks for being upfront. is the scheduling problem still there?"),
        ("stalled-deal", "ah the CFO freeze. thanks for telling me, should've asked sooner. what's changed?"),
    ],
)
def test_thanks_for_what_the_buyer_told_acknowledges_it(scenario_id: str, text: str) -> None:
    state = drill(scenario_id)
    play(state, text)
    assert "acknowledge" in state.turns[-1].moves


def test_a_brush_off_before_a_push_acknowledges_nothing() -> None:
    state = drill("champion-internal-sell")
    play(state, "No stress, I'll cc you. Let's aim to have the paperwork back by Friday, ja?")
    assert "acknowledge" not in state.turns[-1].moves


def test_what_the_rep_puts_in_writing_for_what_the_buyer_commits_is_a_trade() -> None:
    state = drill("procurement-negotiation")
    answer = play(
        state,
        "idea: cap + exit + 60 days in writing, you take 3 yrs to Alan this qtr + a reference call. would that work?",
    )
    assert state.turns[-1].price[0] == "trade" and "conceded" not in state.turns[-1].habits
    assert answer not in state.scenario.lines["no_more"] and answer not in state.scenario.lines["pocketed"]


def test_thanks_for_the_time_after_the_scenes_conference_is_no_small_talk() -> None:
    state = drill("happy-vendor", seed="3")  # "we're very happy with who we have. They've been a great partner."
    answer = play(
        state,
        "Hi Rachel, thanks for giving me the time after the conference. Seven years with no complaints is a great "
        "record. Can I ask what they've done to earn that?",
    )
    assert "off_topic" not in state.turns[-1].habits and answer not in state.scenario.lines["off_topic"]


@pytest.mark.parametrize(
    "text",
    [
        "Good to meet properly after the conference. Did you enjoy it?",
        "How was the rest of the conference for you? Any good sessions?",
    ],
)
def test_asking_about_the_conference_is_still_small_talk(text: str) -> None:
    state = drill("happy-vendor", seed="3")  # an opening that says nothing of the conference
    play(state, text)
    assert "off_topic" in state.turns[-1].habits


def test_a_play_back_naming_a_main_problem_the_buyer_never_spoke_of_is_corrected() -> None:
    state = drill("happy-vendor")
    play(state, "Hi Rachel, thanks for being upfront. Can I ask what you like about them?")
    play(state, "And is there anything that isn't working as well?")
    answer = play(
        state,
        "So if I'm hearing you right, the real issue is cost. You're paying too much for what you get and you'd want "
        "something cheaper at renewal. Would that be fair?",
    )
    assert answer in state.scenario.lines["summary_wrong"]
    assert "played back what the buyer never said" in {h.kind.name for h in score_drill(state).habits}


def test_a_play_back_naming_the_main_problem_the_buyer_told_is_confirmed() -> None:
    state = drill("happy-vendor")
    play(state, "Hi Rachel, thanks for being upfront. Can I ask what you like about them?")
    told = play(state, "And is there anything that isn't working as well?")
    assert "callback" in told
    answer = play(
        state, "So if I'm hearing you right, the real issue is the missing callback option. Would that be fair?"
    )
    assert answer in state.scenario.lines["summary_right"]


@pytest.mark.parametrize(
    "text",
    [
        "What's stopping the crews using it now, would you say?",
        "What is the biggest issue for the supervisors, do you think?",
    ],
)
def test_asking_for_the_buyers_view_of_a_question_asks_it_once(text: str) -> None:
    state = drill("renewal-at-risk")
    play(state, text)
    assert state.turns[-1].questions == [text]


def test_asking_the_champion_to_get_time_with_the_signer_asks_for_a_meeting() -> None:
    state = drill("champion-internal-sell")
    play(state, "Who else would be involved in the decision?")
    play(state, "Can you ask Diane for 30 minutes with me in the next weeks? Send me her availabilities.")
    assert state.turns[-1].next_step in ("early", "vague")
    state = drill("champion-internal-sell")
    play(state, "Could you ask your team for a rough number on the hours lost?")
    assert not state.turns[-1].next_step


def test_a_question_asked_with_leave_that_brought_out_the_cost_asked_what_it_costs() -> None:
    state = drill("tech-discovery")
    told = play(state, "Hi Ines, totally get it, no demo. Can I ask what's been going wrong with the data?")
    assert state.revealed == ["cost"], told
    line = next(r for r in score_drill(state).lines if r.line.id == "impact_before_pitch")
    assert line.credit == 1.0 and line.evidence == ("Can I ask what's been going wrong with the data?",)
