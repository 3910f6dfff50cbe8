"""Micro-drills and pauses in the dialogue: today's one-message drill, and the rep's vacation."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions.common import clock_time, rep_in_session, started_this_turn
from actions.drill import CLEAR_STOP
from coach.models import PracticeSession
from coach.practice.micro import answer_micro, start_micro
from coach.practice.pauses import pause_practice, resume_practice


def _today(tz: str) -> Any:
    return datetime.now(timezone.utc).astimezone(ZoneInfo(tz)).date()


def _open_micro(session: Any, user: Any) -> PracticeSession | None:
    return session.scalars(
        select(PracticeSession)
        .where(PracticeSession.user_id == user.id, PracticeSession.kind == "micro", PracticeSession.status == "active")
        .order_by(PracticeSession.id.desc())
    ).first()


class ActionStartMicro(Action):
    """Today's micro-drill (sent by the scheduler, or asked for); "micro at 8:30" sets the daily time instead."""

    def name(self) -> str:
        return "action_start_micro"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        try:
            asked = clock_time(tracker.latest_message.get("text") or "")
        except ValueError:
            note = "That isn't a time I can use. Try `/spar micro at 8:30`."
            return [SlotSet("micro_note", note), SlotSet("micro_reply", "set")]
        with rep_in_session(tracker) as (session, user):
            if asked:
                user.practice_time = asked
                note = f"Your daily micro-drill will come at {user.practice_time}, your time, on practice days."
                return [SlotSet("micro_note", note), SlotSet("micro_reply", "set")]
            practice = start_micro(session, user)
            if practice is None:
                note = "Nothing is due: every skill you've practised is still fresh. A full drill? Say `/spar drill`."
                return [SlotSet("micro_note", note), SlotSet("micro_reply", "none")]
            prompt = practice.turns[0].text
        return [SlotSet("micro_note", prompt), SlotSet("micro_reply", None)]


class ActionAskMicroReply(Action):
    def name(self) -> str:
        return "action_ask_micro_reply"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        note = tracker.get_slot("micro_note")
        if not note:  # the prompt is also stored with the micro-drill itself
            with rep_in_session(tracker) as (session, user):
                practice = _open_micro(session, user)
                note = practice.turns[0].text if practice is not None and practice.turns else None
        dispatcher.utter_message(text=note or "Your move: one message.")
        return []


class ValidateMicroForm(FormValidationAction):
    def name(self) -> str:
        return "validate_micro_form"

    async def validate_micro_reply(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        text = str(value or "").strip()
        with rep_in_session(tracker) as (session, user):
            practice = _open_micro(session, user)
            if practice is None:
                return {"micro_reply": text or "none"}  # nothing to answer: the note says why
            if started_this_turn(tracker, "action_start_micro"):
                return {"micro_reply": None}
            if CLEAR_STOP.match(text):
                practice.status = "abandoned"
                return {"micro_reply": text, "micro_note": "Skipped. Tomorrow brings another."}
            if text.startswith("/"):
                return {"micro_reply": None, "micro_note": "One message to the buyer first, or say `stop` to skip."}
            feedback = answer_micro(session, user, practice, text)
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
        with rep_in_session(tracker) as (session, user):
            started = pause_practice(session, user, _today(user.tz or "UTC"))
        dispatcher.utter_message(
            text="Practice paused: no micro-drills, and your streak is safe while you're away. "
            "Say `/spar resume` when you're back."
            if started
            else "Practice is already paused. Say `/spar resume` when you're back."
        )
        return []


class ActionResumePractice(Action):
    def name(self) -> str:
        return "action_resume_practice"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        with rep_in_session(tracker) as (session, user):
            days = resume_practice(session, user, _today(user.tz or "UTC"))
        dispatcher.utter_message(
            text="Practice wasn't paused, so there's nothing to resume."
            if days is None
            else f"Welcome back! Your streak waited {days} day(s) for you. One micro-drill a day picks things up."
        )
        return []
