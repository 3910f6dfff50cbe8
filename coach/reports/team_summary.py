"""The manager's team summary, ROAM-ordered: results against objectives, activity, methodology, reps at risk.

Managers see their own reports only, admins everyone in the workspace, reps nobody's but their own (elsewhere).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import and_, case, false, func, or_, select
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.orm import Session

from coach.buddies.commitments import Progress, progress_of
from coach.gc_paused import gc_paused
from coach.models import (
    PERSON_COLUMNS,
    BuddyPair,
    CheckIn,
    ChecklistRun,
    Person,
    PersonRow,
    PracticeSession,
    SessionSkill,
    SkillHour,
    User,
    utcnow,
)
from coach.mrkdwn import shown
from coach.practice.memory import RECALLED
from coach.practice.sessions import PRACTICE_KINDS
from coach.practice.streaks import Streak, streaks_of
from coach.reports.skills import due_and_slipping
from coach.side_reads import side_by_side
from coach.sql import among, as_fetched, fetched
from coach.text import plural
from coach.zones import as_utc

QUIET_DAYS = 7
FOCUS_BELOW = 80.0  # a rep whose every skill averages this or more gets a stretch, not a focus
MISSED_CHECK_INS = 2  # in a row: the buddy has gone silent
RETENTION_WEEKS = 8


@dataclass
class RepSummary:
    slack_id: str
    name: str
    streak: int = 0
    freezes: int = 0
    sessions: dict[str, int] = field(default_factory=dict)
    average_score: float | None = None
    skills: dict[str, float] = field(default_factory=dict)  # average credit as a score out of 100
    due: list[str] = field(default_factory=list)  # skills the memory model says to practise again now
    slipping: list[str] = field(default_factory=list)  # skills the rep is less than likely to show today
    useful: int = 0
    not_useful: int = 0
    calls: int = 0
    calls_with_checklist: int = 0
    deals_advanced: int = 0
    at_risk: list[str] = field(default_factory=list)
    focus: str | None = None
    commitment: str | None = None  # this week's progress, when one is set
    commitment_kept: bool | None = None


def visible_reps(session: Session, viewer: User) -> list[User]:
    """Whose data this person may see in a team view: a manager their reports, an admin everyone."""
    return list(session.scalars(_visible(viewer, select(User))))


def visible_people(session: Session, viewer: User) -> list[Person]:
    """`visible_reps` as rows of the columns a team view reads."""
    return [PersonRow(*row) for row in fetched(session, _visible(viewer, select(*PERSON_COLUMNS)))]


def _visible(viewer: User, query: Any) -> Any:
    query = query.where(User.team_id == viewer.team_id).order_by(User.name, User.slack_id)
    if viewer.role == "admin":
        return query.where(User.id != viewer.id)
    if viewer.role == "manager":
        return query.where(User.manager_id == viewer.id)
    return query.where(false())


@dataclass
class _Period:
    """One rep's completed practice in the period, summed up in SQL."""

    kinds: dict[str, int] = field(default_factory=dict)
    credits: dict[str, tuple[float, int]] = field(default_factory=dict)  # skill: (sum of credits, how many)
    score_sum: float = 0.0
    scored: int = 0
    useful: int = 0
    not_useful: int = 0
    outcomes: list[dict[str, Any]] = field(default_factory=list)  # of the debriefed real calls


def _rep_summary(
    user: Person, streak: Streak, period: _Period, week: Progress, skills: tuple[list[str], list[str]], now: datetime
) -> RepSummary:
    averages, weakest = {}, None
    if period.credits:
        averages = {skill: round(100 * total / n, 1) for skill, (total, n) in sorted(period.credits.items())}
        weakest = min(averages, key=averages.__getitem__)
    last = streak.last_practice
    if last is None or (now.date() - last).days >= QUIET_DAYS:
        at_risk = [f"no practice in {QUIET_DAYS} days"]
    else:
        at_risk = ["streak broken"] if streak.days == 0 else []
    outcomes = period.outcomes
    return RepSummary(
        user.slack_id,
        user.name or user.slack_id,
        streak=streak.days,
        freezes=streak.freezes,
        sessions=dict(period.kinds),
        average_score=round(period.score_sum / period.scored, 1) if period.scored else None,
        skills=averages,
        due=skills[0],
        slipping=skills[1],
        useful=period.useful,
        not_useful=period.not_useful,
        calls=len(outcomes),
        calls_with_checklist=sum(bool(outcome.get("had_checklist")) for outcome in outcomes),
        deals_advanced=sum(bool(outcome.get("advanced")) for outcome in outcomes),
        at_risk=at_risk,
        focus=weakest if weakest is not None and averages[weakest] < FOCUS_BELOW else None,
        commitment=week.describe() if week.committed else None,
        commitment_kept=week.kept if week.committed else None,
    )


