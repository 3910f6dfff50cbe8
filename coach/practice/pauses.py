"""Pausing practice (a vacation): no micro-drills meanwhile, and the paused days never break a streak."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from coach.models import Person, PracticePause, User
from coach.sql import among, fetched


def current_pause(session: Session, user: User) -> PracticePause | None:
    return session.scalars(
        select(PracticePause).where(PracticePause.user_id == user.id, PracticePause.ends_on.is_(None))
    ).first()


def pause_practice(session: Session, user: User, today: date) -> bool:
    """Start a pause from today; False when one is already running."""
    if current_pause(session, user) is not None:
        return False
    session.add(PracticePause(team_id=user.team_id, user_id=user.id, starts_on=today))
    session.flush()
    return True


def resume_practice(session: Session, user: User, today: date) -> int | None:
    """End the running pause (today is a practice day again); the paused days, or None when not paused."""
    pause = current_pause(session, user)
    if pause is None:
        return None
    pause.ends_on = max(today - timedelta(days=1), pause.starts_on)
    return (pause.ends_on - pause.starts_on).days + 1


def paused_on(session: Session, user: User, today: date) -> bool:
    """Whether the rep is paused today."""
    return today.toordinal() in paused_days_of(session, [user], {user.id: today})[user.id]


def paused_days_of(session: Session, users: Sequence[Person], todays: dict[int, date]) -> dict[int, set[int]]:
    """Per user id, every day that user was (or is) paused, up to their today, as `date.toordinal()` numbers (what
    the streak walk counts in): one query for a team."""
    found: dict[int, set[int]] = {user.id: set() for user in users}
    if not found:
        return found
    # Columns, not objects: a team view reads thousands.
    for user_id, starts_on, ends_on in fetched(
        session,
        select(PracticePause.user_id, PracticePause.starts_on, PracticePause.ends_on).where(
            among(session, PracticePause.user_id, found)
        ),
    ):
        found[user_id].update(range(starts_on.toordinal(), (ends_on or todays[user_id]).toordinal() + 1))
    return found
