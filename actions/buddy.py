"""Buddies in the dialogue: ask for a buddy, invite a colleague, end a pairing, see the buddy's week (never scores);
a manager pairs the whole team."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import words, workspace_and_user
from coach.buddies.handlers import find_buddy


class ActionFindBuddy(Action):
    def name(self) -> str:
        return "action_find_buddy"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        answer = find_buddy(*workspace_and_user(tracker), words(tracker))
        # Messages for colleagues go to the bot as `spar_notify`, which posts them (an invitation with its buttons).
        notices = [{k: v for k, v in asdict(n).items() if v is not None} for n in answer.notices]
        dispatcher.utter_message(text=answer.text, json_message={"spar_notify": notices} if notices else None)
        return []
