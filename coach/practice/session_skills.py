"""Keeps each practice session's `session_skills` rows (its credit per skill) in step with the session.

Before every flush, a session that is new or whose kind, status, score, detail or completion time changed gets its
rows again from its evidence (`coach.practice.memory.evidence`): however the session was completed or its rubric
lines written, the team summary's SQL sums see what its rubric lines say.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import event, inspect, select
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


def fill_missing(session: Session, since: datetime | None = None) -> int:
    """Rows for the completed sessions that have none (completed by a Spar that kept none, during an upgrade), those
    completed since `since`; how many sessions got theirs."""
    query = select(PracticeSession).where(
        PracticeSession.status == "completed",
        PracticeSession.kind.in_(PRACTICE_KINDS),
        PracticeSession.completed_at.is_not(None),
        ~PracticeSession.skills.any(),
    )
    if since is not None:
        query = query.where(PracticeSession.completed_at >= since)
    filled = 0
    for practice in session.scalars(query.order_by(PracticeSession.id)).all():
        credits = credits_of(practice)
        session.add_all(
            SessionSkill(
                team_id=practice.team_id,
                session_id=practice.id,
                user_id=practice.user_id,
                skill=skill,
                credit=credit,
                completed_at=practice.completed_at,
            )
            for skill, credit in credits.items()
        )
        filled += bool(credits)
    return filled
