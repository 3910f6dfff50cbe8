"""From a user's words to Rasa and back: the one path every DM, command and button takes."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks import notices_in, rasa_reply_to_message
from bot.heatmap_upload import heatmap_in, upload_heatmap
from bot.rasa_client import RasaClient, RasaUnavailable
from coach import inbox
from coach.db import session_scope
from coach.people import MENTION, ensure_user, find_user

log = logging.getLogger(__name__)

MOMENT = "Give me a moment: I've kept your message and will answer as soon as I'm back on my feet."
SORRY = "Sorry, something went wrong on my side. Your message is kept; please try again in a minute."
REPLAY_EVERY_SECONDS = 5.0


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
        if delivery.delivery_id and inbox.find_message(session, delivery.team_id, delivery.delivery_id):
            return False
        inbox.keep_message(
            session,
            delivery.team_id,
            delivery.user_id,
            delivery.channel,
            delivery.text,
            delivery.source,
            delivery.delivery_id or None,  # ids are unique; a delivery without one is still kept
        )
        return True


async def learn_user(client: AsyncWebClient, team_id: str, user_id: str, speaker: bool = True) -> None:
    """On first contact, store the user with their Slack name and time zone (someone mentioned: only if Slack knows
    them)."""

    def known() -> bool:  # someone only mentioned so far (added to a team, invited) has no name yet
        with session_scope() as session:
            user = find_user(session, team_id, user_id)
            return user is not None and bool(user.name)

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
        if not speaker:
            return

    def store() -> None:
        with session_scope() as session:
            ensure_user(session, team_id, user_id, **profile)

    await asyncio.to_thread(store)


def _mark(delivery: Delivery, status: str) -> None:
    if not delivery.delivery_id:
        return
    with session_scope() as session:
        message = inbox.find_message(session, delivery.team_id, delivery.delivery_id)
        if message is not None:
            inbox.mark_message(session, delivery.team_id, message.id, status)


async def answer(delivery: Delivery, client: AsyncWebClient, rasa: RasaClient, replaying: bool = False) -> bool:
    """Send the kept message through the dialogue and post every reply; True once it is answered.

    No error reaches the user as a traceback: when Rasa is down the message waits as `pending` (the user is
    told once) and `replay_pending` answers it later; anything else gets a plain apology.
    """
    try:
        await learn_user(client, delivery.team_id, delivery.user_id)
        for person in MENTION.findall(delivery.text):  # `/spar team add @user`, `/spar buddy invite @user`
            await learn_user(client, delivery.team_id, person, speaker=False)
        replies = await rasa.send(f"{delivery.team_id}:{delivery.user_id}", delivery.text)
    except RasaUnavailable as error:
        log.warning("Rasa unavailable, message kept as pending: %s", error)
        await asyncio.to_thread(_mark, delivery, "pending")
        if not replaying:
            await client.chat_postMessage(channel=delivery.reply_channel, text=MOMENT, thread_ts=delivery.thread_ts)
        return False
    except Exception:
        log.exception("could not answer a %s", delivery.source)
        await client.chat_postMessage(channel=delivery.reply_channel, text=SORRY, thread_ts=delivery.thread_ts)
        return False
    for reply in replies:
        message = rasa_reply_to_message(reply)
        if message is not None:
            await client.chat_postMessage(channel=delivery.reply_channel, thread_ts=delivery.thread_ts, **message)
        for notice in notices_in(reply):  # to a colleague in the same workspace: a buddy invitation, say
            await client.chat_postMessage(**notice)
        heatmap = heatmap_in(reply)
        if heatmap is not None:
            await upload_heatmap(client, delivery.reply_channel, heatmap, delivery.thread_ts)
    await asyncio.to_thread(_mark, delivery, "processed")
    return True


def _pending() -> list[tuple[int, Delivery]]:
    with session_scope() as session:
        return [
            (
                m.id,
                Delivery(
                    team_id=m.team_id,
                    user_id=m.user_slack_id,
                    text=m.text,
                    source=m.source,
                    delivery_id=m.event_id or "",
                    channel=m.channel,
                    reply_channel=m.user_slack_id,
                ),
            )
            for m in inbox.pending_messages(session)
        ]


def _claim(team_id: str, message_id: int) -> bool:
    with session_scope() as session:
        return inbox.claim_pending(session, team_id, message_id)


async def replay_pending(client: AsyncWebClient, rasa: RasaClient) -> int:
    """Answer, in the order they came, the messages kept while Rasa was down; stops at the first that still waits."""
    answered = 0
    if not await rasa.is_up():
        return answered
    for message_id, delivery in await asyncio.to_thread(_pending):
        if not await asyncio.to_thread(_claim, delivery.team_id, message_id):
            continue  # another bot replica is answering it
        if not await answer(delivery, client, rasa, replaying=True):
            break
        answered += 1
    return answered


async def keep_replaying(client: AsyncWebClient, rasa: RasaClient) -> None:
    """The bot's background loop that brings kept messages to the dialogue once it is back."""
    while True:
        try:
            answered = await replay_pending(client, rasa)
            if answered:
                log.info("answered %d message(s) kept while Rasa was down", answered)
        except Exception:  # noqa: BLE001 - the loop must outlive a bad moment (database restarting, say)
            log.exception("replaying kept messages failed; trying again shortly")
        await asyncio.sleep(REPLAY_EVERY_SECONDS)
