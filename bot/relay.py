"""From a user's words to Rasa and back: the one path every DM, command and button takes."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Collection
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.exc import IntegrityError

from bot import mentions, posting, slack_connections, spool
from bot.blocks import notices_in, rasa_reply_to_message
from bot.installations import ClientFor
from bot.rasa_client import RasaClient, RasaTooSlow, RasaTurnFailed, RasaUnavailable
from bot.uploads import csv_in, heatmaps_in, share_file, upload_heatmap
from coach import inbox
from coach.db import DatabaseUnreachable, database_unreachable, first_line, session_scope
from coach.people import MENTION, ensure_user, find_user, valid_timezone
from coach.text import storable

log = logging.getLogger(__name__)

MOMENT = "Give me a moment: I've kept your message and will answer as soon as I'm back on my feet."
SORRY = "Sorry, something went wrong on my side. Your message is kept; please try again in a minute."
DATABASE_DOWN = "Sorry, I can't reach my records just now, so nothing was changed. Please try again in a few minutes."
SLOW = "Give me a moment: this one is taking me longer than usual."
SLOW_SECONDS = 3.0  # how long a user waits for the first reply before hearing SLOW
REPLAY_EVERY_SECONDS = 5.0
IN_FLIGHT_POLL_SECONDS = 0.2  # how often a message looks whether the user's earlier one has been answered
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
    nothing), so Slack's acknowledgement waits for one database write rather than two. While the database can't be
    reached the message goes to the bot's spool instead (so Slack still gets its acknowledgement), and so does every
    later one of the same user until `move_spooled` has moved theirs into the database: they stay in order.
    """
    if spool.holds_some_of(delivery.team_id, delivery.user_id):
        return spool.add(asdict(delivery))
    try:
        return _keep(delivery, claim)
    except DatabaseUnreachable as error:
        log.warning("database unreachable, a %s is spooled: %s", delivery.source, error)
        return spool.add(asdict(delivery))


@asynccontextmanager
async def unless_database_down(client: AsyncWebClient, user_id: str | None) -> AsyncIterator[None]:
    """For a listener that needs the database itself (not the dialogue): when it can't be reached, the user (if
    given) is told so plainly instead of a traceback in the log."""
    try:
        yield
    except DatabaseUnreachable as error:
        log.warning("database unreachable, a request went unanswered: %s", error)
        if user_id:
            await client.chat_postMessage(channel=user_id, text=DATABASE_DOWN)


def _as_stored(delivery: Delivery) -> dict[str, Any]:
    """The delivery as `coach.inbox` keeps it; ids are unique, and a delivery without one is still kept."""
    return {
        "team_id": delivery.team_id,
        "user_id": delivery.user_id,
        "channel": delivery.channel,
        "text": delivery.text,
        "source": delivery.source,
        "event_id": delivery.delivery_id or None,
    }


def _keep(delivery: Delivery, claim: bool) -> bool:
    if claim and delivery.delivery_id:
        try:
            with session_scope() as session:
                inbox.keep_event_message(session, **_as_stored(delivery))
                return True
        except IntegrityError:  # the same event came before (Slack's retry), or at once to another replica
            return False
    with session_scope() as session:
        if delivery.delivery_id and inbox.find_message(session, delivery.team_id, delivery.delivery_id):
            return False
        inbox.keep_message(session, **_as_stored(delivery))
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


def claim_row(team_id: str, channel: str, message_ts: str, block_id: str) -> bool:
    """True for the first press on a message's row of buttons, False for any later one (kept as a handled id)."""
    with session_scope() as session:
        return inbox.claim_once(session, team_id, "press", f"{channel}:{message_ts}:{block_id}")


def _mark(delivery: Delivery, status: str) -> None:
    if not delivery.delivery_id:
        return
    with session_scope() as session:
        message = inbox.find_message(session, delivery.team_id, delivery.delivery_id)
        if message is not None:
            inbox.mark_message(session, delivery.team_id, message.id, status)