def team_summary(session: Session, viewer: User, days: int = 7, now: datetime | None = None) -> dict[str, Any]:
    """The summary of everyone the viewer may see, over the last `days` days.

    A handful of queries for the whole team, however long its history (`bench/team_summary.py` times it).
    """
    with gc_paused():
        return _team_summary(session, viewer, days, now or utcnow())


def _team_summary(session: Session, viewer: User, days: int, now: datetime) -> dict[str, Any]:
    since = now - timedelta(days=days)
    users = visible_people(session, viewer)  # the session's pending changes are flushed for those below
    ids = [user.id for user in users]
    with side_by_side(session, len(users)) as read:  # the longest reads first
        read_credits = read(_credits, viewer.team_id, ids, since)
        read_skills = read(due_and_slipping, ids, now)
        read_streaks = read(streaks_of, users, now, False)  # not counted: no totals shown
        read_weeks = read(progress_of, users, now)
        read_periods = read(_practice, viewer.team_id, ids, since)
        read_silent = read(silent_buddies, viewer.team_id, ids, now)
        read_retention = read(retention_by_week, viewer.team_id, ids, now)
    periods, skills, streaks, weeks = (r.result() for r in (read_periods, read_skills, read_streaks, read_weeks))
    for user_id, credits in read_credits.result().items():
        periods[user_id].credits = credits
    reps = [_rep_summary(u, streaks[u.id], periods[u.id], weeks[u.id], skills[u.id], now) for u in users]
    silent = read_silent.result()
    for user, rep in zip(users, reps, strict=True):
        rep.at_risk.extend(silent.get(user.id, []))
    practised = [r for r in reps if r.sessions]
    calls = sum(r.calls for r in reps)
    return {
        "team_id": viewer.team_id,
        "viewer": viewer.slack_id,
        "days": days,
        "reps": [r.__dict__ for r in reps],
        "retention": read_retention.result(),
        "team": {
            "reps": len(reps),
            "practised": len(practised),
            "sessions": sum(sum(r.sessions.values()) for r in reps),
            "calls": calls,
            "calls_with_checklist": sum(r.calls_with_checklist for r in reps),
            "deals_advanced": sum(r.deals_advanced for r in reps),
        },
    }


def _practice(session: Session, team_id: str, ids: list[int], since: datetime) -> dict[int, _Period]:
    """Each rep's completed practice since `since` but the skill credits (`_credits`): two grouped queries, however
    many sessions the period holds."""
    periods = {user_id: _Period() for user_id in ids}
    if not ids:
        return periods
    dialect = session.get_bind().dialect.name
    kinds = [func.count(case((PracticeSession.kind == kind, 1))) for kind in PRACTICE_KINDS]
    # The sessions' workspace is checked here rather than in SQL: without statistics, SQLite would pick the team_id
    # index for it and read the workspace's whole history instead of the period's sessions.
    for user_id, team, score_sum, scored, useful, not_useful, *counts in fetched(
        session,
        select(
            PracticeSession.user_id,
            PracticeSession.team_id,
            _sum_in_order(dialect, PracticeSession.score, PracticeSession.id),
            func.count(PracticeSession.score),
            func.count(case((PracticeSession.useful.is_(True), 1))),
            func.count(case((PracticeSession.useful.is_(False), 1))),
            *kinds,
        )
        .where(
            among(session, PracticeSession.user_id, ids),
            PracticeSession.status == "completed",
            PracticeSession.kind.in_(PRACTICE_KINDS),
            PracticeSession.completed_at >= since,
        )
        .group_by(PracticeSession.user_id, PracticeSession.team_id),
    ):
        if team == team_id:
            period = periods[user_id]
            period.kinds.update((kind, n) for kind, n in zip(PRACTICE_KINDS, counts, strict=True) if n)
            period.score_sum, period.scored = score_sum or 0.0, scored
            period.useful, period.not_useful = useful, not_useful
    for user_id, outcome in fetched(
        session,
        select(ChecklistRun.user_id, ChecklistRun.outcome).where(
            among(session, ChecklistRun.user_id, ids),
            ChecklistRun.status == "debriefed",
            ChecklistRun.completed_at >= since,
        ),
    ):
        periods[user_id].outcomes.append(outcome or {})
    return periods


