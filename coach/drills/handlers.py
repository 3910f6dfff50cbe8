"""A rep's role-play in a conversation: the offer, the start, each message to the buyer, the end, the rating.

Entry points for the adapters (Rasa actions, Slack listeners): each takes the workspace and the Slack user, works
in one transaction of its own, and returns what to show.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from coach.db import session_scope
from coach.drills.offer import Offer, offer_drill
from coach.drills.scenarios import DIFFICULTIES, Scenario, find_scenario, load_scenarios
from coach.drills.sessions import (
    DrillTurn,
    active_drill,
    finish_drill,
    parse_ref,
    rate_drill,
    start_drill,
    stop_drill,
    take_drill_turn,
)
from coach.people import find_user, user_scope


def offer_for(team_id: str, slack_id: str, wanted: str) -> Offer:
    """The scenario to suggest (what the rep asked for, their next call, their weakest skill) and the others."""
    with user_scope(team_id, slack_id) as (session, user):
        return offer_drill(session, user, wanted)


def begin_drill(team_id: str, slack_id: str, scenario_id: str | None, difficulty: str | None) -> str:
    """Start the chosen scenario (the first one, for an id that names none) at the chosen difficulty (standard, for
    one that isn't); the scene and the buyer's first line."""
    scenario = find_scenario(scenario_id or "") or load_scenarios()[0]
    level = difficulty if difficulty in DIFFICULTIES else "standard"
    with user_scope(team_id, slack_id) as (session, user):
        return start_drill(session, user, scenario, level)


def say_to_buyer(team_id: str, slack_id: str, text: str) -> DrillTurn | None:
    """The rep's message in their running drill, and the buyer's answer; None when no drill is running."""
    with user_scope(team_id, slack_id) as (session, user):
        practice = active_drill(session, user)
        return take_drill_turn(session, practice, text) if practice is not None else None


@dataclass(frozen=True)
class DrillEnd:
    """How the rep's drill ended: "scored" (with its card), "stopped" before the rep said anything (nothing to
    score), or "gone" (no drill was running)."""

    status: Literal["scored", "stopped", "gone"]
    card: str = ""
    practice_id: int = 0
    scenario: Scenario | None = None  # to try again, when it still exists
    difficulty: str = "standard"
    harder: str | None = None  # the next difficulty up, if any


def end_drill(team_id: str, slack_id: str) -> DrillEnd:
    """End the rep's running drill: scored when they said something to the buyer, else abandoned."""
    with user_scope(team_id, slack_id) as (session, user):
        practice = active_drill(session, user)
        if practice is None:
            return DrillEnd("gone")
        if not any(t.speaker == "rep" for t in practice.turns):
            stop_drill(practice)
            return DrillEnd("stopped")
        card = finish_drill(session, practice)
        practice_id, parsed = practice.id, parse_ref(practice.ref)
    if parsed is None:
        return DrillEnd("scored", card, practice_id)
    scenario, difficulty = parsed
    level = DIFFICULTIES.index(difficulty)
    harder = DIFFICULTIES[level + 1] if level + 1 < len(DIFFICULTIES) else None
    return DrillEnd("scored", card, practice_id, scenario, difficulty, harder)


def rate_my_drill(team_id: str, slack_id: str, drill: str, useful: bool) -> bool:
    """Store "was this useful?" on the rep's own drill (`drill` is the id its button carried); False when the drill
    isn't theirs."""
    if not drill.isdigit():
        return False
    with session_scope() as session:
        user = find_user(session, team_id, slack_id)
        return user is not None and rate_drill(session, user, int(drill), useful)
