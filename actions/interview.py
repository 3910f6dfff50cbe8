"""Interview practice in the dialogue: the question, the answer loop with probes, the score card, stop."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import rep_in_session, started_this_turn
from coach.interviews.calibration import pick_sample, show_sample
from coach.interviews.practice import (
    active_interview,
    finish_interview,
    pick_question,
    start_calibration,
    start_interview,
    stop_interview,
    take_answer,
)


class ActionStartInterview(Action):
    def name(self) -> str:
        return "action_start_interview"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        entities = tracker.latest_message.get("entities") or []
        # `/spar interview negotiation` brings `details`; a typed request names the competency in its words.
        wanted = next((e.get("value") for e in entities if e.get("entity") == "details"), None)
        wanted = wanted or tracker.latest_message.get("text")
        with rep_in_session(tracker) as (session, user):
            old = active_interview(session, user)
            if old is not None:
                stop_interview(old)
            if "calibrat" in (wanted or "").lower():  # a manager practising the interviewer's side
                sample = pick_sample()
                start_calibration(session, user, sample)
                return [SlotSet("interview_prompt", show_sample(sample)), SlotSet("interview_answer", None)]
            question = pick_question(wanted)
            start_interview(session, user, question)
        intro = (
            f"*{question.competency_name}* interview question. Answer with a real example, in one message or several:"
        )
        return [SlotSet("interview_prompt", f"{intro}\n>{question.text}"), SlotSet("interview_answer", None)]


class ActionAskInterviewAnswer(Action):
    """The form's question: the interview question first, then each probe the validator chose."""

    def name(self) -> str:
        return "action_ask_interview_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=tracker.get_slot("interview_prompt") or "Tell me about a specific time.")
        return []


class ValidateInterviewForm(FormValidationAction):
    def name(self) -> str:
        return "validate_interview_form"

    async def validate_interview_answer(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        if started_this_turn(tracker, "action_start_interview"):
            return {"interview_answer": None}  # the message that started the interview is not its answer
        with rep_in_session(tracker) as (session, user):
            practice = active_interview(session, user)
            if practice is None:
                return {"interview_answer": str(value)}
            probe = take_answer(session, practice, str(value))
        if probe is None:
            return {"interview_answer": str(value)}
        return {"interview_answer": None, "interview_prompt": probe}


class ActionInterviewFeedback(Action):
    def name(self) -> str:
        return "action_interview_feedback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        with rep_in_session(tracker) as (session, user):
            practice = active_interview(session, user)
            card = finish_interview(session, practice) if practice else "That interview has already ended."
        dispatcher.utter_message(text=card, buttons=[{"title": "Another question", "payload": "/start_interview"}])
        return [SlotSet("interview_answer", None), SlotSet("interview_prompt", None)]


class ActionStopInterview(Action):
    def name(self) -> str:
        return "action_stop_interview"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        with rep_in_session(tracker) as (session, user):
            practice = active_interview(session, user)
            if practice is not None:
                stop_interview(practice)
        dispatcher.utter_message(response="utter_stop")
        return [SlotSet("interview_answer", None), SlotSet("interview_prompt", None)]
