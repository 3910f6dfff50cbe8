"""`show_streak`: the rep's practice streak, from the database."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import workspace_and_user
from coach.db import session_scope
from coach.streaks import streak_of


class ActionShowStreak(Action):
    def name(self) -> str:
        return "action_show_streak"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        try:
            team_id, user_id = workspace_and_user(tracker)
        except ValueError:
            dispatcher.utter_message(text="I couldn't tell who you are, so I can't look up a streak.")
            return []
        with session_scope() as session:
            text = streak_of(session, team_id, user_id).describe()
        dispatcher.utter_message(text=text, buttons=[{"title": "Start a role-play", "payload": "/start_roleplay"}])
        return []
