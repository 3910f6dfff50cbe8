"""Practice streaks: consecutive practice days, counted in the rep's own time zone."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from sqlalchemy.orm import Session

from coach.models import User
from coach.people import find_user
from coach.practice.pauses import paused_days_of
from coach.practice.practice_days import weekdays_of
from coach.practice.sessions import completed_counts, local_practice_days
from coach.zones import zone

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


def current_streak(session: Session, user: User, now: datetime | None = None) -> Streak:
    """Walk the rep's practice days in their time zone, from the first one to today.

    Non-practice days (weekends by default) and paused days are skipped. Every five practice days in a row earn
    a freeze (at most two banked); a missed practice day uses one instead of breaking the streak. Today only
    counts once practised, so it never breaks the streak.
    """
    return streaks_of(session, [user], now)[user.id]


def streaks_of(
    session: Session, users: Sequence[User], now: datetime | None = None, counted: bool = True
) -> dict[int, Streak]:
    """Each user's streak by user id, as `current_streak` counts it, with a few queries for everyone. Without
    `counted`, each streak's `sessions` is left at 0 (a team view shows no totals, and counting every session a
    rep ever completed is most of the work for a large team)."""
    now = now or datetime.now(timezone.utc)
    todays = {user.id: now.astimezone(zone(user.tz)).date() for user in users}
    paused = paused_days_of(session, users, todays)
    weekdays = weekdays_of(session, users)
    since = now - RECENT
    days = local_practice_days(session, users, since=since)
    older = []  # reps whose streak did not restart lately (see `_restarted`): their older days count too
    rest = {user_id: {day.toordinal() for day in dates} for user_id, dates in paused.items()}
    for user in users:
        first = since.astimezone(zone(user.tz)).date() + timedelta(days=1)  # the first whole local day
        if not _restarted(days[user.id], first, todays[user.id], weekdays[user.id], rest[user.id]):
            older.append(user)
    for user_id, earlier in local_practice_days(session, older, until=since).items():
        days[user_id] |= earlier
    counts = completed_counts(session, users) if counted else dict.fromkeys((user.id for user in users), 0)
    return {
        user.id: streak_from_days(days[user.id], counts[user.id], todays[user.id], weekdays[user.id], rest[user.id])
        for user in users
    }


RECENT = timedelta(weeks=6)  # long enough that most reps' streaks have restarted within it


def _restarted(practised: set[int], first: date, today: date, weekdays: set[int], rest: set[int]) -> bool:
    """Whether the rep practised lately and missed three practice days in a row between `first` and yesterday (days
    practised and paused as `date.toordinal()` numbers).

    Three misses in a row end any streak and leave no freeze banked (two at most, one used per miss), whatever came
    before. So walking the recent days alone reaches the same streak, freezes and last practice day as walking every
    day since the rep's first practice.
    """
    if not practised:
        return False  # the last practice day, older, is still to be found
    working = _working(weekdays)
    misses, day, start = 0, today.toordinal() - 1, first.toordinal()
    while day >= start:  # in whole days (ordinals), which a walk over a team's year of days needs to be quick
        if day in practised:
            misses = 0
        elif working[day % 7] and day not in rest:
            misses += 1
            if misses == 3:
                return True
        day -= 1
    return False


def streak_from_days(practised: set[int], sessions: int, today: date, weekdays: set[int], rest: set[int]) -> Streak:
    """The walk of `current_streak` over a rep's local practice days and paused days, as `date.toordinal()` numbers
    (`sessions` completed sessions in all)."""
    if not practised:
        return NO_STREAK
    working = _working(weekdays)
    streak = earning = freezes = 0
    day, last = min(practised), today.toordinal()
    while day <= last:
        if day in practised:
            streak, earning = streak + 1, earning + 1
            if earning == DAYS_PER_FREEZE:
                earning, freezes = 0, min(freezes + 1, MAX_FREEZES)
        elif day < last and working[day % 7] and day not in rest:
            if freezes:
                freezes -= 1  # a missed day covered: the streak holds
            else:
                streak = earning = 0
        day += 1
    return Streak(streak, last in practised, date.fromordinal(max(practised)), sessions, freezes)


def _working(weekdays: set[int]) -> tuple[bool, ...]:
    """Whether a day is a practice day, by its ordinal modulo 7 (ordinal 1, 1 January of the year 1, a Monday)."""
    return tuple((n or 7) in weekdays for n in range(7))
