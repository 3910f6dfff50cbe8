"""Micro-drills and pauses in the dialogue: today's one-message drill, and the rep's vacation."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import entity, words, workspace_and_user
from actions.forms import PracticeFormValidation
from coach.practice.handlers import (
    answer_open_micro,
    micro_is_open,
    open_micro_prompt,
    pause,
    resume,
    set_practice_time,
    skip_open_micro,
    start_micro_drill,
)
from coach.practice.preferences import read_practice_time


class ActionStartMicro(Action):
    """Today's micro-drill (sent by the scheduler, or asked for); `/spar micro at 8:30` sets the daily time instead
    (the slash command sends it as the `practice_at` entity)."""

    def name(self) -> str:
        return "action_start_micro"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        team_id, user_id = workspace_and_user(tracker)
        at = entity(tracker, "practice_at")
        if at is None:
            at = read_practice_time(words(tracker))
        if at is not None:
            return [SlotSet("micro_note", set_practice_time(team_id, user_id, at)), SlotSet("micro_reply", "set")]
        start = start_micro_drill(team_id, user_id)
        return [SlotSet("micro_note", start.note), SlotSet("micro_reply", None if start.started else "none")]


class ActionAskMicroReply(Action):
    def name(self) -> str:
        return "action_ask_micro_reply"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        note = tracker.get_slot("micro_note") or open_micro_prompt(*workspace_and_user(tracker))
        dispatcher.utter_message(text=note or "Your move: one message.")
        return []


class ValidateMicroForm(PracticeFormValidation):
    form, slot, start_action, hint_slot = "micro_form", "micro_reply", "action_start_micro", "micro_note"
    busy = "One message to the buyer first, or say `stop` to skip."

    async def validate_micro_reply(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        return self.check(str(value or "").strip(), tracker)

    def check(self, text: str, tracker: Tracker) -> dict[str, Any]:
        if not micro_is_open(*workspace_and_user(tracker)):
            return {"micro_reply": text or "none"}  # nothing to answer: the note says why
        return super().check(text, tracker)

    def stopped(self, text: str, tracker: Tracker) -> dict[str, Any]:
        return {"micro_reply": text, "micro_note": skip_open_micro(*workspace_and_user(tracker))}

    def answer(self, text: str, tracker: Tracker) -> dict[str, Any]:
        feedback = answer_open_micro(*workspace_and_user(tracker), text)
        if feedback is None:  # answered meanwhile, by another of the rep's messages
            return {"micro_reply": text or "none"}
        return {"micro_reply": text, "micro_note": feedback}


class ActionMicroFeedback(Action):
    def name(self) -> str:
        return "action_micro_feedback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=tracker.get_slot("micro_note") or "Done.")
        return [SlotSet("micro_reply", None), SlotSet("micro_note", None)]


class ActionPausePractice(Action):
    def name(self) -> str:
        return "action_pause_practice"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=pause(*workspace_and_user(tracker)))
        return []


class ActionResumePractice(Action):
    def name(self) -> str:
        return "action_resume_practice"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=resume(*workspace_and_user(tracker)))
        return []
