"""Events: direct messages, mentions, the App Home tab and profile changes."""

from __future__ import annotations

import asyncio
import re
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.home import publish_home
from bot.rasa_client import RasaClient
from bot.relay import Delivery, answer_soon, keep, learn_user, refresh_profile, unless_database_down

MENTION = re.compile(r"<@[A-Z0-9]+>")


def _is_user_dm(event: dict[str, Any]) -> bool:
    return (
        event.get("channel_type") == "im"
        and not event.get("subtype")
        and not event.get("bot_id")
        and bool((event.get("text") or "").strip())
    )


def _delivery(body: dict[str, Any], text: str, source: str) -> Delivery:
    """A DM or a mention, answered in the user's DM either way (a channel's members never see practice data)."""
    event = body["event"]
    return Delivery(
        team_id=body.get("team_id") or "",
        user_id=event["user"],
        text=text,
        source=source,
        delivery_id=body.get("event_id") or event.get("client_msg_id") or event["ts"],
        channel=event["channel"],
        reply_channel=event["user"],
    )


def register(app: AsyncApp, rasa: RasaClient) -> None:
    # A DM or mention is claimed (its event id) and kept in one write before the ack, then answered in the
    # background unless it was kept before (Slack's retry of it).
    async def keep_dm(ack: AsyncAck, body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient) -> None:
        if _is_user_dm(event):
            delivery = _delivery(body, event["text"], "message")
            if await asyncio.to_thread(keep, delivery, True):
                answer_soon(delivery, client, rasa)
        await ack()

    async def keep_mention(ack: AsyncAck, body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient) -> None:
        delivery = _delivery(body, MENTION.sub("", event.get("text") or "").strip() or "help", "mention")
        if await asyncio.to_thread(keep, delivery, True):
            answer_soon(delivery, client, rasa, thread=(event["channel"], event.get("thread_ts") or event["ts"]))
        await ack()

    async def ack_only(ack: AsyncAck) -> None:
        await ack()

    async def show_home(body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient) -> None:
        if event.get("tab") == "home":
            async with unless_database_down(client, None):  # the tab keeps what it showed last
                await learn_user(client, body.get("team_id") or "", event["user"])
                await publish_home(client, body.get("team_id") or "", event["user"])

    async def update_profile(body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient) -> None:
        """A changed Slack profile (a move to another time zone) keeps the stored user current."""
        info = event.get("user")
        if isinstance(info, dict) and isinstance(info.get("id"), str):
            async with unless_database_down(client, None):  # Slack sends a change once: this one is missed
                await asyncio.to_thread(refresh_profile, body.get("team_id") or "", info)

    app.event("message")(keep_dm)
    app.event("user_change")(ack=ack_only, lazy=[update_profile])
    app.event("app_mention")(keep_mention)
    app.event("app_home_opened")(ack=ack_only, lazy=[show_home])
