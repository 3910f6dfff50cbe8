"""Buddy buttons: accept or decline an invitation, encourage or nudge from a check-in, keep going or end a pair
(`coach/buddies/buttons.py` decides what each press does)."""

from __future__ import annotations

import asyncio
import re
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.listeners.interactivity import show_choice
from bot.rasa_client import RasaClient
from bot.relay import unless_database_down
from coach.buddies.buttons import CHOICES, NOT_YOURS, press_buddy_button

BUDDY_BUTTON = re.compile(f"^buddy_({'|'.join(CHOICES)})$")


def register(app: AsyncApp, rasa: RasaClient) -> None:
    async def acknowledge(ack: AsyncAck) -> None:
        await ack()

    async def press(body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient) -> None:
        team_id = (body.get("team") or {}).get("id") or body["user"].get("team_id") or ""
        choice = BUDDY_BUTTON.match(action["action_id"])
        assert choice is not None
        async with unless_database_down(client, body["user"]["id"]):
            answer, others = await asyncio.to_thread(
                press_buddy_button, team_id, body["user"]["id"], choice.group(1), action.get("value") or ""
            )
            if answer != NOT_YOURS:
                await show_choice(client, body, action)
            await client.chat_postMessage(channel=body["user"]["id"], text=answer)
            for slack_id, text in others:
                await client.chat_postMessage(channel=slack_id, text=text)

    app.action(BUDDY_BUTTON)(ack=acknowledge, lazy=[press])
