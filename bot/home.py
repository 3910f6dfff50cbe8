"""The App Home tab, built from the domain layer."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.blocks import home_view
from coach.buddies.commitments import progress
from coach.buddies.pairing import active_pair, buddy_view, partners_of
from coach.db import session_scope
from coach.drills.offer import offer_drill
from coach.models import PracticeSession, User
from coach.people import find_user
from coach.practice.streaks import streak_of


def _home_for(team_id: str, user_id: str) -> dict[str, Any]:
    with session_scope() as session:
        user = find_user(session, team_id, user_id)
        streak = streak_of(session, team_id, user_id).describe()
        if user is None:
            return home_view("", streak)
        offer = offer_drill(session, user)
        payload = "/choose_scenario" + json.dumps({"scenario": offer.scenario.id, "difficulty": offer.difficulty})
        next_practice = (f"*{offer.scenario.title}* ({offer.difficulty}): {offer.reason}.", payload)
        week = progress(session, user)
        streak += f"\n*This week's commitment:* {week.describe()}" + (
            " ✅" if week.kept and "/" in week.describe() else ""
        )
        streak += "\n" + buddy_status(session, user)
        return home_view(user.name, streak, next_practice, recent_scores(session, user))


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
    return [f"{p.kind.capitalize()} · {(p.ref or '').split(':')[0] or '-'} · {p.score:.0f}" for p in sessions]


async def publish_home(client: AsyncWebClient, team_id: str, user_id: str) -> None:
    view = await asyncio.to_thread(_home_for, team_id, user_id)
    await client.views_publish(user_id=user_id, view=view)