def _turn_of(delivery: Delivery) -> tuple[bool, bool, bool]:
    """Whether the user's earlier messages still wait (in the spool, or pending in the database), so this one is
    answered after them; whether one is being answered now; and whether Spar knows the user's name already. One
    trip to the database."""
    if spool.holds_some_of(delivery.team_id, delivery.user_id):
        return True, False, False
    with session_scope() as session:
        user = find_user(session, delivery.team_id, delivery.user_id)
        waits, answering = inbox.waits_behind(session, delivery.team_id, delivery.user_id, delivery.delivery_id)
        return waits, answering, user is not None and bool(user.name)


async def _turn(delivery: Delivery, replaying: bool) -> tuple[bool, bool]:
    """Whether the message must wait behind the user's earlier ones, and whether Spar knows the user. While an
    earlier one is being answered (by this bot or another replica), this one waits for it, so Rasa hears them in
    the order they were typed."""
    if replaying:  # a message being replayed is the oldest that waits: its turn has come
        return False, False
    while True:
        waits, answering, known = await asyncio.to_thread(_turn_of, delivery)
        if waits or not answering:
            return waits, known
        await asyncio.sleep(IN_FLIGHT_POLL_SECONDS)


def _hold(delivery: Delivery) -> None:
    """The message waits to be replayed: as `pending` in the database, else in the spool."""
    if spool.holds(delivery.team_id, delivery.delivery_id):
        return
    try:
        _mark(delivery, "pending")
    except DatabaseUnreachable:
        spool.add(asdict(delivery))


def _first_failure(delivery: Delivery) -> bool:
    with session_scope() as session:
        return inbox.first_failure(session, delivery.team_id, delivery.delivery_id)


_unmarked: list[Delivery] = []  # answered while the database couldn't be reached: marked once it can


def set_aside(delivery: Delivery) -> None:
    """A kept delivery that gets no answer (a second press of a row of buttons): marked answered, so the user's
    next message doesn't wait for it."""
    _mark_answered(delivery)


def _mark_answered(delivery: Delivery) -> None:
    try:
        _mark(delivery, "processed")
    except DatabaseUnreachable:  # answered all the same; marked by the replay loop once the database is back
        log.warning("database unreachable, an answered %s is marked processed later", delivery.source)
        _unmarked.append(delivery)


def mark_unmarked() -> int:
    """Mark answered what was answered while the database was down (the user's next message waits for it till
    then); raises while the database is still down."""
    marked = 0
    while _unmarked:
        _mark(_unmarked[0], "processed")
        _unmarked.pop(0)
        marked += 1
    return marked


async def _dialogue_replies(
    delivery: Delivery, client: AsyncWebClient, rasa: RasaClient, replaying: bool
) -> AsyncIterator[dict[str, Any]] | None:
    """Rasa's replies to the message, each as it comes, once Rasa has taken it; None when it must wait: Rasa (or
    its action server) or the database is down, the user's earlier messages wait still, or the turn failed in Rasa
    for the first time before any reply. Rasa's tracker store and the action server use the database too, so a
    message is not sent to Rasa while the database is down."""
    try:
        # The two checks before Rasa, side by side: the user's turn (the database) and the action server.
        (waits, known), actions_up = await asyncio.gather(_turn(delivery, replaying), rasa.actions_up())
        if waits:
            return None
        if not actions_up:
            raise RasaUnavailable("the action server is not answering")
        if not known:
            await learn_user(client, delivery.team_id, delivery.user_id)
        # `/spar team add @user`, `/spar buddy invite @user`: a message of a thousand mentions asks Slack about 50.
        for person in list(dict.fromkeys(MENTION.findall(delivery.text)))[:MAX_MENTIONS_LOOKED_UP]:
            await learn_user(client, delivery.team_id, person, speaker=False)
        replies = rasa.send(f"{delivery.team_id}:{delivery.user_id}", delivery.text)
        try:
            first = await anext(replies, None)  # Rasa has the message once its first reply (or its end) is in
        except RasaTurnFailed as error:
            # Rasa saves a turn only when it ends well, and the user has seen nothing of this one: it is played
            # again once, when Rasa can answer; a second failure is apologised for.
            if not delivery.delivery_id or not await asyncio.to_thread(_first_failure, delivery):
                raise
            log.warning(
                "the dialogue failed on a %s before answering; it waits to be played again: %s", delivery.source, error
            )
            return None
        return _starting_with(first, replies)
    except RasaUnavailable as error:
        log.warning("Rasa unavailable, message kept as pending: %s", error)
        return None
    except DatabaseUnreachable as error:
        log.warning("database unreachable, message kept to answer later: %s", error)
        return None


