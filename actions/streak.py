"""`show_streak`: the rep's practice streak, from the database."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import workspace_and_user
from coach.db import session_scope
from coach.people import find_user
from coach.streaks import current_streak


class ActionShowStreak(Action):
    def name(self) -> str:
        return "action_show_streak"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
                  ) -> list[dict[str, Any]]:
        try:
            team_id, user_id = workspace_and_user(tracker)
        except ValueError:
            dispatcher.utter_message(text="I couldn't tell who you are, so I can't look up a streak.")
            return []
        with session_scope() as session:
            user = find_user(session, team_id, user_id)
            text = (current_streak(session, user).describe() if user else
                    "You haven't practised yet, so there's no streak to show. Your streak starts with your first drill.")
        dispatcher.utter_message(text=text, buttons=[{"title": "Start a role-play", "payload": "/start_roleplay"}])
        return []