def _credits(
    session: Session, team_id: str, ids: list[int], since: datetime
) -> dict[int, dict[str, tuple[float, int]]]:
    """Each rep's skill credits since `since`, by skill: (sum of credits, how many), one grouped query."""
    found: dict[int, dict[str, tuple[float, int]]] = defaultdict(dict)
    if not ids:
        return found
    dialect = session.get_bind().dialect.name
    credits = (
        select(
            SessionSkill.user_id,
            SessionSkill.skill,
            _sum_in_order(dialect, SessionSkill.credit, SessionSkill.session_id).label("total"),
            func.count().label("count"),
        )
        .where(
            among(session, SessionSkill.user_id, ids),
            SessionSkill.completed_at >= since,
            SessionSkill.team_id == team_id,
        )
        .group_by(SessionSkill.user_id, SessionSkill.skill)
    )
    if dialect == "postgresql":  # a row per rep, not per rep and skill: a large team has tens of thousands
        by_skill = credits.subquery()
        for user_id, skills, totals, counts in fetched(
            session,
            select(
                by_skill.c.user_id,
                *(
                    as_fetched(func.array_agg(aggregate_order_by(column, by_skill.c.skill)))
                    for column in (by_skill.c.skill, by_skill.c.total, by_skill.c["count"])
                ),
            ).group_by(by_skill.c.user_id),
        ):
            found[user_id].update(zip(skills, zip(totals, counts, strict=True), strict=True))
    else:
        for user_id, skill, total, count in fetched(session, credits):
            found[user_id][skill] = (total, count)
    return found


def _sum_in_order(dialect: str, column: Any, order: Any) -> Any:
    """SUM(column) added up in `order` on PostgreSQL, as the summary once added each session's figures up in Python
    (an average that falls on a half rounds as it always did); SQLite adds up in its own order."""
    return func.sum(aggregate_order_by(column, order) if dialect == "postgresql" else column)


def retention_by_week(session: Session, team_id: str, ids: list[int], now: datetime) -> list[dict[str, Any]]:
    """The last `RETENTION_WEEKS` weeks (of seven days, the last ending now), oldest first: how many times the reps
    showed a skill in practice, and the share of those they remembered it (a credit the memory model does not rate
    "again").

    For most of a workspace (an admin's view) from its hours (`skill_hours`), less the credits of the few left out
    (the viewer); for a few reps from their credits. A handful of small queries either way."""
    starts = [now - timedelta(weeks=n) for n in range(RETENTION_WEEKS, 0, -1)]
    shown, recalled = [0] * len(starts), [0] * len(starts)
    if ids:
        others = {user_id for (user_id,) in fetched(session, select(User.id).where(User.team_id == team_id))} - set(ids)
        if len(others) < len(ids):
            counts = _weeks_from_hours(session, team_id, others, starts)
        else:
            counts = _weeks_from_credits(session, team_id, ids, starts)
        for n, count, remembered in counts:
            shown[n] += count
            recalled[n] += remembered
    return [
        {
            "from": start.date().isoformat(),
            "reviews": shown[n],
            "retention": recalled[n] / shown[n] if shown[n] else None,
        }
        for n, start in enumerate(starts)
    ]


def _week_of(starts: list[datetime]) -> Any:
    """In SQL: the week (0 the oldest) a credit falls in, -1 before the first."""
    return case(*((SessionSkill.completed_at >= start, n) for n, start in reversed(list(enumerate(starts)))), else_=-1)


def _weeks_from_credits(
    session: Session, team_id: str, ids: Iterable[int], starts: list[datetime], sign: int = 1
) -> list[tuple[int, int, int]]:
    """(week, credits, remembered) of these people's credits in the workspace since `starts[0]` (negated with
    `sign` -1)."""
    week = _week_of(starts)
    return [
        (n, sign * count, sign * remembered)
        for n, count, remembered in session.execute(
            select(week, func.count(), func.count(case((SessionSkill.credit >= RECALLED, 1))))
            .where(
                among(session, SessionSkill.user_id, ids),
                SessionSkill.completed_at >= starts[0],
                SessionSkill.team_id == team_id,
            )
            .group_by(week)
        )
        if n >= 0
    ]


