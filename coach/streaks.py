"""Practice streaks: consecutive practice days, counted in the rep's own time zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from coach.models import User, Workspace
from coach.pauses import paused_days
from coach.people import find_user
from coach.practice import completed_sessions

DAYS_PER_FREEZE, MAX_FREEZES = 5, 2


@dataclass(frozen=True)
class Streak:
    days: int
    practised_today: bool
    last_practice: date | None
    sessions: int
    freezes: int = 0  # banked streak freezes, each covering one missed practice day

    def describe(self) -> str:
        """One plain sentence for the rep."""
        if self.sessions == 0:
            return "You haven't practised yet, so there's no streak to show. Your streak starts with your first drill."
        plural = "day" if self.days == 1 else "days"
        if self.days == 0:
            return (
                f"Your streak is at 0: the last practice day was {self.last_practice:%A %d %B}. "
                "One short drill today starts a new one."
            )
        today = " You've practised today, nice." if self.practised_today else " Practise today to keep it going."
        banked = f" {self.freezes} streak freeze{'s' if self.freezes > 1 else ''} banked." if self.freezes else ""
        return f"Your practice streak is {self.days} {plural}, from {self.sessions} completed sessions.{today}{banked}"


NO_STREAK = Streak(days=0, practised_today=False, last_practice=None, sessions=0)


def streak_of(session: Session, team_id: str, slack_id: str, now: datetime | None = None) -> Streak:
    """The streak of a Slack user; someone Spar has not met yet has none."""
    user = find_user(session, team_id, slack_id)
    return current_streak(session, user, now) if user else NO_STREAK


def _practice_weekdays(workspace: Workspace | None) -> set[int]:
    return {int(d) for d in (workspace.practice_days if workspace else "12345")}


def current_streak(session: Session, user: User, now: datetime | None = None) -> Streak:
    """Walk the rep's practice days in their time zone, from the first one to today.

    Non-practice days (weekends by default) and paused days are skipped. Every five practice days in a row earn
    a freeze (at most two banked); a missed practice day uses one instead of breaking the streak. Today only
    counts once practised, so it never breaks the streak.
    """
    tz = ZoneInfo(user.tz or "UTC")
    today = (now or datetime.now(timezone.utc)).astimezone(tz).date()
    sessions = completed_sessions(session, user)
    days_practised = {_as_utc(s.completed_at).astimezone(tz).date() for s in sessions if s.completed_at}
    if not days_practised:
        return NO_STREAK
    weekdays = _practice_weekdays(session.get(Workspace, user.team_id))
    paused = paused_days(session, user, today)
    streak = earning = freezes = 0
    day = min(days_practised)
    while day <= today:
        if day in days_practised:
            streak, earning = streak + 1, earning + 1
            if earning == DAYS_PER_FREEZE:
                earning, freezes = 0, min(freezes + 1, MAX_FREEZES)
        elif day < today and day.isoweekday() in weekdays and day not in paused:
            if freezes:
                freezes -= 1  # a missed day covered: the streak holds
            else:
                streak = earning = 0
        day += timedelta(days=1)
    return Streak(streak, today in days_practised, max(days_practised), len(sessions), freezes)


def _as_utc(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; they were stored in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
