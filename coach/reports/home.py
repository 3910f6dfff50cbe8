"""What a rep's App Home shows: the streak, this week's commitment, the buddy's week, the drill to do next and the
rep's own recent scores."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from coach.buddies.commitments import progress
from coach.buddies.pairing import active_pair, buddy_view, partners_of
from coach.db import session_scope
from coach.drills.offer import Offer, offer_drill
from coach.drills.scenarios import find_scenario
from coach.interviews.practice import find_question
from coach.models import PracticeSession, User
from coach.people import find_user
from coach.practice.streaks import streak_of


@dataclass(frozen=True)
class Overview:
    name: str  # empty for someone Spar has not met yet
    status: str  # the streak, this week's commitment and the buddy's week, one per line
    offer: Offer | None = None  # the drill to do next
    recent: list[str] = field(default_factory=list)


def home_overview(team_id: str, slack_id: str) -> Overview:
    """The rep's Home, read in one transaction (someone Spar has not met yet sees an empty streak)."""
    with session_scope() as session:
        user = find_user(session, team_id, slack_id)
        status = streak_of(session, team_id, slack_id).describe()
        if user is None:
            return Overview("", status)
        offer = offer_drill(session, user)
        week = progress(session, user)
        status += f"\n*This week's commitment:* {week.describe()}" + (" ✅" if week.kept and week.committed else "")
        status += "\n" + buddy_status(session, user)
        return Overview(user.name, status, offer, recent_scores(session, user))


def buddy_status(session: Session, user: User) -> str:
    """The buddy's week as a buddy may see it (progress and streak), or how to get one."""
    pair = active_pair(session, user)
    if pair is None:
        return "*Buddy:* none yet. `/spar buddy` finds one, `/spar buddy invite @name` asks a colleague."
    return "*Buddy:* " + "; ".join(buddy_view(session, p) for p in partners_of(session, pair, user))


def recent_scores(session: Session, user: User, count: int = 5) -> list[str]:
    """The rep's own last scored sessions, newest first (shown only to them)."""
    sessions = session.scalars(
        select(PracticeSession)
        .where(
            PracticeSession.team_id == user.team_id,
            PracticeSession.user_id == user.id,
            PracticeSession.status == "completed",
            PracticeSession.score.is_not(None),
        )
        .order_by(PracticeSession.completed_at.desc(), PracticeSession.id.desc())
        .limit(count)
    )
    return [f"{p.kind.capitalize()} · {practised(p)} · {p.score:.0f}" for p in sessions]


def practised(practice: PracticeSession) -> str:
    """What a session practised, as the rep saw it: the scenario's title, the question's competency."""
    ref = (practice.ref or "").split(":")[0]
    if practice.kind == "drill" and (scenario := find_scenario(ref)) is not None:
        return scenario.title
    if practice.kind == "interview" and (question := find_question(ref)) is not None:
        return question.competency_name
    return ref.replace("-", " ") or "practice"
