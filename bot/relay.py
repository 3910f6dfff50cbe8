"""From a user's words to Rasa and back: the one path every DM, command and button takes."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks import rasa_reply_to_message
from bot.rasa_client import RasaClient, RasaUnavailable
from coach import inbox
from coach.db import session_scope
from coach.people import ensure_user, find_user

log = logging.getLogger(__name__)

MOMENT = "Give me a moment: I've kept your message and will answer as soon as I'm back on my feet."


@dataclass
class Delivery:
    """One thing a user said to Spar, however it arrived."""

    team_id: str
    user_id: str
    text: str
    source: str  # message, command or action
    delivery_id: str  # Slack's event id or trigger id: a retry carries the same one
    channel: str  # where Slack delivered it
    reply_channel: str  # where the answer goes
    thread_ts: str | None = None


def keep(delivery: Delivery) -> bool:
    """Store the message before anything else; False when this delivery was already kept."""
    with session_scope() as session:
        if inbox.find_message(session, delivery.team_id, delivery.delivery_id) is not None:
            return False
        inbox.keep_message(
            session,
            delivery.team_id,
            delivery.user_id,
            delivery.channel,
            delivery.text,
            delivery.source,
            delivery.delivery_id,
        )
        return True


async def learn_user(client: AsyncWebClient, team_id: str, user_id: str) -> None:
    """On first contact, store the user with their Slack name and time zone."""

    def known() -> bool:
        with session_scope() as session:
            return find_user(session, team_id, user_id) is not None

    if await asyncio.to_thread(known):
        return
    profile: dict[str, Any] = {}
    try:
        info = (await client.users_info(user=user_id))["user"]
        profile = {
            "name": info.get("real_name") or info.get("name"),
            "tz": info.get("tz"),
            "email": (info.get("profile") or {}).get("email"),
        }
    except SlackApiError as error:
        log.warning("users.info failed for a new user: %s", error)

    def store() -> None:
        with session_scope() as session:
            ensure_user(session, team_id, user_id, **profile)

    await asyncio.to_thread(store)


def _mark(delivery: Delivery, status: str) -> None:
    with session_scope() as session:
        message = inbox.find_message(session, delivery.team_id, delivery.delivery_id)
        if message is not None:
            inbox.mark_message(session, delivery.team_id, message.id, status)


async def answer(delivery: Delivery, client: AsyncWebClient, rasa: RasaClient) -> None:
    """Send the kept message through the dialogue and post every reply; never lets an error reach the user."""
    await learn_user(client, delivery.team_id, delivery.user_id)
    try:
        replies = await rasa.send(f"{delivery.team_id}:{delivery.user_id}", delivery.text)
    except RasaUnavailable as error:
        log.warning("Rasa unavailable, message kept as pending: %s", error)
        await asyncio.to_thread(_mark, delivery, "pending")
        await client.chat_postMessage(channel=delivery.reply_channel, text=MOMENT, thread_ts=delivery.thread_ts)
        return
    for reply in replies:
        message = rasa_reply_to_message(reply)
        if message is not None:
            await client.chat_postMessage(channel=delivery.reply_channel, thread_ts=delivery.thread_ts, **message)
    await asyncio.to_thread(_mark, delivery, "processed")
