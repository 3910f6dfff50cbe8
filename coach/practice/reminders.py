"""The streak-at-risk reminder: once on a practice day, at the rep's chosen time, when skipping today would end it."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from coach.models import User
from coach.people import claim_day, release_day
from coach.practice.pauses import paused_on
from coach.practice.practice_days import practice_weekdays
from coach.practice.streaks import Streak

DEFAULT_REMINDER_TIME = "17:00"


def reminder_time(user: User) -> time:
    hours, _, minutes = (user.reminder_time or DEFAULT_REMINDER_TIME).partition(":")
    return time(int(hours), int(minutes or 0))


def at_risk(streak: Streak) -> bool:
    """A streak that today's miss would end: one is running, today isn't practised and no freeze would cover it."""
    return streak.days > 0 and not streak.practised_today and streak.freezes == 0


def reminder_candidates(session: Session, now: datetime) -> list[tuple[User, date]]:
    """Reps past their reminder time on a practice day, not paused, whose day has not been looked at yet."""
    found = []
    for user in session.scalars(select(User).where(User.role == "rep").order_by(User.id)):
        local = now.astimezone(ZoneInfo(user.tz or "UTC"))
        today = local.date()
        if user.last_reminder_on == today or local.time() < reminder_time(user):
            continue
        if today.isoweekday() in practice_weekdays(session, user) and not paused_on(session, user, today):
            found.append((user, today))
    return found


def claim_reminder(session: Session, user: User, today: date) -> bool:
    """Mark the rep's day as looked at, only if it was not: at most one reminder a day, even with two schedulers.

    A streak not at risk at the reminder time cannot become at risk later that day, so one look is enough.
    """
    return claim_day(session, user, "last_reminder_on", today)


def release_reminder(session: Session, user: User, today: date, before: date | None) -> None:
    """Today's reminder did not go out (Slack's rate limit): the next look sends it."""
    release_day(session, user, "last_reminder_on", today, before)


def reminder_text(streak: Streak) -> str:
    days = f"{streak.days}-day streak"
    return (
        f"Your {days} ends today unless you practise. A five-minute micro-drill keeps it going: "
        "`/spar micro`, or `/spar drill` for a full role-play."
    )
