"""Interview practice in the dialogue: the question, the answer loop with probes, the score card, stop."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import button, words, workspace_and_user
from actions.forms import PracticeFormValidation
from coach.interviews.handlers import answer_interview, begin_interview, end_interview, stop_my_interview


class ActionStartInterview(Action):
    def name(self) -> str:
        return "action_start_interview"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        # `/spar interview negotiation` brings `details`; a typed request names the competency in its words.
        prompt = begin_interview(*workspace_and_user(tracker), words(tracker))
        return [SlotSet("interview_prompt", prompt), SlotSet("interview_answer", None)]


class ActionAskInterviewAnswer(Action):
    """The form's question: the interview question first, then each probe the validator chose."""

    def name(self) -> str:
        return "action_ask_interview_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=tracker.get_slot("interview_prompt") or "Tell me about a specific time.")
        return []


class ValidateInterviewForm(PracticeFormValidation):
    """Every message is part of the answer (a "stop" never reaches the form: the slot isn't filled by that intent)."""

    form, slot, start_action = "interview_form", "interview_answer", "action_start_interview"

    async def validate_interview_answer(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        return self.check(str(value or ""), tracker)

    def answer(self, text: str, tracker: Tracker) -> dict[str, Any]:
        probe = answer_interview(*workspace_and_user(tracker), text)
        if probe is None:
            return {"interview_answer": text}
        return {"interview_answer": None, "interview_prompt": probe}


class ActionInterviewFeedback(Action):
    def name(self) -> str:
        return "action_interview_feedback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        card = end_interview(*workspace_and_user(tracker))
        dispatcher.utter_message(text=card, buttons=[button("Another question", "/start_interview")])
        return [SlotSet("interview_answer", None), SlotSet("interview_prompt", None)]


class ActionStopInterview(Action):
    def name(self) -> str:
        return "action_stop_interview"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        stop_my_interview(*workspace_and_user(tracker))
        dispatcher.utter_message(response="utter_stop")
        return [SlotSet("interview_answer", None), SlotSet("interview_prompt", None)]
