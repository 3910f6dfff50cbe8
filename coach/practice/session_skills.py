"""Keeps each practice session's `session_skills` rows (its credit per skill) in step with the session.

Before every flush, a session that is new or whose kind, status, score, detail or completion time changed gets its
rows again from its evidence (`coach.practice.memory.evidence`): however the session was completed or its rubric
lines written, the team summary's SQL sums see what its rubric lines say.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from coach.models import PracticeSession, SessionSkill
from coach.practice.memory import evidence
from coach.practice.sessions import PRACTICE_KINDS

WATCHED = ("kind", "status", "score", "detail", "completed_at")


def credits_of(practice: PracticeSession) -> dict[str, float]:
    """What the session counts for, per skill: nothing until it is completed."""
    if practice.status != "completed" or practice.completed_at is None or practice.kind not in PRACTICE_KINDS:
        return {}
    return evidence(practice.kind, practice.detail, practice.score)


@event.listens_for(Session, "before_flush")
def _keep_in_step(session: Session, _context: Any, _instances: Any) -> None:
    for practice in [*session.new, *session.dirty]:
        if not isinstance(practice, PracticeSession):
            continue
        state = inspect(practice)
        if not state.pending and not any(state.attrs[name].history.has_changes() for name in WATCHED):
            continue
        practice.skills = [
            SessionSkill(
                team_id=practice.team_id,
                user_id=practice.user_id,
                skill=skill,
                credit=credit,
                completed_at=practice.completed_at,
            )
            for skill, credit in credits_of(practice).items()
        ]
