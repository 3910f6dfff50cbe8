"""Buddies in the dialogue: a manager pairs the team; a rep sees their buddy's week (never their scores)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from actions.common import rep_in_session
from coach.buddies import active_pair, members, pair_team
from coach.commitments import progress
from coach.models import User
from coach.streaks import current_streak


def buddy_view(session: Session, partner: User) -> str:
    """What a buddy may see of a partner: the commitment's progress and the streak. No scores, no transcripts."""
    streak = current_streak(session, partner)
    return f"*{partner.name or partner.slack_id}*: {progress(session, partner).describe()}; streak {streak.days} day(s)"


class ActionFindBuddy(Action):
    def name(self) -> str:
        return "action_find_buddy"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        asked = (tracker.latest_message.get("text") or "").lower()
        with rep_in_session(tracker) as (session, user):
            if user.role in ("manager", "admin") and ("pair" in asked or "team" in asked):
                groups = pair_team(session, user)
                names = []
                for group in groups:
                    people = [session.get(User, i) for i in members(group)]
                    names.append(" & ".join(sorted(u.name or u.slack_id for u in people if u is not None)))
                text = (
                    f"Paired your team into {len(groups)} group(s): " + "; ".join(names) + "."
                    if groups
                    else "You have no reps to pair yet."
                )
            elif (pair := active_pair(session, user)) is None:
                text = "You don't have a buddy yet. Your manager can pair the team with `/spar buddy pair`."
            else:
                partners = [session.get(User, i) for i in members(pair) - {user.id}]
                views = [buddy_view(session, p) for p in partners if p is not None]
                text = "Your buddy's week:\n" + "\n".join(views)
        dispatcher.utter_message(text=text)
        return []
