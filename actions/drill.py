"""Role-play drills in the dialogue: the offer, the scene, the loop where the rep's words go to the buyer, the card."""

from __future__ import annotations

import json
import re
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import rep_in_session, started_this_turn
from coach.drills.offer import offer_drill
from coach.drills.scenarios import DIFFICULTIES, Scenario, find_scenario, load_scenarios
from coach.drills.sessions import active_drill, finish_drill, parse_ref, start_drill, take_drill_turn

CLEAR_STOP = re.compile(
    r"^\s*/?(stop|quit|exit|cancel|end|enough)( (the|this) (drill|role-?play|practice|call))?( (now|please))?[\s.!]*$",
    re.IGNORECASE,
)


def _choose(scenario: Scenario, difficulty: str) -> str:
    return "/choose_scenario" + json.dumps({"scenario": scenario.id, "difficulty": difficulty})


def _entity(tracker: Tracker, name: str) -> str | None:
    entities = tracker.latest_message.get("entities") or []
    return next((str(e.get("value")) for e in entities if e.get("entity") == name), None)


class ActionOfferScenarios(Action):
    def name(self) -> str:
        return "action_offer_scenarios"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        wanted = _entity(tracker, "details") or tracker.latest_message.get("text") or ""
        if wanted.strip().lower() == "all":
            buttons = [{"title": s.title, "payload": _choose(s, "standard")} for s in load_scenarios()]
            dispatcher.utter_message(text="Every scenario, at standard difficulty:", buttons=buttons)
            return []
        with rep_in_session(tracker) as (session, user):
            offer = offer_drill(session, user, wanted)
        pick = offer.scenario
        text = f"I suggest *{pick.title}* ({offer.difficulty}): {offer.reason}.\n_{pick.summary}_\nOr pick another one:"
        buttons = [{"title": f"Start: {pick.title}", "payload": _choose(pick, offer.difficulty)}]
        buttons += [{"title": s.title, "payload": _choose(s, offer.difficulty)} for s in offer.others]
        buttons.append({"title": "All scenarios", "payload": '/start_roleplay{"details": "all"}'})
        dispatcher.utter_message(text=text, buttons=buttons)
        return []


class ActionStartDrill(Action):
    def name(self) -> str:
        return "action_start_drill"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        scenario = find_scenario(_entity(tracker, "scenario") or "") or load_scenarios()[0]
        difficulty = _entity(tracker, "difficulty") or "standard"
        if difficulty not in DIFFICULTIES:
            difficulty = "standard"
        with rep_in_session(tracker) as (session, user):
            prompt = start_drill(session, user, scenario, difficulty)
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


class ValidateDrillForm(FormValidationAction):
    def name(self) -> str:
        return "validate_drill_form"

    async def validate_drill_reply(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        text = str(value or "")
        if started_this_turn(tracker, "action_start_drill"):
            return {"drill_reply": None}  # the button that started the drill is not something said to the buyer
        if CLEAR_STOP.match(text):
            return {"drill_reply": text, "drill_prompt": None}
        if text.startswith("/"):
            return {
                "drill_reply": None,
                "drill_prompt": "You're in the middle of a drill. Answer the buyer, or say `stop` to end it first.",
            }
        with rep_in_session(tracker) as (session, user):
            practice = active_drill(session, user)
            if practice is None:
                return {"drill_reply": text, "drill_prompt": None}
            turn = take_drill_turn(session, practice, text)
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
        with rep_in_session(tracker) as (session, user):
            practice = active_drill(session, user)
            if practice is None:
                dispatcher.utter_message(text="That drill has already ended.")
                return _cleared()
            if not any(t.speaker == "rep" for t in practice.turns):
                practice.status = "abandoned"
                dispatcher.utter_message(response="utter_stop")
                return _cleared()
            card = finish_drill(session, practice)
            practice_id, parsed = practice.id, parse_ref(practice.ref)
        dispatcher.utter_message(json_message=card_message(card, practice_id, parsed))
        return _cleared()


def _cleared() -> list[dict[str, Any]]:
    return [SlotSet("drill_reply", None), SlotSet("drill_prompt", None)]


def card_message(card: str, practice_id: int, parsed: tuple[Scenario, str] | None) -> dict[str, Any]:
    """The score card with what to do next, and a one-tap rating (handled by the bot, not the dialogue)."""
    buttons = []
    if parsed is not None:
        scenario, difficulty = parsed
        buttons.append(("Try again", _choose(scenario, difficulty)))
        if difficulty != DIFFICULTIES[-1]:
            buttons.append(("Harder", _choose(scenario, DIFFICULTIES[DIFFICULTIES.index(difficulty) + 1])))
    buttons.append(("Another scenario", "/start_roleplay"))
    blocks = [
        {"type": "section", "text": {"type": "mrkdwn", "text": card[:2900]}},
        {
            "type": "actions",
            "block_id": "rasa_buttons",
            "elements": [
                {
                    "type": "button",
                    "action_id": f"rasa_button_{i}",
                    "value": payload,
                    "text": {"type": "plain_text", "text": title},
                }
                for i, (title, payload) in enumerate(buttons)
            ],
        },
        {"type": "context", "elements": [{"type": "mrkdwn", "text": "Was this drill useful?"}]},
        {
            "type": "actions",
            "block_id": "drill_rating",
            "elements": [
                {
                    "type": "button",
                    "action_id": f"drill_useful_{answer}",
                    "value": str(practice_id),
                    "text": {"type": "plain_text", "text": label},
                }
                for answer, label in (("yes", "👍 Useful"), ("no", "👎 Not useful"))
            ],
        },
    ]
    return {"text": card, "blocks": blocks}
