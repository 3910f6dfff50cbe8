"""The weekly digest: every Monday from 08:00 in the manager's time zone, the team summary, once."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, or_, select, tuple_
from sqlalchemy.orm import Session, aliased

from coach.models import User
from coach.people import claim_day, release_day

DIGEST_WEEKDAY, DIGEST_TIME = 1, time(8, 0)  # Monday, 08:00 local


def digest_candidates(session: Session, now: datetime) -> list[tuple[User, date]]:
    """Managers and admins with someone to report on, whose Monday 08:00 has come and who have no digest yet.

    One query whatever the size of the organisation (the scheduler asks every five minutes): "someone to report
    on" is `visible_reps` said in SQL, and the local Monday 08:00 is checked per person, as time zones differ.
    """
    monday = _monday_somewhere(now)
    if monday is None:
        return []
    other = aliased(User)
    # Uncorrelated subqueries, so the database reads the users once for each (a hashed subplan on PostgreSQL).
    managers_with_reports = select(other.team_id, other.manager_id).where(other.manager_id.is_not(None))
    teams_of_several = select(other.team_id).group_by(other.team_id).having(func.count() > 1)
    query = (
        select(User)
        .where(
            or_(User.last_digest_on.is_(None), User.last_digest_on != monday),
            or_(
                and_(User.role == "manager", tuple_(User.team_id, User.id).in_(managers_with_reports)),
                and_(User.role == "admin", User.team_id.in_(teams_of_several)),  # someone besides the admin
            ),
        )
        .order_by(User.id)
    )
    found = []
    zones: dict[str, ZoneInfo] = {}  # ZoneInfo keeps only a few zones: more would be read from disk per person
    for user in session.scalars(query):
        tz = user.tz or "UTC"
        if tz not in zones:
            zones[tz] = ZoneInfo(tz)
        local = now.astimezone(zones[tz])
        today = local.date()
        if today.isoweekday() == DIGEST_WEEKDAY and local.time() >= DIGEST_TIME and user.last_digest_on != today:
            found.append((user, today))
    return found


def _monday_somewhere(now: datetime) -> date | None:
    """The Monday that is today somewhere on Earth at `now`, if one is: UTC offsets run from -12 to +14 hours, so
    every local date is the UTC date or a day either side of it (and three days in a row hold one Monday at most)."""
    utc_today = now.astimezone(timezone.utc).date()
    return next(
        (d for d in (utc_today + timedelta(days=n) for n in (-1, 0, 1)) if d.isoweekday() == DIGEST_WEEKDAY), None
    )


def claim_digest(session: Session, user: User, today: date) -> bool:
    """Mark this Monday's digest as sent, only if it was not: once a week, even with two schedulers."""
    return claim_day(session, user, "last_digest_on", today)


def release_digest(session: Session, user: User, today: date, before: date | None) -> None:
    """This Monday's digest did not go out (Slack's rate limit): the next run sends it."""
    release_day(session, user, "last_digest_on", today, before)
