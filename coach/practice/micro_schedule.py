"""Who gets a micro-drill now: practice day, past their practice time, not paused, none yet today, a skill due."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from coach.models import ChecklistRun, PracticeSession, SkillMemory, User
from coach.people import claim_day
from coach.practice.pauses import paused_on
from coach.practice.practice_days import practice_weekdays

DEFAULT_PRACTICE_TIME = "09:00"
CHECKLIST_IN_PROGRESS = timedelta(minutes=30)


def practice_time(user: User) -> time:
    hours, _, minutes = (user.practice_time or DEFAULT_PRACTICE_TIME).partition(":")
    return time(int(hours), int(minutes or 0))


def micro_candidates(session: Session, now: datetime) -> list[tuple[User, date]]:
    """Reps due a micro-drill at `now`, with their local date (the day it is for)."""
    due_users = select(SkillMemory.user_id).where(SkillMemory.due_at <= now).distinct()
    found = []
    for user in session.scalars(select(User).where(User.id.in_(due_users)).order_by(User.id)):
        local = now.astimezone(ZoneInfo(user.tz or "UTC"))
        today = local.date()
        if today.isoweekday() not in practice_weekdays(session, user):
            continue
        if user.last_micro_on == today or local.time() < practice_time(user) or paused_on(session, user, today):
            continue
        if not _busy(session, user, now):  # never interrupt a drill, interview, checklist or debrief
            found.append((user, today))
    return found


def _busy(session: Session, user: User, now: datetime) -> bool:
    practising = select(PracticeSession.id).where(
        PracticeSession.user_id == user.id, PracticeSession.status == "active"
    )
    # A checklist stays "open" after a stop (its reminder still counts), so only a recent one is in progress.
    walking = select(ChecklistRun.id).where(
        ChecklistRun.user_id == user.id,
        or_(
            ChecklistRun.status == "debriefing",
            (ChecklistRun.status == "open") & (ChecklistRun.created_at >= now - CHECKLIST_IN_PROGRESS),
        ),
    )
    return session.scalars(practising).first() is not None or session.scalars(walking).first() is not None


def claim_micro_day(session: Session, user: User, today: date) -> bool:
    """Mark today's micro-drill as sent, only if it was not: one a day, even with two schedulers."""
    return claim_day(session, user, "last_micro_on", today)
