"""Spaced practice: per rep and skill, an FSRS memory model fed by every scored rubric line and interview answer.

A skill practised badly comes back soon; one practised well comes back later, just before it would fade.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from fsrs import Card, Rating, Scheduler
from sqlalchemy import select
from sqlalchemy.orm import Session

from coach.models import PracticeSession, SkillMemory, User, utcnow
from coach.sql import among
from coach.zones import as_utc

# Fuzzing spreads due dates at random; Spar's own clock and tests need the same answer every time.
# No minute-scale learning steps: a rep meets a skill once a day at most, so cards are scheduled in days.
SCHEDULER = Scheduler(desired_retention=0.9, learning_steps=(), relearning_steps=(), enable_fuzzing=False)
# Its forgetting curve, retrievability = (1 + FACTOR * days / stability) ** DECAY, for reports that work it out in SQL.
DECAY = -SCHEDULER.parameters[20]
FACTOR = 0.9 ** (1 / DECAY) - 1


RECALLED = 0.4  # a credit from which the skill counts as remembered (rated better than "again")


def rating_for(credit: float) -> Rating:
    """How well the skill showed (0-1 credit) as an FSRS rating."""
    if credit < RECALLED:
        return Rating.Again
    if credit < 0.7:
        return Rating.Hard
    if credit < 0.9:
        return Rating.Good
    return Rating.Easy


@lru_cache(maxsize=1024)  # a few dozen skill names, met once per rubric line in every report
def skill_name(name: str) -> str:
    """Interview competencies ("business-acumen") and rubric skills ("business_acumen") are one vocabulary."""
    return name.strip().lower().replace("-", "_").replace(" ", "_")


def review_skill(session: Session, user: User, skill: str, credit: float, now: datetime | None = None) -> SkillMemory:
    """One piece of evidence about a skill: the card is reviewed and its next due date set."""
    now = now or utcnow()
    skill = skill_name(skill)
    memory = session.scalars(
        select(SkillMemory).where(SkillMemory.user_id == user.id, SkillMemory.skill == skill)
    ).one_or_none()
    card = Card.from_dict(memory.card) if memory else Card()
    card, _ = SCHEDULER.review_card(card, rating_for(credit), review_datetime=now)
    if memory is None:
        memory = SkillMemory(team_id=user.team_id, user_id=user.id, skill=skill, reviews=0)
        session.add(memory)
    memory.card, memory.due_at, memory.updated_at, memory.stability = card.to_dict(), card.due, now, card.stability
    memory.reviews = (memory.reviews or 0) + 1
    memory.last_credit = round(credit, 3)
    session.flush()
    return memory


def evidence_of(practice: PracticeSession) -> dict[str, float]:
    """Skill -> credit (0-1) from a scored session: a drill's rubric lines (averaged per skill), or an interview."""
    return evidence(practice.kind, practice.detail, practice.score)


def evidence(kind: str, detail: dict[str, Any] | None, score: float | None) -> dict[str, float]:
    """`evidence_of` from a session's columns, for reports that read many sessions without loading them."""
    if kind == "drill":
        credits: dict[str, list[float]] = defaultdict(list)
        for line in (detail or {}).get("lines", []):
            for skill in line.get("skills", []):
                credits[skill_name(skill)].append(float(line.get("credit", 0)))
        return {skill: sum(values) / len(values) for skill, values in credits.items()}
    if kind in ("interview", "micro") and detail and score is not None:
        return {skill_name(detail["skill"]): score / 100}
    return {}


def record_practice(session: Session, user: User, practice: PracticeSession, now: datetime | None = None) -> None:
    """Feed a completed session's evidence into the rep's memory model."""
    for skill, credit in evidence_of(practice).items():
        review_skill(session, user, skill, credit, now)


@dataclass(frozen=True)
class SkillState:
    skill: str
    retrievability: float  # the chance the rep would still show the skill now (0-1)
    due_at: datetime
    last_credit: float | None

    def due(self, now: datetime) -> bool:
        return as_utc(self.due_at) <= now


def skill_states(session: Session, user: User, now: datetime | None = None) -> list[SkillState]:
    """Every skill with evidence, the most slipping first."""
    return skill_states_of(session, [user.id], now)[user.id]


def skill_states_of(
    session: Session, user_ids: Sequence[int], now: datetime | None = None
) -> dict[int, list[SkillState]]:
    """`skill_states` of many reps by user id, with one query that reads only what retrievability needs."""
    now = now or utcnow()
    found: dict[int, list[SkillState]] = {user_id: [] for user_id in user_ids}
    if not found:
        return found
    for user_id, skill, stability, last_review, due_at, last_credit in session.execute(
        select(
            SkillMemory.user_id,
            SkillMemory.skill,
            SkillMemory.card["stability"].as_float(),
            SkillMemory.card["last_review"].as_string(),
            SkillMemory.due_at,
            SkillMemory.last_credit,
        ).where(among(session, SkillMemory.user_id, found))
    ):
        card = Card(0, stability=stability, last_review=datetime.fromisoformat(last_review) if last_review else None)
        found[user_id].append(
            SkillState(skill, SCHEDULER.get_card_retrievability(card, now), as_utc(due_at), last_credit)
        )
    for states in found.values():
        states.sort(key=lambda s: (s.retrievability, s.due_at))
    return found


def due_skills(session: Session, user: User, now: datetime | None = None) -> list[SkillState]:
    now = now or utcnow()
    return [s for s in skill_states(session, user, now) if s.due(now)]
