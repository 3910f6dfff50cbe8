"""Which scenario to offer a rep, and at what difficulty: what they asked for, their next call, their weakest skill."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from coach.drills.scenarios import Scenario, load_scenarios
from coach.models import Deal, PracticeSession, User, utcnow
from coach.practice.memory import skill_name, skill_states

RECENT = 3  # drills that set the difficulty
NEW_HIRE_DAYS = 90
HARD_FROM, EASY_BELOW = 80.0, 50.0


@dataclass(frozen=True)
class Offer:
    scenario: Scenario
    difficulty: str
    reason: str
    others: tuple[Scenario, ...]


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def asked_for(text: str | None) -> Scenario | None:
    """The scenario the rep named, by id, title or one of its keywords ("a pricing objection")."""
    words = _words(text or "")
    if not words:
        return None
    best: tuple[int, Scenario] | None = None
    for scenario in load_scenarios():
        names = (scenario.id.replace("-", " "), _words(scenario.title), *(_words(k) for k in scenario.keywords))
        hits = sum(len(name) for name in names if re.search(rf"\b{re.escape(name)}\b", words))
        if hits and (best is None or hits > best[0]):
            best = (hits, scenario)
    return best[1] if best else None


def _drills(session: Session, user: User) -> list[PracticeSession]:
    return list(
        session.scalars(
            select(PracticeSession)
            .where(
                PracticeSession.team_id == user.team_id,
                PracticeSession.user_id == user.id,
                PracticeSession.kind == "drill",
                PracticeSession.status == "completed",
            )
            .order_by(PracticeSession.completed_at.desc(), PracticeSession.id.desc())
        )
    )


def fitting_difficulty(drills: list[PracticeSession], new_hire: bool = False) -> str:
    """Hard after strong recent drills, easy after weak ones; to begin with, easy for a new hire, else standard."""
    scores = [d.score for d in drills[:RECENT] if d.score is not None]
    if not scores:
        return "easy" if new_hire else "standard"
    average = sum(scores) / len(scores)
    return "hard" if average >= HARD_FROM else "easy" if average < EASY_BELOW else "standard"


def _next_call_stage(session: Session, user: User) -> tuple[str, str] | None:
    deal = session.scalars(
        select(Deal)
        .where(Deal.team_id == user.team_id, Deal.owner_id == user.id, Deal.stage.is_not(None))
        .order_by(Deal.updated_at.desc())
    ).first()
    return (deal.account, str(deal.stage)) if deal is not None else None


def offer_drill(session: Session, user: User, wanted: str | None = None) -> Offer:
    """The recommended scenario with why, and a few others to choose from."""
    scenarios = load_scenarios()
    drills = _drills(session, user)
    new_hire = user.hired_on is not None and (utcnow().date() - user.hired_on).days < NEW_HIRE_DAYS
    difficulty = fitting_difficulty(drills, new_hire)
    done_last = drills[0].ref.split(":")[0] if drills and drills[0].ref else None
    chosen, reason = asked_for(wanted), "it is the one you asked for"
    if chosen is None and (call := _next_call_stage(session, user)):
        chosen = next((s for s in scenarios if s.stage == call[1]), None)
        reason = f"it practises the stage of your {call[0]} deal"
    drill_skills = {skill_name(k) for s in scenarios for k in s.skills}
    slipping = [state for state in skill_states(session, user) if state.skill in drill_skills]
    if chosen is None and slipping:  # the memory model: the skill most likely to have faded by now
        weakest = slipping[0].skill
        fitting = [s for s in scenarios if weakest in map(skill_name, s.skills) and s.id != done_last] or scenarios
        chosen = fitting[len(drills) % len(fitting)]
        reason = (
            f"your weakest skill so far is {weakest.replace('_', ' ')}"
            f" ({slipping[0].retrievability:.0%} likely to show in a call today)"
        )
    if chosen is None:
        chosen = next((s for s in scenarios if s.call_type == "discovery"), scenarios[0])
        reason = "discovery is where deals are won or lost, so it is the place to start"
    others = tuple(s for s in scenarios if s.id != chosen.id)
    start = (utcnow().toordinal() + len(drills)) % len(others) if others else 0
    return Offer(chosen, difficulty, reason, (others[start:] + others[:start])[:3])
