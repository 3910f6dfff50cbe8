"""Pre-call checklists and debriefs in the dialogue: one question at a time, answered by button or short reply."""

from __future__ import annotations

import json
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import rep_in_session, started_this_turn, workspace_and_user
from actions.drill import CLEAR_STOP
from bot.jobs.calls import schedule_call
from coach.drills.scenarios import load_scenarios
from coach.models import ChecklistRun, User
from coach.precall.checklists import (
    Prompt,
    edit_objectives,
    finish_plan,
    local_time,
    next_prompt,
    start_checklist,
    take_reply,
    weakest_criterion,
)
from coach.precall.debriefs import finish_debrief, next_debrief_prompt, start_debrief, take_debrief_reply
from coach.text import storable

KEEP_QUESTION = "Tap *Keep*, or type your own call objective (add a back-up objective after ` / `)."


def _asked(tracker: Tracker) -> str:
    entities = tracker.latest_message.get("entities") or []
    details = next((str(e.get("value")) for e in entities if e.get("entity") == "details"), None)
    return storable(details or tracker.latest_message.get("text") or "")  # JSON typed as a payload can spell NUL


def _run(session: Any, tracker: Tracker, slot: str) -> ChecklistRun | None:
    """The run a slot names, only when it is the speaker's own: a slot never reaches another rep's or workspace's."""
    run_id = tracker.get_slot(slot)
    run = session.get(ChecklistRun, int(run_id)) if run_id and str(run_id).isdigit() else None
    if run is None:
        return None
    owner = session.get(User, run.user_id)
    team_id, slack_id = workspace_and_user(tracker)
    if owner is None or (run.team_id, owner.team_id, owner.slack_id) != (team_id, team_id, slack_id):
        return None
    return run


def _utter(dispatcher: CollectingDispatcher, prompt: Prompt, hint: str | None) -> None:
    text = f"{hint}\n{prompt.text}" if hint else prompt.text
    dispatcher.utter_message(text=text, buttons=[{"title": t, "payload": p} for t, p in prompt.options])


def _not_an_answer(text: str, what: str) -> str | None:
    if text.startswith("/"):
        return f"You're in the middle of a {what}. Answer the question above, or say `stop` first."
    return None


class ActionStartPrecall(Action):
    def name(self) -> str:
        return "action_start_precall"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        with rep_in_session(tracker) as (session, user):
            run = start_checklist(session, user, _asked(tracker))
            run_id, call_at = run.id, run.call_at
        if call_at is not None:
            schedule_call(run_id, call_at)
        return [SlotSet("precall_run", str(run_id)), SlotSet("precall_reply", None), SlotSet("precall_hint", None)]


class ActionAskPrecallReply(Action):
    def name(self) -> str:
        return "action_ask_precall_reply"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        hint = tracker.get_slot("precall_hint")
        with rep_in_session(tracker) as (session, _):
            run = _run(session, tracker, "precall_run")
            prompt = next_prompt(session, run) if run is not None and run.status == "open" else None
        _utter(dispatcher, prompt or Prompt(KEEP_QUESTION, [("Keep", "keep")]), hint)
        return [SlotSet("precall_hint", None)]


class ValidatePrecallForm(FormValidationAction):
    def name(self) -> str:
        return "validate_precall_form"

    async def validate_precall_reply(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        text = str(value or "").strip()
        if started_this_turn(tracker, "action_start_precall"):
            return {"precall_reply": None}
        if CLEAR_STOP.match(text):
            return {"precall_reply": "stop"}
        if hint := _not_an_answer(text, "pre-call checklist"):
            return {"precall_reply": None, "precall_hint": hint}
        with rep_in_session(tracker) as (session, _):
            run = _run(session, tracker, "precall_run")
            if run is None:
                return {"precall_reply": text}
            if run.status == "planned":
                edit_objectives(run, text)
                return {"precall_reply": text}
            hint = take_reply(session, run, text)
            if hint is None and next_prompt(session, run) is None:
                hint = finish_plan(session, run)  # the plan, then the question about its objectives
        return {"precall_reply": None, "precall_hint": hint}


class ActionPrecallDone(Action):
    def name(self) -> str:
        return "action_precall_done"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        with rep_in_session(tracker) as (session, user):
            run = _run(session, tracker, "precall_run")
            if run is None or run.status != "planned":
                dispatcher.utter_message(
                    text="Stopped. What you marked is kept; `/spar precall` starts a fresh checklist."
                )
                return _cleared("precall")
            text = f"Plan saved.\n*Call objective:* {run.objective}\n*Back-up objective:* {run.backup_objective}"
            if run.call_at is not None:
                text += f"\nI'll ask how it went after the call ({local_time(run.call_at, user.tz or 'UTC')})."
            weakest, stage = weakest_criterion(run), run.stage
        buttons = []
        warmup = next((s for s in load_scenarios() if s.stage == stage), None)
        if warmup is not None:
            text += f"\nWarm up on the weakest point ({weakest or 'the next step'}) with a two-minute drill:"
            payload = "/choose_scenario" + json.dumps({"scenario": warmup.id, "difficulty": "easy"})
            buttons.append({"title": f"Warm-up: {warmup.title}"[:75], "payload": payload})
        dispatcher.utter_message(text=text, buttons=buttons)
        return _cleared("precall")


def _cleared(prefix: str) -> list[dict[str, Any]]:
    return [SlotSet(f"{prefix}_reply", None), SlotSet(f"{prefix}_hint", None), SlotSet(f"{prefix}_run", None)]


class ActionStartDebrief(Action):
    def name(self) -> str:
        return "action_start_debrief"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        with rep_in_session(tracker) as (session, user):
            run = start_debrief(session, user, _asked(tracker))
            run_id = run.id
        return [SlotSet("debrief_run", str(run_id)), SlotSet("debrief_reply", None), SlotSet("debrief_hint", None)]


class ActionAskDebriefReply(Action):
    def name(self) -> str:
        return "action_ask_debrief_reply"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        with rep_in_session(tracker) as (session, _):
            run = _run(session, tracker, "debrief_run")
            prompt = next_debrief_prompt(session, run) if run is not None else None
        _utter(dispatcher, prompt or Prompt("Anything else about the call?"), tracker.get_slot("debrief_hint"))
        return [SlotSet("debrief_hint", None)]


class ValidateDebriefForm(FormValidationAction):
    def name(self) -> str:
        return "validate_debrief_form"

    async def validate_debrief_reply(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        text = str(value or "").strip()
        if started_this_turn(tracker, "action_start_debrief"):
            return {"debrief_reply": None}
        if CLEAR_STOP.match(text):
            return {"debrief_reply": "stop"}
        if hint := _not_an_answer(text, "debrief"):
            return {"debrief_reply": None, "debrief_hint": hint}
        with rep_in_session(tracker) as (session, _):
            run = _run(session, tracker, "debrief_run")
            if run is None:
                return {"debrief_reply": text}
            hint = take_debrief_reply(session, run, text)
            done = hint is None and next_debrief_prompt(session, run) is None
        return {"debrief_reply": text if done else None, "debrief_hint": hint}


class ActionDebriefDone(Action):
    def name(self) -> str:
        return "action_debrief_done"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        with rep_in_session(tracker) as (session, _):
            run = _run(session, tracker, "debrief_run")
            finished = run is not None and next_debrief_prompt(session, run) is None
            if run is not None and finished:
                text = finish_debrief(session, run)
            else:
                text = "Stopped. Say `debrief my <account> call` to pick it up again."
                if run is not None:
                    run.status = "planned" if run.planned_at else "open"
        dispatcher.utter_message(text=text)
        return _cleared("debrief")
