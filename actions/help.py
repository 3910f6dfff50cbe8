"""`help`: what the person can do with Spar, by role (coach/help.py), with buttons for the commonest."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import button, workspace_and_user
from coach.help import OPENING, help_text

BUTTONS = [
    button("Start a role-play", "/start_roleplay"),
    button("Interview practice", "/start_interview"),
    button("Pre-call checklist", "/start_precall"),
    button("My streak", "/show_streak"),
]


class ActionHelp(Action):
    def name(self) -> str:
        return "action_help"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        try:
            team_id, user_id = workspace_and_user(tracker)
        except ValueError:
            dispatcher.utter_message(text=OPENING + " role-plays, interview practice and pre-call checklists.")
            return []
        text = help_text(team_id, user_id)
        extra = [button("Team summary", "/team_summary")] if "`/spar team" in text else []
        dispatcher.utter_message(text=text, buttons=BUTTONS + extra)
        return []
