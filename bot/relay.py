"""From a user's words to Rasa and back: the one path every DM, command and button takes."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.exc import IntegrityError

from bot.blocks import notices_in, rasa_reply_to_message
from bot.heatmap_upload import heatmap_in, upload_heatmap
from bot.installations import ClientFor
from bot.rasa_client import RasaClient, RasaUnavailable
from coach import inbox
from coach.db import session_scope
from coach.people import MENTION, ensure_user, find_user, valid_timezone
from coach.text import storable

log = logging.getLogger(__name__)

MOMENT = "Give me a moment: I've kept your message and will answer as soon as I'm back on my feet."
SORRY = "Sorry, something went wrong on my side. Your message is kept; please try again in a minute."
REPLAY_EVERY_SECONDS = 5.0
MAX_MENTIONS_LOOKED_UP = 50


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

    def __post_init__(self) -> None:
        self.text = storable(self.text)  # no NUL or lone surrogate reaches the database, Rasa or the tokenizer


def keep(delivery: Delivery, claim: bool = False) -> bool:
    """Store the message before anything else; False when this delivery was already kept.

    With `claim`, the delivery's id is claimed in the same transaction (events: Slack's retry of one changes
    nothing), so Slack's acknowledgement waits for one database write rather than two.
    """
    if claim and delivery.delivery_id:
        try:
            with session_scope() as session:
                kept = inbox.keep_event_message(
                    session,
                    delivery.team_id,
                    delivery.delivery_id,
                    delivery.user_id,
                    delivery.channel,
                    delivery.text,
                    delivery.source,
                )
                return kept is not None
        except IntegrityError:  # the same event, delivered at the same moment (to another replica), came first
            return False
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
        profile = profile_of((await client.users_info(user=user_id))["user"])
    except SlackApiError as error:
        log.warning("users.info failed for a new user: %s", error)
        if not speaker:
            return

    def store() -> None:
        with session_scope() as session:
            ensure_user(session, team_id, user_id, **profile)

    await asyncio.to_thread(store)


def profile_of(info: dict[str, Any]) -> dict[str, Any]:
    """The fields Spar keeps from a Slack user object (users.info, user_change)."""
    tz = info.get("tz")
    return {
        "name": info.get("real_name") or info.get("name"),
        "tz": tz if isinstance(tz, str) and valid_timezone(tz) else None,
        "email": (info.get("profile") or {}).get("email"),
    }


def refresh_profile(team_id: str, info: dict[str, Any]) -> bool:
    """Update a user Spar already knows from their changed Slack profile; someone unknown is not stored."""
    with session_scope() as session:
        if not team_id or find_user(session, team_id, info["id"]) is None:
            return False
        ensure_user(session, team_id, info["id"], **profile_of(info))
        return True


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
        # `/spar team add @user`, `/spar buddy invite @user`: a message of a thousand mentions asks Slack about 50.
        for person in list(dict.fromkeys(MENTION.findall(delivery.text)))[:MAX_MENTIONS_LOOKED_UP]:
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


async def replay_pending(clients: ClientFor, rasa: RasaClient) -> int:
    """Answer, in the order they came, the messages kept while Rasa (or its action server) was down; stops at the
    first that still waits.

    Each answer goes out with its workspace's client; a workspace that uninstalled Spar meanwhile keeps its messages
    unanswered (a reinstall answers them).
    """
    answered = 0
    if not await rasa.can_answer():
        return answered
    for message_id, delivery in await asyncio.to_thread(_pending):
        client = await clients(delivery.team_id)
        if client is None:
            continue
        if not await asyncio.to_thread(_claim, delivery.team_id, message_id):
            continue  # another bot replica is answering it
        if not await answer(delivery, client, rasa, replaying=True):
            break
        answered += 1
    return answered


async def keep_replaying(clients: ClientFor, rasa: RasaClient) -> None:
    """The bot's background loop that brings kept messages to the dialogue once it is back."""
    while True:
        try:
            answered = await replay_pending(clients, rasa)
            if answered:
                log.info("answered %d message(s) kept while Rasa was down", answered)
        except Exception:  # noqa: BLE001 - the loop must outlive a bad moment (database restarting, say)
            log.exception("replaying kept messages failed; trying again shortly")
        await asyncio.sleep(REPLAY_EVERY_SECONDS)
