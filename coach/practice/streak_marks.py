"""Streak marks: where each rep's streak stood at the end of a past local day, so a team view reads and walks only
the days since (`coach.practice.streaks.streaks_of`).

A mark is written when a rep's session is completed, through the local day before it (that day's practice may
still grow), and is dropped when what it was counted from changes: a session completed, changed or deleted on or
before its day (a backdated one: its mark is written again, through the day before), a pause, the rep's time zone or
practice days, the workspace's practice days. Before every flush, as `coach.practice.session_skills` does, so every
path that writes sessions keeps the marks true. A rep without a mark is walked from their practice days as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from sqlalchemy import delete, event, inspect, select
from sqlalchemy.orm import Session

from coach.models import PracticePause, PracticeSession, StreakMark, User, Workspace
from coach.practice.pauses import paused_days_of
from coach.practice.practice_days import weekdays_of
from coach.practice.sessions import local_practice_days
from coach.practice.streak_walk import Walked, walk_through
from coach.sql import among, upsert
from coach.zones import as_utc, local_date, zone

SESSION_CHANGES = ("kind", "status", "completed_at", "user_id", "team_id")  # what moves a rep's practice days
USER_CHANGES = ("tz", "practice_days", "team_id")  # what changes how the days are walked


def day_end(day: date, tz: str) -> datetime:
    """When the local `day` ends, in UTC."""
    return datetime.combine(day + timedelta(days=1), time(), zone(tz)).astimezone(timezone.utc)


def mark_values(user: User, walked: Walked) -> dict[str, Any]:
    day = date.fromordinal(walked.day)
    last = date.fromordinal(walked.last) if walked.last is not None else None
    return {"user_id": user.id, "team_id": user.team_id, "day": day, "until": day_end(day, user.tz),
            "streak": walked.streak, "earning": walked.earning, "freezes": walked.freezes,
            "last_practice": last}  # fmt: skip


def walk_users(session: Session, users: Sequence[User], days: dict[int, date]) -> dict[int, Walked]:
    """Each user's walk through their `days[user.id]` (a past local day), from all their practice up to it."""
    latest = max(day_end(days[user.id], user.tz) for user in users)
    practised = local_practice_days(session, users, until=latest)
    paused = paused_days_of(session, users, days)
    weekdays = weekdays_of(session, users)
    return {
        user.id: walk_through(practised[user.id], days[user.id].toordinal(), weekdays[user.id], paused[user.id])
        for user in users
    }


def mark_through(session: Session, user: User, day: date) -> None:
    """Write the user's mark through their local `day` (whose practice is all stored), from all their practice."""
    upsert(session, StreakMark.__table__, mark_values(user, walk_users(session, [user], {user.id: day})[user.id]))


def fill_marks(session: Session, now: datetime, batch: int = 500) -> int:
    """A mark through yesterday (in each one's time zone, as of `now`) for everyone who has practised: what an
    upgrade does for the sessions already stored (and `bench/` for the histories it copies in). How many written."""
    practised = select(PracticeSession.user_id).where(PracticeSession.status == "completed").distinct()
    users = list(session.scalars(select(User).where(User.id.in_(practised)).order_by(User.id)))
    for first in range(0, len(users), batch):
        some = users[first : first + batch]
        yesterdays = {user.id: now.astimezone(zone(user.tz)).date() - timedelta(days=1) for user in some}
        walked = walk_users(session, some, yesterdays)
        _drop(session, among(session, StreakMark.user_id, yesterdays))
        session.execute(StreakMark.__table__.insert(), [mark_values(user, walked[user.id]) for user in some])
    return len(users)


@event.listens_for(Session, "before_flush")
def _keep_true(session: Session, _context: Any, _instances: Any) -> None:
    earliest: dict[int, datetime] = {}  # per rep, the earliest moment whose day this flush's sessions change
    dropped: set[int] = set()  # reps whose marks go: how their days are walked changes
    teams: set[str] = set()  # workspaces whose practice days change
    deleted = set(session.deleted)
    for thing in [*session.new, *session.dirty, *deleted]:
        state = inspect(thing)
        if isinstance(thing, PracticeSession):
            if state.persistent and thing not in deleted and not _changed(state, SESSION_CHANGES):
                continue
            moments = [thing.completed_at, *(state.attrs.completed_at.history.deleted or ())]
            for moment in moments:
                if moment is not None and thing.user_id is not None:
                    moment = as_utc(moment)
                    earliest[thing.user_id] = min(moment, earliest.get(thing.user_id, moment))
        elif isinstance(thing, PracticePause) and thing.user_id is not None:
            dropped.add(thing.user_id)
        elif isinstance(thing, User) and state.persistent and _changed(state, USER_CHANGES):
            dropped.add(thing.id)
        elif isinstance(thing, Workspace) and state.persistent and _changed(state, ("practice_days",)):
            teams.add(thing.team_id)
    gone = {thing.id for thing in deleted if isinstance(thing, User)}  # their marks go with them
    for user_id, moment in earliest.items():
        if user_id not in gone:
            _moved(session, user_id, moment)
    if dropped:
        _drop(session, among(session, StreakMark.user_id, dropped))
    if teams:
        _drop(session, StreakMark.team_id.in_(teams))


def _drop(session: Session, *where: Any) -> None:
    session.execute(delete(StreakMark).where(*where).execution_options(synchronize_session=False))


def _changed(state: Any, names: Sequence[str]) -> bool:
    return any(state.attrs[name].history.has_changes() for name in names)


def _moved(session: Session, user_id: int, moment: datetime) -> None:
    """The rep's practice on the local day of `moment` (or later) changes: unless the mark is through the day before
    already, it is written again through that day (all of whose practice is stored), replacing a later one."""
    user = session.get(User, user_id)
    if user is None:
        return
    before = local_date(moment, zone(user.tz)) - timedelta(days=1)
    if session.scalar(select(StreakMark.day).where(StreakMark.user_id == user_id)) != before:
        mark_through(session, user, before)
