"""The rep's weekly commitment: "3 drills, 1 interview, a checklist before every real call"."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import rep_in_session
from coach.buddies.commitments import progress, set_commitment
from coach.text import storable

EXAMPLE = "Tell me your week in one line, for example: `3 drills, 1 interview, 2 checklists`."


class ActionSetCommitment(Action):
    def name(self) -> str:
        return "action_set_commitment"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        entities = tracker.latest_message.get("entities") or []
        words = next((str(e.get("value")) for e in entities if e.get("entity") == "details"), None)
        words = storable(words or tracker.latest_message.get("text") or "")  # JSON typed as a payload can spell NUL
        with rep_in_session(tracker) as (session, user):
            commitment = set_commitment(session, user, words)
            done = progress(session, user) if commitment is not None else None
        if done is None:
            dispatcher.utter_message(text=EXAMPLE)
        else:
            dispatcher.utter_message(text=f"Committed for this week. So far: {done.describe()}.")
        return []
