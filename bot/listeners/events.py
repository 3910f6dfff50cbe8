"""Events: direct messages, mentions and the App Home tab."""

from __future__ import annotations

import asyncio
import re
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.home import publish_home
from bot.rasa_client import RasaClient
from bot.relay import Delivery, answer, keep, learn_user

MENTION = re.compile(r"<@[A-Z0-9]+>")


def _is_user_dm(event: dict[str, Any]) -> bool:
    return (
        event.get("channel_type") == "im"
        and not event.get("subtype")
        and not event.get("bot_id")
        and bool((event.get("text") or "").strip())
    )


def _delivery(body: dict[str, Any], text: str, in_thread: bool) -> Delivery:
    event = body["event"]
    return Delivery(
        team_id=body.get("team_id") or "",
        user_id=event["user"],
        text=text,
        source="message",
        delivery_id=body.get("event_id") or event.get("client_msg_id") or event["ts"],
        channel=event["channel"],
        reply_channel=event["channel"] if in_thread else event["user"],
        thread_ts=(event.get("thread_ts") or event["ts"]) if in_thread else None,
    )


def register(app: AsyncApp, rasa: RasaClient) -> None:
    async def keep_dm(ack: AsyncAck, body: dict[str, Any], event: dict[str, Any]) -> None:
        if _is_user_dm(event):
            await asyncio.to_thread(keep, _delivery(body, event["text"], in_thread=False))
        await ack()

    async def answer_dm(body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient) -> None:
        if _is_user_dm(event):
            await answer(_delivery(body, event["text"], in_thread=False), client, rasa)

    async def keep_mention(ack: AsyncAck, body: dict[str, Any], event: dict[str, Any]) -> None:
        text = MENTION.sub("", event.get("text") or "").strip() or "help"
        await asyncio.to_thread(keep, _delivery(body, text, in_thread=True))
        await ack()

    async def answer_mention(body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient) -> None:
        text = MENTION.sub("", event.get("text") or "").strip() or "help"
        await answer(_delivery(body, text, in_thread=True), client, rasa)

    async def ack_only(ack: AsyncAck) -> None:
        await ack()

    async def show_home(body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient) -> None:
        if event.get("tab") == "home":
            await learn_user(client, body.get("team_id") or "", event["user"])
            await publish_home(client, body.get("team_id") or "", event["user"])

    app.event("message")(ack=keep_dm, lazy=[answer_dm])
    app.event("app_mention")(ack=keep_mention, lazy=[answer_mention])
    app.event("app_home_opened")(ack=ack_only, lazy=[show_home])
