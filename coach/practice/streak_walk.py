"""The streak's walk over a rep's practice days: consecutive practice days, with freezes for missed ones.

Plain Python over day numbers (`date.toordinal()`), no database: `coach.practice.streaks` reads the days, and
`coach.practice.streak_marks` keeps where the walk stood at the end of a past day.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date
from functools import cache

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


@dataclass(frozen=True)
class Walked:
    """Where the walk of `streak_from_days` stands at the end of a past day (`day`, an ordinal): what a streak mark
    keeps (`coach/practice/streak_marks.py`), so a later walk goes on from the day after it."""

    day: int
    streak: int = 0
    earning: int = 0  # practice days in a row toward the next freeze
    freezes: int = 0
    last: int | None = None  # the last practice day up to `day`


def streak_from_days(
    practised: set[int],
    sessions: int,
    today: date,
    weekdays: AbstractSet[int],
    rest: set[int],
    mark: Walked | None = None,
) -> Streak:
    """The walk of `current_streak` over a rep's local practice days and paused days, as `date.toordinal()` numbers
    (`sessions` completed sessions in all). From `mark` (a day before today) when given: `practised` then holds the
    days after it."""
    latest = max(practised) if practised else mark.last if mark else None
    if latest is None:
        return NO_STREAK
    if mark is None:
        first, streak, earning, freezes = min(practised), 0, 0, 0
    else:
        first, streak, earning, freezes = mark.day + 1, mark.streak, mark.earning, mark.freezes
        if not (streak or earning or freezes):  # nothing to keep or lose before the next practice day
            first = min(practised, default=today.toordinal() + 1)
    last = today.toordinal()
    streak, earning, freezes = _walk(practised, first, last, working_days(weekdays), rest, (streak, earning, freezes))
    return Streak(streak, last in practised, date.fromordinal(latest), sessions, freezes)


def walk_through(practised: set[int], day: int, weekdays: AbstractSet[int], rest: set[int]) -> Walked:
    """The walk's state at the end of past `day` (an ordinal before today: a practice day missed then counts), from
    every practice day up to it."""
    past = {d for d in practised if d <= day}
    if not past:
        return Walked(day)
    streak, earning, freezes = _walk(past, min(past), day, working_days(weekdays), rest, (0, 0, 0), today=day + 1)
    return Walked(day, streak, earning, freezes, max(past))


def _walk(
    practised: set[int],
    day: int,
    last: int,
    working: tuple[bool, ...],
    rest: set[int],
    state: tuple[int, int, int],
    today: int | None = None,
) -> tuple[int, int, int]:
    """(streak, earning, freezes) after walking from `day` through `last`; a practice day missed before `today`
    (by default `last`) uses a freeze or ends the streak."""
    streak, earning, freezes = state
    today = last if today is None else today
    while day <= last:
        if day in practised:
            streak, earning = streak + 1, earning + 1
            if earning == DAYS_PER_FREEZE:
                earning, freezes = 0, min(freezes + 1, MAX_FREEZES)
        elif day < today and working[day % 7] and day not in rest:
            if freezes:
                freezes -= 1  # a missed day covered: the streak holds
            else:
                streak = earning = 0
        day += 1
    return streak, earning, freezes


def working_days(weekdays: AbstractSet[int]) -> tuple[bool, ...]:
    """Whether a day is a practice day, by its ordinal modulo 7 (ordinal 1, 1 January of the year 1, a Monday)."""
    return _working_days(weekdays if isinstance(weekdays, frozenset) else frozenset(weekdays))


@cache
def _working_days(weekdays: frozenset[int]) -> tuple[bool, ...]:
    return tuple((n or 7) in weekdays for n in range(7))
