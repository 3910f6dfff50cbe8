"""The manager's team summary, on request ("how's my team doing?", `/spar team [week|month]`)."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import rep_in_session
from coach.people import add_to_team
from coach.reports.heatmap import HEATMAP, heatmap_data
from coach.reports.team_summary import render_summary, team_summary


class ActionTeamSummary(Action):
    def name(self) -> str:
        return "action_team_summary"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        asked = (tracker.latest_message.get("text") or "").lower()
        days = 30 if "month" in asked else 7
        with rep_in_session(tracker) as (session, user):
            if re.search(r"\badd\b", asked):  # `/spar team add @user`
                dispatcher.utter_message(text=add_to_team(session, user, tracker.latest_message.get("text") or ""))
                return []
            if user.role not in ("manager", "admin"):
                dispatcher.utter_message(
                    text="Team summaries are for managers. `/spar streak` shows your own practice."
                )
                return []
            summary = team_summary(session, user, days)
        heatmap = heatmap_data(summary)
        # The bot draws and uploads the picture from this payload; Rasa sends it as a reply after the text.
        dispatcher.utter_message(text=render_summary(summary), json_message={HEATMAP: heatmap} if heatmap else None)
        return []
