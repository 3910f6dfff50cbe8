"""The weekly digest: every Monday from 08:00 in the manager's time zone, the team summary, once."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from coach.models import User
from coach.people import claim_day
from coach.team_summary import visible_reps

DIGEST_WEEKDAY, DIGEST_TIME = 1, time(8, 0)  # Monday, 08:00 local


def digest_candidates(session: Session, now: datetime) -> list[tuple[User, date]]:
    """Managers and admins with someone to report on, whose Monday 08:00 has come and who have no digest yet."""
    found = []
    for user in session.scalars(select(User).where(User.role.in_(("manager", "admin"))).order_by(User.id)):
        local = now.astimezone(ZoneInfo(user.tz or "UTC"))
        today = local.date()
        if today.isoweekday() != DIGEST_WEEKDAY or local.time() < DIGEST_TIME or user.last_digest_on == today:
            continue
        if visible_reps(session, user):
            found.append((user, today))
    return found


def claim_digest(session: Session, user: User, today: date) -> bool:
    """Mark this Monday's digest as sent, only if it was not: once a week, even with two schedulers."""
    return claim_day(session, user, "last_digest_on", today)