async def _starting_with(
    first: dict[str, Any] | None, rest: AsyncIterator[dict[str, Any]]
) -> AsyncIterator[dict[str, Any]]:
    if first is not None:
        yield first
        async for reply in rest:
            yield reply


async def _post(delivery: Delivery, client: AsyncWebClient, reply: dict[str, Any]) -> None:
    message = rasa_reply_to_message(reply)
    if message is not None:
        await posting.post(client, delivery.reply_channel, message, delivery.thread_ts)
    for notice in notices_in(reply):  # to a colleague in the same workspace: a buddy invitation, say
        await client.chat_postMessage(**notice)
    table = csv_in(reply)
    if table is not None:  # the whole team summary, past its first page
        name, text = table
        await share_file(client, delivery.reply_channel, text, name, "The whole team summary", delivery.thread_ts)
    for heatmap in heatmaps_in(reply):
        await upload_heatmap(client, delivery.reply_channel, heatmap, delivery.thread_ts)


async def _apologise(delivery: Delivery, client: AsyncWebClient) -> None:
    """The user is asked to try again; the message is not replayed (it is marked answered)."""
    await client.chat_postMessage(channel=delivery.reply_channel, text=SORRY, thread_ts=delivery.thread_ts)
    with contextlib.suppress(Exception):  # noqa: BLE001 - already failing; the apology is what counts
        await asyncio.to_thread(_mark_answered, delivery)


async def answer(delivery: Delivery, client: AsyncWebClient, rasa: RasaClient, replaying: bool = False) -> bool:
    """Send the kept message through the dialogue and post every reply; True once it is answered.

    No error reaches the user as a traceback: when Rasa or the database is down the message waits (`pending`, or in
    the spool; the user is told once) and `keep_replaying` answers it later; anything else gets a plain apology.
    """
    client = slack_connections.pooled(client)
    try:
        if delivery.source == "mention" and await _kept_out_of_form(delivery, client, rasa):
            return True
        dialogue = asyncio.ensure_future(_dialogue_replies(delivery, client, rasa, replaying))
        done, _ = await asyncio.wait({dialogue}, timeout=SLOW_SECONDS)
        if not done and not replaying:  # a hung action server, a busy Rasa: the user hears something at once
            await client.chat_postMessage(channel=delivery.reply_channel, text=SLOW, thread_ts=delivery.thread_ts)
        replies = await dialogue
        if replies is None:
            await asyncio.to_thread(_hold, delivery)
    except Exception:
        log.exception("could not answer a %s", delivery.source)
        await _apologise(delivery, client)
        return False
    if replies is None:
        if not replaying:
            await client.chat_postMessage(channel=delivery.reply_channel, text=MOMENT, thread_ts=delivery.thread_ts)
            _replay_soon()  # it may wait only behind the user's earlier messages, with the dialogue up again
        return False
    try:
        async for reply in replies:  # each posted as it comes, while Rasa finishes the turn
            await _post(delivery, client, reply)
    except (RasaTurnFailed, RasaTooSlow) as error:  # replaying it could repeat what the user has seen
        log.warning("the dialogue failed partway through a %s: %s", delivery.source, error)
        await _apologise(delivery, client)
        return True
    except SlackApiError as error:  # Slack refused a reply (after its own retries): the user hears so
        log.warning("Slack refused a reply to a %s: %s", delivery.source, error.response.get("error"))
        with contextlib.suppress(SlackApiError):
            await _apologise(delivery, client)
        return True
    await asyncio.to_thread(_mark_answered, delivery)
    return True


async def _kept_out_of_form(delivery: Delivery, client: AsyncWebClient, rasa: RasaClient) -> bool:
    """A mention that came while a form is open in the DM is not its answer: the user is told, in the DM."""
    form = await rasa.open_form(f"{delivery.team_id}:{delivery.user_id}")
    if form is None:
        return False
    await client.chat_postMessage(
        channel=delivery.reply_channel, text=mentions.kept_out(form, delivery.channel, delivery.text)
    )
    await asyncio.to_thread(_mark_answered, delivery)
    return True


_answering: set[asyncio.Task[bool]] = set()  # held until done: the event loop keeps only weak references