def _weeks_from_hours(
    session: Session, team_id: str, others: set[int], starts: list[datetime]
) -> list[tuple[int, int, int]]:
    """`_weeks_from_credits` for everyone in the workspace but `others`: its hours, except those a week begins in
    (their credits are read one by one), less the credits of `others`."""
    cut = {_hour(start) for start in starts if start != _hour(start)}  # hours that straddle two weeks
    found = []
    for hour, count, remembered in session.execute(
        select(SkillHour.hour, SkillHour.shown, SkillHour.recalled).where(
            SkillHour.team_id == team_id, SkillHour.hour >= _hour(starts[0])
        )
    ):
        hour = as_utc(hour)  # SQLite's are naive
        if hour not in cut:
            found.append((bisect_right(starts, hour) - 1, count, remembered))
    if cut:
        week = _week_of(starts)
        in_cut = or_(
            *(and_(SessionSkill.completed_at >= h, SessionSkill.completed_at < h + timedelta(hours=1)) for h in cut)
        )
        for n, count, remembered in session.execute(
            select(week, func.count(), func.count(case((SessionSkill.credit >= RECALLED, 1))))
            .where(SessionSkill.team_id == team_id, in_cut)
            .group_by(week)
        ):
            if n >= 0:
                found.append((n, count, remembered))
    if others:
        found += _weeks_from_credits(session, team_id, others, starts, sign=-1)
    return found


def _hour(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc).replace(minute=0, second=0, microsecond=0)


def silent_buddies(session: Session, team_id: str, ids: list[int], now: datetime) -> dict[int, list[str]]:
    """Per rep: "missed 2 buddy check-ins" when their last two answered-or-missed check-ins were missed, and
    "buddy silent" when that is true of a partner in their active pair."""
    if not ids:
        return {}
    pairs = session.scalars(select(BuddyPair).where(BuddyPair.team_id == team_id, BuddyPair.status == "active"))
    partners: dict[int, set[int]] = defaultdict(set)
    for pair in pairs:
        group = {i for i in (pair.user_a_id, pair.user_b_id, pair.user_c_id) if i}
        for member in group:
            partners[member] |= group - {member}
    members = set(ids).union(*(partners[i] for i in ids if i in partners))
    last: dict[int, list[str]] = defaultdict(list)
    for user_id, status in fetched(
        session,
        select(CheckIn.user_id, CheckIn.status)
        .where(
            CheckIn.team_id == team_id,
            among(session, CheckIn.user_id, members),
            CheckIn.status != "sent",
            CheckIn.sent_at >= now - timedelta(days=28),
        )
        .order_by(CheckIn.sent_at.desc(), CheckIn.id.desc()),
    ):
        last[user_id].append(status)
    quiet = {u for u, statuses in last.items() if statuses[:MISSED_CHECK_INS] == ["missed"] * MISSED_CHECK_INS}
    found: dict[int, list[str]] = defaultdict(list)
    for user_id in ids:
        if user_id in quiet:
            found[user_id].append(f"missed {MISSED_CHECK_INS} buddy check-ins")
        if user_id in partners and partners[user_id] & quiet:
            found[user_id].append("buddy silent")
    return found


def render_summary(summary: dict[str, Any]) -> str:
    """As one Slack message (single newlines), results first, as ROAM has it."""
    team, reps = summary["team"], summary["reps"]
    if not reps:
        return "No reps report to you in Spar yet. Add them with `/spar team add @name` or the roster import."
    lines = [f"*Team summary, last {summary['days']} days* ({team['practised']} of {team['reps']} reps practised)"]
    lines.append(
        f"*Results:* {plural(team['calls'], 'real call')} debriefed, {team['calls_with_checklist']} with a checklist"
        f" first, {plural(team['deals_advanced'], 'deal')} moved on."
    )
    lines.append("*Activity and methodology:*")
    for rep in reps:
        activity = ", ".join(plural(n, kind) for kind, n in sorted(rep["sessions"].items())) or "no practice"
        score = f", average {rep['average_score']:.0f}" if rep["average_score"] is not None else ""
        focus = f"; coach on *{rep['focus'].replace('_', ' ')}*" if rep["focus"] else ""
        if not rep["focus"] and rep["skills"]:
            focus = "; strong on every skill: stretch with the hard variants"
        rated = (
            f", drills rated {rep['useful']} 👍 {rep['not_useful']} 👎" if rep["useful"] or rep["not_useful"] else ""
        )
        committed = (
            f", committed {rep['commitment']}{' ✅' if rep['commitment_kept'] else ''}" if rep["commitment"] else ""
        )
        lines.append(f"• {shown(rep['name'])}: streak {rep['streak']}, {activity}{score}{rated}{committed}{focus}")
    at_risk = [f"{shown(r['name'])} ({', '.join(r['at_risk'])})" for r in reps if r["at_risk"]]
    lines.append("*At risk:* " + ("; ".join(at_risk) if at_risk else "nobody"))
    return "\n".join(lines)
