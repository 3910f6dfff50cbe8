"""For managers: per rep, the skills due or slipping (from the memory model), and the team's average retention."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, case, func, literal, or_, select
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.orm import Session

from coach.models import SkillMemory, User, utcnow
from coach.practice.memory import DECAY, FACTOR, skill_states, skill_states_of
from coach.sql import among, as_fetched, fetched

SLIPPING = 0.8  # below this chance of showing the skill today, it is slipping


def skills_report(session: Session, team_id: str, now: datetime | None = None) -> dict[str, Any]:
    """Every rep with evidence: skills due now, skills slipping, and their retention; then the team's average."""
    now = now or utcnow()
    reps, everyone = [], []
    for user in session.scalars(select(User).where(User.team_id == team_id).order_by(User.name, User.slack_id)):
        states = skill_states(session, user, now)
        if not states:
            continue
        everyone += [s.retrievability for s in states]
        reps.append(
            {
                "slack_id": user.slack_id,
                "name": user.name,
                "retention": round(sum(s.retrievability for s in states) / len(states), 3),
                "due": [s.skill for s in states if s.due(now)],
                "slipping": [s.skill for s in states if s.retrievability < SLIPPING],
                "skills": {s.skill: round(s.retrievability, 3) for s in states},
            }
        )
    retention = round(sum(everyone) / len(everyone), 3) if everyone else None
    return {"team_id": team_id, "at": now.isoformat(), "team_retention": retention, "reps": reps}


def due_and_slipping(
    session: Session, user_ids: Sequence[int], now: datetime | None = None
) -> dict[int, tuple[list[str], list[str]]]:
    """Per rep: the skills due now and the skills slipping, each the most slipping first (as `skill_states` orders
    them). On PostgreSQL the database works the retrievability out and answers a row per rep that has any: a large
    team has a hundred thousand skill memories, most neither due nor slipping."""
    now = now or utcnow()
    if session.get_bind().dialect.name != "postgresql":
        return {
            user_id: ([s.skill for s in states if s.due(now)], [s.skill for s in states if s.retrievability < SLIPPING])
            for user_id, states in skill_states_of(session, user_ids, now).items()
        }
    found: dict[int, tuple[list[str], list[str]]] = {user_id: ([], []) for user_id in user_ids}
    stability, reviewed = SkillMemory.stability, SkillMemory.updated_at
    # date_part, not extract: a double precision, where extract's numeric is slow to work with.
    seconds = func.date_part("epoch", literal(now, DateTime(timezone=True)) - reviewed)
    days = func.greatest(0.0, func.floor(seconds / 86_400.0))
    chance = case((stability.is_(None), 0.0), else_=func.power(1 + FACTOR * days / stability, DECAY))  # fsrs's
    due, slipping = SkillMemory.due_at <= now, chance < SLIPPING
    in_order = aggregate_order_by(SkillMemory.skill, chance, SkillMemory.due_at)
    for user_id, due_skills, slipping_skills in fetched(
        session,
        select(
            SkillMemory.user_id,
            as_fetched(func.array_agg(in_order).filter(due)),
            as_fetched(func.array_agg(in_order).filter(slipping)),
        )
        .where(among(session, SkillMemory.user_id, user_ids), or_(due, slipping))
        .group_by(SkillMemory.user_id),
    ):
        found[user_id] = (due_skills or [], slipping_skills or [])
    return found