def answer_soon(
    delivery: Delivery, client: AsyncWebClient, rasa: RasaClient, thread: tuple[str, str] | None = None
) -> None:
    """Answer a kept message in the background, from the listener that acknowledges it. (Bolt's lazy listeners
    deep-copy the whole request and its context first: about a millisecond more before Slack's acknowledgement.)
    With `thread` (a mention's channel and thread), a pointer to the DM goes there first."""
    task = asyncio.create_task(_point_then_answer(delivery, client, rasa, thread))
    _answering.add(task)
    task.add_done_callback(_answered)


async def _point_then_answer(
    delivery: Delivery, client: AsyncWebClient, rasa: RasaClient, thread: tuple[str, str] | None
) -> bool:
    if thread is not None:
        try:
            await client.chat_postMessage(channel=thread[0], thread_ts=thread[1], text=mentions.POINTER)
        except SlackApiError as error:  # the pointer is a courtesy: the answer in the DM is what counts
            log.warning("could not point to the DM in a channel: %s", error.response.get("error"))
    return await answer(delivery, client, rasa)


def _answered(task: asyncio.Task[bool]) -> None:
    _answering.discard(task)
    if not task.cancelled() and task.exception() is not None:
        log.error("answering a message failed", exc_info=task.exception())


def move_spooled() -> int:
    """Move what the spool kept while the database was down into the database, oldest first, as `pending` (so
    `replay_pending` answers it in order); a message the database has already is not doubled. Raises while the
    database is still down (the spool keeps what is left)."""
    moved = 0
    for seq, fields in spool.waiting():
        try:
            with session_scope() as session:
                inbox.keep_pending(session, **_as_stored(Delivery(**fields)))
        except IntegrityError:  # another bot replica sharing the spool moved it first
            pass
        spool.remove(seq)
        moved += 1
    return moved


def _pending(skip_teams: Collection[str] = ()) -> list[tuple[int, Delivery]]:
    with session_scope() as session:
        inbox.reclaim_stale(session)  # claims a stopped or failing bot left behind (at start-up too)
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
            for m in inbox.pending_messages(session, skip_teams=skip_teams)
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
    skipped: set[str] = set()  # workspaces without a client now (uninstalled): theirs must not hold up the rest
    while True:
        skipped_more = False
        for message_id, delivery in await asyncio.to_thread(_pending, frozenset(skipped)):
            if delivery.team_id in skipped:
                continue
            client = await clients(delivery.team_id)
            if client is None:
                skipped.add(delivery.team_id)
                skipped_more = True
                continue
            if not await asyncio.to_thread(_claim, delivery.team_id, message_id):
                continue  # another bot replica is answering it
            if not await answer(delivery, client, rasa, replaying=True):
                return answered
            answered += 1
        if not skipped_more:
            return answered


_wake_replayer: asyncio.Event | None = None  # the replay loop's, set while it runs


def _replay_soon() -> None:
    """Have the replay loop look now rather than at its next round: a user's messages kept behind an earlier one
    are answered as soon as the dialogue takes them, not seconds later."""
    if _wake_replayer is not None:
        _wake_replayer.set()


async def keep_replaying(clients: ClientFor, rasa: RasaClient) -> None:
    """The bot's background loop that brings kept messages to the dialogue once it is back: first it marks what was
    answered while the database was down, then moves what the spool kept meanwhile, then answers every pending
    message in order. It looks every few seconds, and at once when a message has just been kept."""
    global _wake_replayer
    _wake_replayer = wake = asyncio.Event()
    while True:
        wake.clear()
        try:
            await asyncio.to_thread(mark_unmarked)
            moved = await asyncio.to_thread(move_spooled)
            if moved:
                log.info("moved %d message(s) kept while the database was down into it", moved)
            answered = await replay_pending(clients, rasa)
            if answered:
                log.info("answered %d message(s) kept while Rasa or the database was down", answered)
        except Exception as error:  # noqa: BLE001 - the loop must outlive a bad moment
            if database_unreachable(error):
                log.warning("the database is unreachable; trying again shortly: %s", first_line(error))
            else:
                log.exception("replaying kept messages failed; trying again shortly")
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(wake.wait(), REPLAY_EVERY_SECONDS)
