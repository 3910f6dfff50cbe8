"""For managers: per rep, the skills due or slipping (from the memory model), and the team's average retention."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from coach.models import User, utcnow
from coach.practice.memory import skill_states

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
