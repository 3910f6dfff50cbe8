"""Which scenario Spar offers and at what difficulty; drills stored, replayed, rated, kept per workspace."""

from __future__ import annotations

from coach.db import session_scope
from coach.drills.offer import asked_for, offer_drill
from coach.drills.scenarios import Scenario, find_scenario
from coach.drills.sessions import active_drill, drill_state, finish_drill, rate_drill, start_drill, take_drill_turn
from coach.models import Deal, User
from coach.people import ensure_user


def scenario(scenario_id: str) -> Scenario:
    found = find_scenario(scenario_id)
    assert found is not None
    return found


def play_drill(session, user: User, scenario_id: str, messages: list[str], difficulty: str = "standard") -> float:
    start_drill(session, user, scenario(scenario_id), difficulty)
    practice = active_drill(session, user)
    assert practice is not None
    for message in messages:
        take_drill_turn(session, practice, message)
    finish_drill(session, practice)
    return float(practice.score or 0)


def test_a_named_scenario_or_topic_is_found() -> None:
    assert asked_for("let's practise a pricing objection").id == "procurement-negotiation"
    assert asked_for("/spar drill cfo-discovery").id == "cfo-discovery"
    assert asked_for("run the renewal at risk one").id == "renewal-at-risk"
    assert asked_for("something fun") is None


def test_a_new_rep_gets_discovery_at_standard(db_url: str) -> None:
    with session_scope(db_url) as session:
        offer = offer_drill(session, ensure_user(session, "TAAA", "U1"))
    assert offer.scenario.call_type == "discovery" and offer.difficulty == "standard"
    assert len(offer.others) == 3 and offer.scenario not in offer.others


def test_weak_drills_lead_to_easy_and_to_the_weakest_skill(db_url: str) -> None:
    with session_scope(db_url) as session:
        user = ensure_user(session, "TAAA", "U1")
        pitch = "Our platform automates invoicing end to end."
        score = play_drill(session, user, "cfo-discovery", [pitch, pitch, pitch])
        assert score < 50
        offer = offer_drill(session, user)
    assert offer.difficulty == "easy"
    assert "weakest skill" in offer.reason
    weakest = offer.reason.split("weakest skill so far is ")[1].split(" (")[0].replace(" ", "_")
    assert weakest in offer.scenario.skills


def test_strong_drills_lead_to_hard(db_url: str) -> None:
    strong = [
        "What's prompting you to look at billing now?",
        "That sounds painful. What is the late billing costing you in cash each month?",
        "What would you need to see before taking a change like this to the board?",
        "Who else needs to be comfortable before this moves forward?",
        "Could we get 45 minutes with you and Priya on Thursday at 10?",
    ]
    with session_scope(db_url) as session:
        user = ensure_user(session, "TAAA", "U1")
        assert play_drill(session, user, "cfo-discovery", strong) >= 80
        assert offer_drill(session, user).difficulty == "hard"


def test_the_next_real_calls_stage_picks_the_scenario(db_url: str) -> None:
    with session_scope(db_url) as session:
        user = ensure_user(session, "TAAA", "U1")
        session.add(Deal(team_id="TAAA", owner_id=user.id, account="Northwind", stage="negotiate"))
        session.flush()
        offer = offer_drill(session, user)
    assert offer.scenario.stage == "negotiate" and "Northwind" in offer.reason


def test_a_drill_is_rebuilt_from_storage_and_rated_only_by_its_rep(db_url: str) -> None:
    with session_scope(db_url) as session:
        user = ensure_user(session, "TAAA", "U1")
        start_drill(session, user, scenario("cfo-discovery"), "standard")
        practice = active_drill(session, user)
        assert practice is not None
        first = take_drill_turn(session, practice, "What is the late billing costing you in cash?")
        practice_id = practice.id
    with session_scope(db_url) as session:  # a new process: only the database remembers
        user = ensure_user(session, "TAAA", "U1")
        practice = active_drill(session, user)
        assert practice is not None and practice.id == practice_id
        state = drill_state(practice)
        assert state is not None and state.revealed == ["cost"]
        assert first.reply.endswith([t.text for t in practice.turns if t.speaker == "buyer"][-1])
        finish_drill(session, practice)
        other_workspace = ensure_user(session, "TBBB", "U1")
        assert not rate_drill(session, other_workspace, practice_id, True)
        assert rate_drill(session, user, practice_id, False)
        assert practice.useful is False and practice.detail["lines"]
