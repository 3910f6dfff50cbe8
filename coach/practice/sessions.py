"""Practice sessions (drills, interviews, checklists) and their turns."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from typing import Any

from sqlalchemy import BigInteger, Date, Integer, and_, case, cast, distinct, extract, func, or_, select
from sqlalchemy.orm import Session

from coach.models import Person, PracticeSession, StreakMark, Turn, User, utcnow
from coach.sql import among, as_fetched, fetched
from coach.zones import local_date, zone

KINDS = ("drill", "interview", "checklist", "micro", "calibration")
PRACTICE_KINDS = ("drill", "interview", "checklist", "micro")  # what counts toward a rep's streak


def start_session(
    session: Session, user: User, kind: str, ref: str | None = None, now: datetime | None = None
) -> PracticeSession:
    if kind not in KINDS:
        raise ValueError(f"unknown practice kind {kind!r}")
    practice = PracticeSession(team_id=user.team_id, user_id=user.id, kind=kind, ref=ref, started_at=now or utcnow())
    session.add(practice)
    session.flush()
    return practice


def add_turn(session: Session, practice: PracticeSession, speaker: str, text: str) -> Turn:
    turn = Turn(team_id=practice.team_id, speaker=speaker, text=text)
    practice.turns.append(turn)  # through the relationship, so `practice.turns` is current in this session
    session.flush()
    return turn


def complete_session(practice: PracticeSession, score: float | None, now: datetime | None = None) -> None:
    """A finished session; only these count as practice."""
    practice.status = "completed"
    practice.score = score
    practice.completed_at = now or utcnow()


def local_practice_days(
    session: Session,
    users: Sequence[Person],
    since: datetime | None = None,
    until: datetime | None = None,
    since_marks: bool = False,
) -> dict[int, set[int]]:
    """Per user id: the days, in the user's time zone, with a completed practice session (from `since`, before `until`;
    with `since_marks`, from the end of the day of each user's streak mark: none for a user without one), as
    `date.toordinal()` numbers (a team's streaks walk hundreds of thousands of them).

    One query for everyone. PostgreSQL knows the time zones: it answers a row per user with their local days (a team
    of thousands of reps is thousands of rows, not one per rep and day). On SQLite, the sessions are grouped by UTC
    day (a year of practice is a few hundred rows per rep), with the first and last session of each as whole seconds
    since 1970. On a UTC day when the user's clock does not change, both move by one offset, so the local days of
    the group are those of its first and its last session; on a day when it does (twice a year, at night), the
    sessions are read one by one.
    """
    teams = {user.id: user.team_id for user in users}
    zones = {user.id: user.tz or "UTC" for user in users}
    days: dict[int, set[int]] = {user_id: set() for user_id in teams}
    if not teams:
        return days
    dialect = session.get_bind().dialect.name
    completed = PracticeSession.completed_at
    practice = [
        among(session, PracticeSession.user_id, teams),
        PracticeSession.status == "completed",
        PracticeSession.kind.in_(PRACTICE_KINDS),
        completed.is_not(None),
    ]
    if since is not None:
        practice.append(completed >= since)
    if until is not None:
        practice.append(completed < until)
    if since_marks and dialect == "postgresql":
        return _local_days_since_marks_in_sql(session, days, practice)
    if since_marks:
        practice += [PracticeSession.user_id == StreakMark.user_id, completed >= StreakMark.until]
    if dialect == "postgresql":
        return _local_days_in_sql(session, days, practice)
    clock_changed = []
    for user_id, team_id, first, last in session.execute(
        select(
            PracticeSession.user_id,
            PracticeSession.team_id,
            _seconds(dialect, func.min(completed)),
            _seconds(dialect, func.max(completed)),
        )
        .where(*practice)
        .group_by(PracticeSession.user_id, PracticeSession.team_id, _utc_day(dialect, completed))
    ):
        if team_id != teams[user_id]:
            continue
        offset = _utc_day_offset(zones[user_id], first // DAY)
        if offset is None:
            span = completed.between(_moment(first), _moment(last + 1))
            clock_changed.append(and_(PracticeSession.user_id == user_id, PracticeSession.team_id == team_id, span))
        else:
            days[user_id].add(EPOCH_DAY + (first + offset) // DAY)
            days[user_id].add(EPOCH_DAY + (last + offset) // DAY)
    if clock_changed:
        for user_id, moment in session.execute(
            select(PracticeSession.user_id, completed).where(*practice, or_(*clock_changed))
        ):
            days[user_id].add(local_date(moment, zone(zones[user_id])).toordinal())
    return days


def _local_day() -> Any:
    """In SQL (PostgreSQL): a session's day in its user's time zone, as an ordinal (`date.toordinal()`)."""
    return cast(func.timezone(User.tz, PracticeSession.completed_at), Date) - EPOCH + EPOCH_DAY


def _local_days_in_sql(session: Session, days: dict[int, set[int]], practice: list[Any]) -> dict[int, set[int]]:
    """`local_practice_days` on PostgreSQL: each user's local days, as ordinals, in one row per user."""
    local_day = _local_day()
    for user_id, numbers in fetched(
        session,
        select(PracticeSession.user_id, as_fetched(func.array_agg(distinct(local_day))))
        .join(User, User.id == PracticeSession.user_id)
        .where(*practice, PracticeSession.team_id == User.team_id)
        .group_by(PracticeSession.user_id),
    ):
        days[user_id].update(numbers)
    return days


def _local_days_since_marks_in_sql(
    session: Session, days: dict[int, set[int]], practice: list[Any]
) -> dict[int, set[int]]:
    """`local_practice_days` since each user's streak mark on PostgreSQL: a subquery per mark, so each reads its
    user's few sessions since from the index (joined, the planner reads every session of every user)."""
    local_day = _local_day()
    since = (
        select(as_fetched(func.array_agg(distinct(local_day))))
        .where(
            *practice[1:],  # the sessions' user is the mark's
            PracticeSession.user_id == StreakMark.user_id,
            PracticeSession.completed_at >= StreakMark.until,
            PracticeSession.team_id == User.team_id,
        )
        .scalar_subquery()
    )
    for user_id, numbers in fetched(
        session,
        select(StreakMark.user_id, since)
        .join(User, User.id == StreakMark.user_id)
        .where(among(session, StreakMark.user_id, days)),
    ):
        days[user_id].update(numbers or ())
    return days


def completed_counts(session: Session, users: Sequence[Person]) -> dict[int, int]:
    """Per user id: how many practice sessions the user has completed in their workspace."""
    counts = dict.fromkeys((user.id for user in users), 0)
    for team_id in {user.team_id for user in users}:
        members = [user.id for user in users if user.team_id == team_id]
        # The workspace is counted, not filtered on: grouped by user alone, the query reads the index in order.
        in_team = case((PracticeSession.team_id == team_id, 1), else_=0)
        for user_id, count in session.execute(
            select(PracticeSession.user_id, func.sum(in_team))
            .where(
                among(session, PracticeSession.user_id, members),
                PracticeSession.status == "completed",
                PracticeSession.kind.in_(PRACTICE_KINDS),
            )
            .group_by(PracticeSession.user_id)
        ):
            counts[user_id] = int(count or 0)
    return counts


DAY = 86_400
EPOCH = date(1970, 1, 1)
EPOCH_DAY = EPOCH.toordinal()


def _seconds(dialect: str, moment: Any) -> Any:
    """Whole seconds since 1970 of a UTC datetime, in SQL."""
    if dialect == "postgresql":
        return cast(func.floor(extract("epoch", moment)), BigInteger)
    return cast(func.strftime("%s", moment), Integer)  # SQLite keeps UTC datetimes as text, unzoned


def _utc_day(dialect: str, moment: Any) -> Any:
    return func.date(func.timezone("UTC", moment)) if dialect == "postgresql" else func.date(moment)


def _moment(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, timezone.utc)


@lru_cache(maxsize=8192)
def _utc_day_offset(name: str, day: int) -> int | None:
    """The zone's UTC offset in seconds all through a UTC day (days since 1970); None when its clock changes then.

    Clocks change months apart, never twice in a day, so the same offset at both ends means no change between.
    """
    start = _moment(day * DAY)
    first = start.astimezone(zone(name)).utcoffset()
    last = (start + timedelta(seconds=DAY - 1)).astimezone(zone(name)).utcoffset()
    return int(first.total_seconds()) if first is not None and first == last else None
