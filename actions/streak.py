"""`show_streak`: the rep's practice streak; `/spar streak remind at 5pm` and `/spar streak days mon-sat` set its
preferences (the slash command sends them as the `remind_at` and `practice_days` entities)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import button, entity, words, workspace_and_user
from coach.practice.handlers import set_practice_days, set_reminder_time, streak_summary
from coach.practice.preferences import StreakSettings, read_streak_settings


def asked_settings(tracker: Tracker) -> StreakSettings:
    """What the message changes: the entities a slash command sent, else what the rep's own words say."""
    asked = StreakSettings(remind_at=entity(tracker, "remind_at"), practice_days=entity(tracker, "practice_days"))
    return asked if asked != StreakSettings() else read_streak_settings(words(tracker))


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
        asked = asked_settings(tracker)
        if asked.remind_at is not None:
            dispatcher.utter_message(text=set_reminder_time(team_id, user_id, asked.remind_at))
        elif asked.practice_days is not None:
            dispatcher.utter_message(text=set_practice_days(team_id, user_id, asked.practice_days))
        else:
            text = streak_summary(team_id, user_id)
            dispatcher.utter_message(text=text, buttons=[button("Start a role-play", "/start_roleplay")])
        return []
