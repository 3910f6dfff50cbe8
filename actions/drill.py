"""Role-play drills in the dialogue: the offer, the scene, the loop where the rep's words go to the buyer, the card."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import button, entity, words, workspace_and_user
from actions.forms import PracticeFormValidation
from coach.drills.handlers import DrillEnd, begin_drill, end_drill, offer_for, say_to_buyer
from coach.drills.scenarios import load_scenarios
from coach.intents import choose_scenario, intent_payload


class ActionOfferScenarios(Action):
    def name(self) -> str:
        return "action_offer_scenarios"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        wanted = words(tracker)
        if wanted.strip().lower() == "all":  # the "All scenarios" button below
            buttons = [button(s.title, choose_scenario(s.id, "standard")) for s in load_scenarios()]
            dispatcher.utter_message(text="Every scenario, at standard difficulty:", buttons=buttons)
            return []
        offer = offer_for(*workspace_and_user(tracker), wanted)
        pick = offer.scenario
        text = f"I suggest *{pick.title}* ({offer.difficulty}): {offer.reason}.\n_{pick.summary}_\nOr pick another one:"
        buttons = [button(f"Start: {pick.title}", choose_scenario(pick.id, offer.difficulty))]
        buttons += [button(s.title, choose_scenario(s.id, offer.difficulty)) for s in offer.others]
        buttons.append(button("All scenarios", intent_payload("start_roleplay", details="all")))
        dispatcher.utter_message(text=text, buttons=buttons)
        return []


class ActionStartDrill(Action):
    def name(self) -> str:
        return "action_start_drill"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        scenario, difficulty = entity(tracker, "scenario"), entity(tracker, "difficulty")
        prompt = begin_drill(*workspace_and_user(tracker), scenario, difficulty)
        return [SlotSet("drill_prompt", prompt), SlotSet("drill_reply", None)]


class ActionAskDrillReply(Action):
    """The form's question: the scene first, then each of the buyer's answers."""

    def name(self) -> str:
        return "action_ask_drill_reply"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=tracker.get_slot("drill_prompt") or "Go ahead, the buyer is listening.")
        return []


class ValidateDrillForm(PracticeFormValidation):
    """Inside a drill every message is said to the buyer."""

    form, slot, start_action, hint_slot = "drill_form", "drill_reply", "action_start_drill", "drill_prompt"
    busy = "You're in the middle of a drill. Answer the buyer, or say `stop` to end it first."

    async def validate_drill_reply(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        return self.check(str(value or ""), tracker)

    def stopped(self, text: str, tracker: Tracker) -> dict[str, Any]:
        return {"drill_reply": text, "drill_prompt": None}  # the card, or nothing when the rep said nothing yet

    def answer(self, text: str, tracker: Tracker) -> dict[str, Any]:
        turn = say_to_buyer(*workspace_and_user(tracker), text)
        if turn is None:
            return {"drill_reply": text, "drill_prompt": None}
        if turn.ended:
            return {"drill_reply": text, "drill_prompt": turn.reply}
        return {"drill_reply": None, "drill_prompt": turn.reply}


class ActionDrillFeedback(Action):
    def name(self) -> str:
        return "action_drill_feedback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        last_words = tracker.get_slot("drill_prompt")
        if last_words:
            dispatcher.utter_message(text=last_words)
        end = end_drill(*workspace_and_user(tracker))
        if end.status == "gone":
            dispatcher.utter_message(text="That drill has already ended.")
        elif end.status == "stopped":
            dispatcher.utter_message(response="utter_stop")
        else:
            dispatcher.utter_message(json_message=card_message(end))
        return [SlotSet("drill_reply", None), SlotSet("drill_prompt", None)]


def card_message(end: DrillEnd) -> dict[str, Any]:
    """The score card with what to do next; the bot adds the one-tap rating of the drill (`rate_drill`)."""
    buttons = []
    if end.scenario is not None:
        buttons.append(button("Try again", choose_scenario(end.scenario.id, end.difficulty)))
        if end.harder is not None:
            buttons.append(button("Harder", choose_scenario(end.scenario.id, end.harder)))
    buttons.append(button("Another scenario", "/start_roleplay"))
    return {"text": end.card, "buttons": buttons, "rate_drill": end.practice_id}
