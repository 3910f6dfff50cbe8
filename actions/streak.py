"""`show_streak`: the rep's practice streak; "streak remind at 5pm" and "streak days mon-sat" set its preferences."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import clock_time, rep_in_session, workspace_and_user
from coach.db import session_scope
from coach.practice.practice_days import DAY_NAMES, read_practice_days
from coach.practice.streaks import streak_of

REMIND = re.compile(r"\bremind", re.IGNORECASE)


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
        asked = tracker.latest_message.get("text") or ""
        if REMIND.search(asked) or (re.search(r"\bdays\b", asked, re.IGNORECASE) and read_practice_days(asked)):
            dispatcher.utter_message(text=set_preference(tracker, asked))
            return []
        with session_scope() as session:
            text = streak_of(session, team_id, user_id).describe()
        dispatcher.utter_message(text=text, buttons=[{"title": "Start a role-play", "payload": "/start_roleplay"}])
        return []


def set_preference(tracker: Tracker, asked: str) -> str:
    """The reminder's time, or the rep's own practice days (the days a missed day breaks the streak)."""
    with rep_in_session(tracker) as (session, user):
        if REMIND.search(asked):
            try:
                at = clock_time(asked)
            except ValueError:
                at = None
            if at is None:
                return "Tell me a time, like `/spar streak remind at 4:30pm`."
            user.reminder_time = at
            return f"When your streak is at risk, I'll remind you at {at}, your time, once that day."
        days = read_practice_days(asked)
        if days is None:
            return "Name the days, like `/spar streak days mon-thu` or `/spar streak days mon wed fri`."
        user.practice_days = days
        names = ", ".join(DAY_NAMES[int(d) - 1].capitalize() for d in days)
        return f"Your practice days are now {names}. Other days never break your streak."
