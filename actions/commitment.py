"""The rep's weekly commitment: "3 drills, 1 interview, a checklist before every real call"."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import words, workspace_and_user
from coach.buddies.handlers import commit


class ActionSetCommitment(Action):
    def name(self) -> str:
        return "action_set_commitment"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=commit(*workspace_and_user(tracker), words(tracker)))
        return []
