"""Role-play drills as stored practice: start, each turn, the score card, stop, and the rep's rating."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from coach.drills.engine import DrillState, opening, play, replay
from coach.drills.scenarios import DIFFICULTIES, Scenario, find_scenario
from coach.drills.scoring import render_card, score_drill
from coach.models import PracticeSession, User
from coach.practice.memory import record_practice
from coach.practice.sessions import add_turn, complete_session, start_session


@dataclass(frozen=True)
class DrillTurn:
    reply: str  # the buyer's words, as shown to the rep
    ended: bool


def drill_ref(scenario: Scenario, difficulty: str) -> str:
    return f"{scenario.id}:{difficulty}"


def parse_ref(ref: str | None) -> tuple[Scenario, str] | None:
    scenario_id, _, difficulty = (ref or "").partition(":")
    scenario = find_scenario(scenario_id)
    if scenario is None or difficulty not in DIFFICULTIES:
        return None
    return scenario, difficulty


def speaker(state: DrillState) -> str:
    return f"*{state.scenario.persona['name']}, {state.scenario.persona['role']}:*"


def start_drill(session: Session, user: User, scenario: Scenario, difficulty: str) -> str:
    """Open a drill (any drill already running is abandoned) and return the scene and the buyer's first line."""
    old = active_drill(session, user)
    if old is not None:
        old.status = "abandoned"
    practice = start_session(session, user, "drill", drill_ref(scenario, difficulty))
    state = DrillState(scenario, difficulty, str(practice.id))
    first_line = opening(state)
    add_turn(session, practice, "coach", scenario.scene)
    add_turn(session, practice, "buyer", first_line)
    return (
        f"*{scenario.title}* ({difficulty})\n{scenario.scene}\n"
        f"_Type as you would talk. Say `stop` to end the drill._\n{speaker(state)} {first_line}"
    )


def active_drill(session: Session, user: User) -> PracticeSession | None:
    return session.scalars(
        select(PracticeSession)
        .where(
            PracticeSession.team_id == user.team_id,
            PracticeSession.user_id == user.id,
            PracticeSession.kind == "drill",
            PracticeSession.status == "active",
        )
        .order_by(PracticeSession.id.desc())
    ).first()


def last_drill(session: Session, user: User) -> PracticeSession | None:
    return session.scalars(
        select(PracticeSession)
        .where(
            PracticeSession.team_id == user.team_id,
            PracticeSession.user_id == user.id,
            PracticeSession.kind == "drill",
        )
        .order_by(PracticeSession.id.desc())
    ).first()


def drill_state(practice: PracticeSession) -> DrillState | None:
    """The drill as it stands, rebuilt from the rep's stored messages."""
    parsed = parse_ref(practice.ref)
    if parsed is None:
        return None
    messages = [t.text for t in practice.turns if t.speaker == "rep"]
    state, _ = replay(parsed[0], parsed[1], str(practice.id), messages)
    return state


def take_drill_turn(session: Session, practice: PracticeSession, text: str) -> DrillTurn:
    """Store the rep's message and the buyer's answer to it."""
    state = drill_state(practice)
    if state is None or state.outcome is not None:
        return DrillTurn("", True)
    answer = play(state, text)
    add_turn(session, practice, "rep", text)
    add_turn(session, practice, "buyer", answer)
    return DrillTurn(f"{speaker(state)} {answer}", state.outcome is not None)


def finish_drill(session: Session, practice: PracticeSession) -> str:
    """Score the drill, close it, and return the score card (stored as the coach's last turn)."""
    state = drill_state(practice)
    if state is None:
        practice.status = "abandoned"
        return "That scenario is no longer available, so the drill could not be scored."
    card = score_drill(state)
    complete_session(practice, float(card.score))
    practice.detail = card.to_json()
    user = session.get(User, practice.user_id)
    if user is not None:
        record_practice(session, user, practice)  # each rubric line is evidence about its skills
    text = render_card(card, state)
    add_turn(session, practice, "coach", text)
    return text


def stop_drill(practice: PracticeSession) -> None:
    practice.status = "abandoned"


def rate_drill(session: Session, user: User, practice_id: int, useful: bool) -> bool:
    """Store the rep's "was this useful?" on their own drill; False when it is not theirs."""
    practice = session.get(PracticeSession, practice_id)
    if practice is None or practice.team_id != user.team_id or practice.user_id != user.id or practice.kind != "drill":
        return False
    practice.useful = useful
    return True
