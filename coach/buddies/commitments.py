"""Weekly commitments ("3 drills, 1 interview, a checklist before every real call") and progress against them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from sqlalchemy import Date, DateTime, cast, func, literal, select
from sqlalchemy.orm import Session

from coach.models import ChecklistRun, Commitment, Person, PracticeSession, User, utcnow
from coach.sql import among, fetched
from coach.zones import local_date, zone

NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "ten": 10}
KINDS = (
    ("drills", r"drills?|role-?plays?|roleplays?"),
    ("interviews", r"interviews?|interview questions?"),
    ("checklists", r"checklists?|pre-?calls?"),
)
MAX_PER_WEEK = 50


@dataclass(frozen=True)
class Progress:
    drills: tuple[int, int]  # done, committed
    interviews: tuple[int, int]
    checklists: tuple[int, int]

    @property
    def committed(self) -> bool:
        """Whether a commitment is set this week (anything wanted)."""
        return any(wanted for _, wanted in (self.drills, self.interviews, self.checklists))

    @property
    def kept(self) -> bool:
        return all(done >= wanted for done, wanted in (self.drills, self.interviews, self.checklists))

    def describe(self) -> str:
        parts = [
            f"{done}/{wanted} {name}"
            for name, (done, wanted) in (
                ("drills", self.drills),
                ("interviews", self.interviews),
                ("checklists", self.checklists),
            )
            if wanted
        ]
        return ", ".join(parts) or "no commitment set"


def week_start(user: Person, now: datetime | None = None) -> date:
    """The Monday of the rep's current week, in their time zone."""
    today = (now or utcnow()).astimezone(zone(user.tz)).date()
    return today - timedelta(days=today.weekday())


def read_commitment(text: str) -> dict[str, int] | None:
    """Counts per kind from the rep's words; None when none could be read."""
    lowered = text.lower()
    found: dict[str, int] = {}
    for kind, words in KINDS:
        # At most 6 digits: Python refuses to read a number of over 4,300 (a typo or a paste is no commitment).
        match = re.search(rf"\b(\d{{1,6}}|{'|'.join(NUMBERS)})\s+(?:\w+\s+)?(?:{words})\b", lowered)
        if match:
            count = int(match.group(1)) if match.group(1).isdigit() else NUMBERS[match.group(1)]
            found[kind] = min(count, MAX_PER_WEEK)
    return found or None


def set_commitment(session: Session, user: User, text: str, now: datetime | None = None) -> Commitment | None:
    """This week's commitment from the rep's words (replacing an earlier one this week)."""
    counts = read_commitment(text)
    if counts is None:
        return None
    monday = week_start(user, now)
    commitment = session.scalars(
        select(Commitment).where(Commitment.user_id == user.id, Commitment.week_start == monday)
    ).one_or_none()
    if commitment is None:
        commitment = Commitment(team_id=user.team_id, user_id=user.id, week_start=monday)
        session.add(commitment)
    commitment.drills = counts.get("drills", 0)
    commitment.interviews = counts.get("interviews", 0)
    commitment.checklists = counts.get("checklists", 0)
    commitment.text = text.strip()[:500]
    session.flush()
    return commitment


def progress(session: Session, user: User, now: datetime | None = None) -> Progress:
    """Completed practice this week against the commitment (no scores: a buddy may see this)."""
    return progress_of(session, [user], now)[user.id]


def progress_of(session: Session, users: Sequence[Person], now: datetime | None = None) -> dict[int, Progress]:
    """Each user's `progress` by user id, with one query per kind of row for everyone (a team view)."""
    now = now or utcnow()
    by_zone = {user.tz: user for user in users}  # a Monday per time zone, not per rep
    mondays_in = {tz: week_start(user, now) for tz, user in by_zone.items()}
    mondays = {user.id: mondays_in[user.tz] for user in users}
    if not mondays:
        return {}
    zones = {user.id: zone(user.tz) for user in users}
    # A local day from Monday on starts at most 14 hours before Monday 00:00 UTC: a day's margin, then exact checks.
    since = datetime.combine(min(mondays.values()), time(), timezone.utc) - timedelta(days=1)
    commitments = {  # the counts wanted, by rep and week (columns, not objects: a team view reads thousands)
        (user_id, week): (drills or 0, interviews or 0, checklists or 0)
        for user_id, week, drills, interviews, checklists in fetched(
            session,
            select(
                Commitment.user_id,
                Commitment.week_start,
                Commitment.drills,
                Commitment.interviews,
                Commitment.checklists,
            ).where(among(session, Commitment.user_id, mondays), Commitment.week_start.in_(set(mondays.values()))),
        )
    }
    done = {user_id: {"drill": 0, "interview": 0, "checklist": 0} for user_id in mondays}
    sessions = [
        among(session, PracticeSession.user_id, mondays),
        PracticeSession.status == "completed",
        PracticeSession.kind.in_(("drill", "interview")),
        PracticeSession.completed_at >= since,
    ]
    checklists = [among(session, ChecklistRun.user_id, mondays), ChecklistRun.planned_at >= since]
    if session.get_bind().dialect.name == "postgresql":  # counted in SQL: a row per rep and kind, not per session
        for user_id, kind, count in fetched(
            session,
            select(PracticeSession.user_id, PracticeSession.kind, func.count())
            .join(User, User.id == PracticeSession.user_id)
            .where(*sessions, _this_week(PracticeSession.completed_at, now))
            .group_by(PracticeSession.user_id, PracticeSession.kind),
        ):
            done[user_id][kind] = count
        for user_id, count in fetched(
            session,
            select(ChecklistRun.user_id, func.count())
            .join(User, User.id == ChecklistRun.user_id)
            .where(*checklists, _this_week(ChecklistRun.planned_at, now))
            .group_by(ChecklistRun.user_id),
        ):
            done[user_id]["checklist"] = count
    else:
        for user_id, kind, moment in session.execute(
            select(PracticeSession.user_id, PracticeSession.kind, PracticeSession.completed_at).where(*sessions)
        ):
            if local_date(moment, zones[user_id]) >= mondays[user_id]:
                done[user_id][kind] += 1
        for user_id, moment in session.execute(
            select(ChecklistRun.user_id, ChecklistRun.planned_at).where(*checklists)
        ):
            if local_date(moment, zones[user_id]) >= mondays[user_id]:
                done[user_id]["checklist"] += 1
    found = {}
    for user_id, monday in mondays.items():
        wanted, counts = commitments.get((user_id, monday), (0, 0, 0)), done[user_id]
        found[user_id] = Progress(
            (counts["drill"], wanted[0]), (counts["interview"], wanted[1]), (counts["checklist"], wanted[2])
        )
    return found


def _this_week(moment: Any, now: datetime) -> Any:
    """In SQL (PostgreSQL): `moment` falls on the user's Monday of `now`'s week or later, in their time zone."""
    monday = cast(func.date_trunc("week", func.timezone(User.tz, literal(now, DateTime(timezone=True)))), Date)
    return cast(func.timezone(User.tz, moment), Date) >= monday
