"""Interactivity: buttons from Rasa replies (and the App Home) become messages to the dialogue."""

from __future__ import annotations

import asyncio
import re
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks import RASA_BUTTON, mark_button_chosen
from bot.rasa_client import RasaClient
from bot.relay import Delivery, answer, keep


def _delivery(body: dict[str, Any], action: dict[str, Any]) -> Delivery:
    user_id = body["user"]["id"]
    return Delivery(
        team_id=(body.get("team") or {}).get("id") or body["user"].get("team_id") or "",
        user_id=user_id,
        text=action.get("value") or "",
        source="action",
        delivery_id=body.get("trigger_id") or action.get("action_ts") or "",
        channel=(body.get("channel") or {}).get("id") or user_id,
        reply_channel=user_id,
    )


def register(app: AsyncApp, rasa: RasaClient) -> None:
    async def acknowledge(ack: AsyncAck, body: dict[str, Any], action: dict[str, Any]) -> None:
        await asyncio.to_thread(keep, _delivery(body, action))
        await ack()

    async def press(body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient) -> None:
        message = body.get("message")
        if message and body.get("channel"):
            title = (action.get("text") or {}).get("text", "")
            await client.chat_update(
                channel=body["channel"]["id"],
                ts=message["ts"],
                text=message.get("text", ""),
                blocks=mark_button_chosen(message.get("blocks") or [], action["block_id"], title),
            )
        await answer(_delivery(body, action), client, rasa)

    app.action(re.compile(f"^{RASA_BUTTON}_\\d+$"))(ack=acknowledge, lazy=[press])
