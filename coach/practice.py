"""Practice sessions (drills, interviews, checklists) and their turns."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, or_, select
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


def local_practice_days(session: Session, users: Sequence[User]) -> dict[int, tuple[set[date], int]]:
    """Per user id: the days, in the user's time zone, with a completed practice session, and how many sessions.

    One query for everyone, grouped by UTC day so a year of practice is a few hundred rows per rep. Within one UTC
    day a time zone keeps one offset unless its clock changes between that day's first and last session (zones
    change clocks months apart, never twice in a day), so the local days are those of the first and the last one;
    a day with a clock change is read session by session.
    """
    by_id = {user.id: user for user in users}
    found: dict[int, tuple[set[date], int]] = {user_id: (set(), 0) for user_id in by_id}
    if not by_id:
        return found
    completed = PracticeSession.completed_at
    if session.get_bind().dialect.name == "postgresql":
        utc_day = func.date(func.timezone("UTC", completed))
    else:  # SQLite keeps UTC datetimes as text
        utc_day = func.date(completed)
    practice = (
        PracticeSession.user_id.in_(by_id),
        PracticeSession.status == "completed",
        PracticeSession.kind.in_(PRACTICE_KINDS),
    )
    clock_changed = []
    for user_id, team_id, first, last, count in session.execute(
        select(PracticeSession.user_id, PracticeSession.team_id, func.min(completed), func.max(completed), func.count())
        .where(*practice)
        .group_by(PracticeSession.user_id, PracticeSession.team_id, utc_day)
    ):
        user = by_id[user_id]
        if team_id != user.team_id:
            continue
        days, sessions = found[user_id]
        found[user_id] = days, sessions + count
        if first is None:  # completed without a time: counted, but no practice day
            continue
        tz = ZoneInfo(user.tz or "UTC")
        start, end = _as_utc(first).astimezone(tz), _as_utc(last).astimezone(tz)
        if start.utcoffset() == end.utcoffset():
            days.update((start.date(), end.date()))
        else:
            same_day = completed.between(first, last)
            clock_changed.append(and_(PracticeSession.user_id == user_id, PracticeSession.team_id == team_id, same_day))
    if clock_changed:
        for user_id, moment in session.execute(
            select(PracticeSession.user_id, completed).where(*practice, or_(*clock_changed))
        ):
            found[user_id][0].add(_as_utc(moment).astimezone(ZoneInfo(by_id[user_id].tz or "UTC")).date())
    return found


def _as_utc(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; they were stored in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
