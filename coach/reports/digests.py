"""The weekly digest: once a week from 08:00 in the manager's time zone, the team summary; on Mondays unless the
manager chose another day (or turned it off)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from sqlalchemy import and_, func, or_, select, tuple_
from sqlalchemy.orm import Session, aliased

from coach.models import User
from coach.people import claim_day, release_day
from coach.reports.summary_pages import summary_page
from coach.zones import zone

DIGEST_WEEKDAY, DIGEST_TIME = 1, time(8, 0)  # Monday (unless the manager chose another day), 08:00 local
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def digest_candidates(session: Session, now: datetime) -> list[tuple[User, date]]:
    """Managers and admins with someone to report on, whose digest day's 08:00 has come and who have no digest yet.

    One query whatever the size of the organisation (the scheduler asks every five minutes): "someone to report
    on" is `visible_reps` said in SQL, and the local 08:00 is checked per person, as time zones differ.
    """
    other = aliased(User)
    # Uncorrelated subqueries, so the database reads the users once for each (a hashed subplan on PostgreSQL).
    managers_with_reports = select(other.team_id, other.manager_id).where(other.manager_id.is_not(None))
    teams_of_several = select(other.team_id).group_by(other.team_id).having(func.count() > 1)
    weekday = func.coalesce(User.digest_day, DIGEST_WEEKDAY)
    # Each day that is today somewhere on Earth, for those whose digest day it is, unless theirs went out that day.
    due_somewhere = [
        and_(weekday == day.isoweekday(), or_(User.last_digest_on.is_(None), User.last_digest_on != day))
        for day in _todays_somewhere(now)
    ]
    query = (
        select(User)
        .where(
            User.digest_on.is_(True),
            or_(*due_somewhere),
            or_(
                and_(User.role == "manager", tuple_(User.team_id, User.id).in_(managers_with_reports)),
                and_(User.role == "admin", User.team_id.in_(teams_of_several)),  # someone besides the admin
            ),
        )
        .order_by(User.id)
    )
    found = []
    for user in session.scalars(query):
        local = now.astimezone(zone(user.tz))
        today = local.date()
        if today.isoweekday() == digest_weekday(user) and local.time() >= DIGEST_TIME and user.last_digest_on != today:
            found.append((user, today))
    return found


def _todays_somewhere(now: datetime) -> list[date]:
    """The dates that are today somewhere on Earth at `now`: UTC offsets run from -12 to +14 hours, so every local
    date is the UTC date or a day either side of it (three days of three different weekdays)."""
    utc_today = now.astimezone(timezone.utc).date()
    return [utc_today + timedelta(days=n) for n in (-1, 0, 1)]


def digest_weekday(user: User) -> int:
    return user.digest_day or DIGEST_WEEKDAY


def describe_digest(user: User) -> str:
    """The manager's digest setting, as a sentence."""
    if not user.digest_on:
        return "Your weekly digest is *off*: choose a day to have it again."
    return f"Your weekly digest comes on *{DAY_NAMES[digest_weekday(user) - 1]}s* from 08:00 your time."


def set_digest(user: User, day: int | None) -> None:
    """The digest on that ISO weekday (1-7), or off (None)."""
    if day is None:
        user.digest_on = False
    else:
        user.digest_on, user.digest_day = True, day


def digest_message(summary: dict[str, Any]) -> dict[str, Any]:
    """chat.postMessage arguments: the summary's first page, under the digest's own line."""
    page = summary_page(summary, "week")
    intro = {"type": "context", "elements": [{"type": "mrkdwn", "text": "*Your weekly digest*"}]}
    return {"text": f"Your weekly digest. {page['text']}", "blocks": [intro, *page["blocks"]]}


def claim_digest(session: Session, user: User, today: date) -> bool:
    """Mark this week's digest as sent, only if it was not: once a week, even with two schedulers."""
    return claim_day(session, user, "last_digest_on", today)


def release_digest(session: Session, user: User, today: date, before: date | None) -> None:
    """This week's digest did not go out (Slack's rate limit): the next run sends it."""
    release_day(session, user, "last_digest_on", today, before)
