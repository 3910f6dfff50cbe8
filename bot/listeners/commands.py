"""The one slash command, `/spar`, whose subcommands enter the dialogue."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.rasa_client import RasaClient
from bot.relay import Delivery, answer, keep
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
    """`/spar precall northwind at 3` becomes `/start_precall{"details": "northwind at 3"}`; None if unknown."""
    name, _, rest = (text or "").strip().partition(" ")
    intent = SUBCOMMANDS.get(name.lower() or "help")
    if intent is None:
        return None
    return f"/{intent}" + (json.dumps({"details": rest.strip()}) if rest.strip() else "")


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
