"""The manager's team summary, on request ("how's my team doing?", `/spar team [week|month]`)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import rep_in_session
from coach.team_summary import render_summary, team_summary


class ActionTeamSummary(Action):
    def name(self) -> str:
        return "action_team_summary"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        asked = (tracker.latest_message.get("text") or "").lower()
        days = 30 if "month" in asked else 7
        with rep_in_session(tracker) as (session, user):
            if user.role not in ("manager", "admin"):
                dispatcher.utter_message(
                    text="Team summaries are for managers. `/spar streak` shows your own practice."
                )
                return []
            text = render_summary(team_summary(session, user, days))
        dispatcher.utter_message(text=text)
        return []
