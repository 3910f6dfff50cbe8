"""The one slash command, `/spar`, whose subcommands enter the dialogue."""

from __future__ import annotations

import asyncio
from dataclasses import asdict
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.rasa_client import RasaClient
from bot.relay import Delivery, answer, keep
from coach.intents import intent_payload
from coach.practice.preferences import read_practice_time, read_streak_settings
from coach.reports.handlers import read_team_request
from coach.text import storable

# Subcommand -> the intent it starts in the dialogue.
SUBCOMMANDS = {
    "help": "help",
    "drill": "start_roleplay",
    "interview": "start_interview",
    "precall": "start_precall",
    "debrief": "log_call_outcome",
    "buddy": "find_buddy",
    "commit": "set_commitment",
    "streak": "show_streak",
    "micro": "start_micro",
    "pause": "pause_practice",
    "resume": "resume_practice",
    "team": "team_summary",
}
USAGE = "Try `/spar help`, or one of: " + ", ".join(f"`/spar {name}`" for name in SUBCOMMANDS) + "."


def as_rasa_message(text: str) -> str | None:
    """`/spar precall northwind at 3` becomes `/start_precall{"details": "northwind at 3"}`; None if unknown.

    Subcommands that set something also send what they set as entities of its own (`arguments`), so the action
    reads them rather than the words again.
    """
    name, _, rest = (text or "").strip().partition(" ")
    intent = SUBCOMMANDS.get(name.lower() or "help")
    if intent is None:
        return None
    rest = rest.strip()
    return intent_payload(intent, details=rest, **arguments(intent, rest)) if rest else intent_payload(intent)


def arguments(intent: str, words: str) -> dict[str, Any]:
    """The entities in a subcommand's words: `streak remind at 5pm` (remind_at "17:00"), `streak days mon-sat`
    (practice_days "123456"), `micro at 8:30` (practice_at "08:30"), `team add @ana @ben` (user, their Slack ids),
    `team month` (period). A time or a rep asked for but not readable is sent empty: the action says what it needs.
    """
    if intent == "show_streak":
        return {name: value for name, value in asdict(read_streak_settings(words)).items() if value is not None}
    if intent == "start_micro":
        at = read_practice_time(words)
        return {} if at is None else {"practice_at": at}
    if intent == "team_summary":
        asked = read_team_request(words)
        return {"period": asked.period} if asked.add is None else {"user": list(asked.add) or ""}
    return {}


def _delivery(command: dict[str, Any]) -> Delivery:
    return Delivery(
        team_id=command.get("team_id") or "",
        user_id=command["user_id"],
        text=as_rasa_message(storable(command.get("text", ""))) or "",  # before JSON hides a NUL in an escape
        source="command",
        delivery_id=command.get("trigger_id") or "",
        channel=command.get("channel_id") or "",
        reply_channel=command["user_id"],
    )


def register(app: AsyncApp, rasa: RasaClient) -> None:
    async def acknowledge(ack: AsyncAck, command: dict[str, Any]) -> None:
        if as_rasa_message(command.get("text", "")) is None:
            await ack(f"I don't know `/spar {command.get('text', '').strip()}`. {USAGE}")
            return
        await asyncio.to_thread(keep, _delivery(command))
        in_dm = (command.get("channel_id") or "").startswith("D")
        await ack() if in_dm else await ack("On it: I'll answer in our direct messages.")

    async def start(command: dict[str, Any], client: AsyncWebClient) -> None:
        if as_rasa_message(command.get("text", "")) is not None:
            await answer(_delivery(command), client, rasa)

    app.command("/spar")(ack=acknowledge, lazy=[start])
