"""Practice streaks: consecutive practice days, counted in the rep's own time zone."""

from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from coach.models import Person, StreakMark, User
from coach.people import find_user
from coach.practice.pauses import paused_days_of
from coach.practice.practice_days import weekdays_of
from coach.practice.sessions import completed_counts, local_practice_days
from coach.practice.streak_walk import NO_STREAK, Streak, Walked, streak_from_days, working_days
from coach.sql import among, fetched
from coach.zones import zone

__all__ = ["NO_STREAK", "Streak", "current_streak", "streak_of", "streaks_of"]


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
    session: Session, users: Sequence[Person], now: datetime | None = None, counted: bool = True
) -> dict[int, Streak]:
    """Each user's streak by user id, as `current_streak` counts it, with a few queries for everyone. Without
    `counted`, each streak's `sessions` is left at 0 (a team view shows no totals, and counting every session a
    rep ever completed is most of the work for a large team).

    A rep with a streak mark (`coach/practice/streak_marks.py`) is walked from it, over the days since; the others
    over their recent days, and their older ones when the recent days leave the streak open."""
    now = now or datetime.now(timezone.utc)
    local_today = {tz: now.astimezone(zone(tz)).date() for tz in {user.tz for user in users}}
    todays = {user.id: local_today[user.tz] for user in users}
    rest = paused_days_of(session, users, todays)
    weekdays = weekdays_of(session, users)
    marks = read_marks(session, users, todays)
    unmarked = [user for user in users if user.id not in marks]
    days = local_practice_days(session, [user for user in users if user.id in marks], since_marks=True)
    since = now - RECENT
    days.update(local_practice_days(session, unmarked, since=since))
    older = []  # reps whose streak did not restart lately (see `_restarted`): their older days count too
    for user in unmarked:
        first = since.astimezone(zone(user.tz)).date() + timedelta(days=1)  # the first whole local day
        if not _restarted(days[user.id], first, todays[user.id], weekdays[user.id], rest[user.id]):
            older.append(user)
    for user_id, earlier in local_practice_days(session, older, until=since).items():
        days[user_id] |= earlier
    counts = completed_counts(session, users) if counted else dict.fromkeys((user.id for user in users), 0)
    return {
        user.id: streak_from_days(
            days[user.id], counts[user.id], todays[user.id], weekdays[user.id], rest[user.id], marks.get(user.id)
        )
        for user in users
    }


def read_marks(session: Session, users: Sequence[Person], todays: dict[int, date]) -> dict[int, Walked]:
    """The users' streak marks by user id, those through a day before the user's today (a mark of today or later,
    as when `now` is in the past, is of no use)."""
    found: dict[int, Walked] = {}
    if not users:
        return found
    for user_id, day, streak, earning, freezes, last in fetched(
        session,
        select(
            StreakMark.user_id,
            StreakMark.day,
            StreakMark.streak,
            StreakMark.earning,
            StreakMark.freezes,
            StreakMark.last_practice,
        ).where(among(session, StreakMark.user_id, todays)),
    ):
        if day < todays[user_id]:
            found[user_id] = Walked(day.toordinal(), streak, earning, freezes, last.toordinal() if last else None)
    return found


RECENT = timedelta(weeks=6)  # long enough that most reps' streaks have restarted within it


def _restarted(practised: set[int], first: date, today: date, weekdays: AbstractSet[int], rest: set[int]) -> bool:
    """Whether the rep practised lately and missed three practice days in a row between `first` and yesterday (days
    practised and paused as `date.toordinal()` numbers).

    Three misses in a row end any streak and leave no freeze banked (two at most, one used per miss), whatever came
    before. So walking the recent days alone reaches the same streak, freezes and last practice day as walking every
    day since the rep's first practice.
    """
    if not practised:
        return False  # the last practice day, older, is still to be found
    working = working_days(weekdays)
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
