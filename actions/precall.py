"""Pre-call checklists and debriefs in the dialogue: one question at a time, answered by button or short reply."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import button, entity, words, workspace_and_user
from actions.forms import PracticeFormValidation
from coach.intents import choose_scenario
from coach.precall.checklists import Prompt
from coach.precall.handlers import (
    answer_checklist,
    answer_debrief,
    begin_checklist,
    begin_debrief,
    checklist_question,
    debrief_question,
    end_checklist,
    end_debrief,
)


def _utter(dispatcher: CollectingDispatcher, prompt: Prompt, hint: str | None) -> None:
    text = f"{hint}\n{prompt.text}" if hint else prompt.text
    dispatcher.utter_message(text=text, buttons=[button(title, reply) for title, reply in prompt.options])


def _cleared(prefix: str) -> list[dict[str, Any]]:
    return [SlotSet(f"{prefix}_reply", None), SlotSet(f"{prefix}_hint", None), SlotSet(f"{prefix}_run", None)]


class ActionStartPrecall(Action):
    def name(self) -> str:
        return "action_start_precall"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        details = entity(tracker, "details")  # `/spar precall Northwind tomorrow 9:30`: the account comes first
        run_id = begin_checklist(*workspace_and_user(tracker), f"precall {details}" if details else words(tracker))
        return [SlotSet("precall_run", str(run_id)), SlotSet("precall_reply", None), SlotSet("precall_hint", None)]


class ActionAskPrecallReply(Action):
    def name(self) -> str:
        return "action_ask_precall_reply"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        prompt = checklist_question(*workspace_and_user(tracker), tracker.get_slot("precall_run"))
        _utter(dispatcher, prompt, tracker.get_slot("precall_hint"))
        return [SlotSet("precall_hint", None)]


class ValidatePrecallForm(PracticeFormValidation):
    form, slot, start_action, hint_slot = "precall_form", "precall_reply", "action_start_precall", "precall_hint"
    busy = "You're in the middle of a pre-call checklist. Answer the question above, or say `stop` first."

    async def validate_precall_reply(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        return self.check(str(value or "").strip(), tracker)

    def answer(self, text: str, tracker: Tracker) -> dict[str, Any]:
        step = answer_checklist(*workspace_and_user(tracker), tracker.get_slot("precall_run"), text)
        return {"precall_reply": text} if step.done else {"precall_reply": None, "precall_hint": step.hint}


class ActionPrecallDone(Action):
    def name(self) -> str:
        return "action_precall_done"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        saved = end_checklist(*workspace_and_user(tracker), tracker.get_slot("precall_run"))
        buttons = []
        if saved.warmup is not None:
            warmup = saved.warmup
            buttons.append(button(f"Warm-up: {warmup.title}"[:75], choose_scenario(warmup.id, "easy")))
        dispatcher.utter_message(text=saved.text, buttons=buttons)
        return _cleared("precall")


class ActionStartDebrief(Action):
    def name(self) -> str:
        return "action_start_debrief"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        argument = entity(tracker, "details")  # `/spar debrief Acme`: the account
        run_id, not_yet = begin_debrief(*workspace_and_user(tracker), argument or words(tracker), bool(argument))
        if run_id is None:  # the call is still to come: no debrief yet
            dispatcher.utter_message(text=not_yet)
            return [FollowupAction("action_listen")]
        return [SlotSet("debrief_run", str(run_id)), SlotSet("debrief_reply", None), SlotSet("debrief_hint", None)]


class ActionAskDebriefReply(Action):
    def name(self) -> str:
        return "action_ask_debrief_reply"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        prompt = debrief_question(*workspace_and_user(tracker), tracker.get_slot("debrief_run"))
        _utter(dispatcher, prompt, tracker.get_slot("debrief_hint"))
        return [SlotSet("debrief_hint", None)]


class ValidateDebriefForm(PracticeFormValidation):
    form, slot, start_action, hint_slot = "debrief_form", "debrief_reply", "action_start_debrief", "debrief_hint"
    busy = "You're in the middle of a debrief. Answer the question above, or say `stop` first."

    async def validate_debrief_reply(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        return self.check(str(value or "").strip(), tracker)

    def answer(self, text: str, tracker: Tracker) -> dict[str, Any]:
        step = answer_debrief(*workspace_and_user(tracker), tracker.get_slot("debrief_run"), text)
        return {"debrief_reply": text if step.done else None, "debrief_hint": step.hint}


class ActionDebriefDone(Action):
    def name(self) -> str:
        return "action_debrief_done"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=end_debrief(*workspace_and_user(tracker), tracker.get_slot("debrief_run")))
        return _cleared("debrief")
