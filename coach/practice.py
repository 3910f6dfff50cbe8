"""Practice sessions (drills, interviews, checklists) and their turns."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from coach.models import PracticeSession, Turn, User, utcnow

KINDS = ("drill", "interview", "checklist", "micro", "calibration")
PRACTICE_KINDS = ("drill", "interview", "checklist", "micro")  # what counts toward a rep's streak


def start_session(
    session: Session, user: User, kind: str, ref: str | None = None, now: datetime | None = None
) -> PracticeSession:
    if kind not in KINDS:
        raise ValueError(f"unknown practice kind {kind!r}")
    practice = PracticeSession(team_id=user.team_id, user_id=user.id, kind=kind, ref=ref, started_at=now or utcnow())
    session.add(practice)
    session.flush()
    return practice


def add_turn(session: Session, practice: PracticeSession, speaker: str, text: str) -> Turn:
    turn = Turn(team_id=practice.team_id, speaker=speaker, text=text)
    practice.turns.append(turn)  # through the relationship, so `practice.turns` is current in this session
    session.flush()
    return turn


def complete_session(practice: PracticeSession, score: float | None, now: datetime | None = None) -> None:
    """A finished session; only these count as practice."""
    practice.status = "completed"
    practice.score = score
    practice.completed_at = now or utcnow()


def completed_sessions(session: Session, user: User) -> list[PracticeSession]:
    return list(
        session.scalars(
            select(PracticeSession)
            .where(
                PracticeSession.team_id == user.team_id,
                PracticeSession.user_id == user.id,
                PracticeSession.status == "completed",
                PracticeSession.kind.in_(PRACTICE_KINDS),
            )
            .order_by(PracticeSession.completed_at)
        )
    )
