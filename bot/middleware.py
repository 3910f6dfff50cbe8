"""Global middleware: requests Spar can't act on are refused before anything is stored, and a delivery that comes
again (Slack's retry of an event, or a replayed command or button press) changes nothing."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.response import BoltResponse

from coach.db import DatabaseUnreachable, session_scope
from coach.inbox import claim_event

log = logging.getLogger(__name__)

SLACK_ID = re.compile(r"^[A-Za-z0-9._-]{1,32}$")  # team, user and channel ids (they fit the database's columns)
DELIVERY_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")  # event ids and trigger ids
HANDLED_EVENTS = ("message", "app_mention", "app_home_opened")  # the events whose user and channel listeners read
NOT_THIS_WORKSPACE = (
    "Spar isn't installed in this Slack workspace, so it can't answer here. "
    "Ask whoever added Spar to your Slack to add it to this workspace too."
)
UNREADABLE = "Spar couldn't read that request, so nothing was done. Please try again."
# Events whose listeners claim the event id in the transaction that keeps the message (bot/listeners/events.py):
# one database write before Slack's acknowledgement instead of two.
CLAIMED_WHEN_KEPT = ("message", "app_mention")


def _fits(value: Any, shape: re.Pattern[str], optional: bool = False) -> bool:
    return (optional and value is None) or (isinstance(value, str) and bool(shape.match(value)))


def workspaces_named(body: dict[str, Any]) -> set[Any]:
    """Every workspace id the request names where a listener or Bolt's authorization could read it."""
    team, user, authorizations = body.get("team"), body.get("user"), body.get("authorizations")
    named = {body.get("team_id"), team.get("id") if isinstance(team, dict) else team}
    if isinstance(authorizations, list) and authorizations and isinstance(authorizations[0], dict):
        named.add(authorizations[0].get("team_id"))
    if named == {None} and isinstance(user, dict):  # interactivity from an org-wide install names only the user's
        named.add(user.get("team_id"))
    return named - {None}


def _readable_event(body: dict[str, Any]) -> bool:
    event = body.get("event")
    if not isinstance(event, dict) or not isinstance(event.get("type"), str):
        return False
    if not _fits(body.get("event_id"), DELIVERY_ID, optional=True):
        return False
    if event["type"] not in HANDLED_EVENTS:
        return True
    if event["type"] == "app_home_opened":
        return _fits(event.get("user"), SLACK_ID)
    # A bot's message or an edit comes without a user: nothing for Spar to answer, so it is dropped here too.
    ids = (body.get("event_id"), event.get("client_msg_id"), event.get("ts"))
    return (
        _fits(event.get("user"), SLACK_ID)
        and _fits(event.get("channel"), SLACK_ID)
        and isinstance(event.get("text", ""), str)
        and all(_fits(i, DELIVERY_ID, optional=True) for i in (*ids, event.get("thread_ts")))
        and (_fits(event.get("ts"), DELIVERY_ID) if event["type"] == "app_mention" else any(ids))
    )


def _readable_command(body: dict[str, Any]) -> bool:
    return (
        _fits(body.get("user_id"), SLACK_ID)
        and _fits(body.get("channel_id"), SLACK_ID, optional=True)
        and isinstance(body.get("text", ""), str)
        and _fits(body.get("trigger_id"), DELIVERY_ID, optional=True)
    )


def _readable_button_press(body: dict[str, Any]) -> bool:
    user, channel, actions = body.get("user"), body.get("channel"), body.get("actions")
    return (
        isinstance(user, dict)
        and _fits(user.get("id"), SLACK_ID)
        and isinstance(body.get("team"), (dict, type(None)))
        and (channel is None or (isinstance(channel, dict) and _fits(channel.get("id"), SLACK_ID)))
        and isinstance(actions, list)
        and len(actions) > 0
        and all(
            isinstance(a, dict)
            and isinstance(a.get("action_id"), str)
            and isinstance(a.get("value", ""), str)
            and _fits(a.get("action_ts"), DELIVERY_ID, optional=True)
            for a in actions
        )
        and _fits(body.get("trigger_id"), DELIVERY_ID, optional=True)
    )


def readable(body: dict[str, Any]) -> bool:
    """Whether the fields the listeners read are there, of the right type and shaped like Slack's (so they fit
    the database's columns); a request of a kind Spar has no listener for is left to Bolt."""
    if body.get("type") == "event_callback":
        return _readable_event(body)
    if "command" in body:
        return _readable_command(body)
    if body.get("type") == "block_actions":
        return _readable_button_press(body)
    return True


def _refusal(body: dict[str, Any], text: str, status: int) -> BoltResponse:
    if body.get("type") == "event_callback":
        return BoltResponse(status=200, body="")  # acknowledged, so Slack doesn't retry what Spar won't handle
    if "command" in body:
        return BoltResponse(status=200, body=text)  # Slack shows a command's answer to whoever typed it
    return BoltResponse(status=status, body="")


async def refuse_unreadable(body: dict[str, Any], next: Callable[[], Awaitable[None]]) -> BoltResponse | None:
    """Refuse, before anything is stored (and before Bolt's authorization reads the body), a request missing what
    the listeners read: events are acknowledged and dropped, a slash command is told, anything else gets a 400."""
    if not readable(body):
        log.warning("refused a request (%s) missing fields Spar reads", body.get("type") or "slash command")
        return _refusal(body, UNREADABLE, 400)
    await next()
    return None


async def refuse_other_workspaces(
    body: dict[str, Any], context: AsyncBoltContext, next: Callable[[], Awaitable[None]]
) -> BoltResponse | None:
    """Refuse, before anything is stored, a request from a workspace other than the one whose token answers it.

    With one `SLACK_BOT_TOKEN`, Spar serves that token's workspace only: a request naming another (a Slack Connect
    guest's workspace, an app shared beyond its install, a forged body) would store rows under a workspace Spar
    can't answer in, so it is refused: events are acknowledged and dropped, a slash command is told why. With
    OAuth, Bolt already refuses a workspace without an installation, and this keeps every id a body names equal
    to the installation's.
    """
    authorized = context.authorize_result.team_id if context.authorize_result is not None else None
    named = workspaces_named(body)
    if authorized and named != {authorized}:
        log.warning("refused a request from workspace(s) %s: this token serves %s", sorted(map(str, named)), authorized)
        return _refusal(body, NOT_THIS_WORKSPACE, 200)
    if not authorized and not all(_fits(team, SLACK_ID) for team in named):
        return _refusal(body, UNREADABLE, 400)
    await next()
    return None


def _claim(team_id: str, delivery_id: str) -> bool:
    """True unless this delivery was seen before. With the database unreachable it counts as unseen: the listener
    keeps it in the bot's spool, which knows its own repeats."""
    try:
        with session_scope() as session:
            return claim_event(session, team_id, delivery_id)
    except DatabaseUnreachable:
        log.warning("database unreachable, delivery %s not claimed", delivery_id)
        return True


def delivery_id_of(body: dict[str, Any]) -> str | None:
    """Slack's id for this delivery: an event's id, else a command's or button press's trigger id (Slack never
    retries those, so a second one is a replay). None for what a listener claims itself."""
    if body.get("type") == "event_callback":
        event = body.get("event")
        if isinstance(event, dict) and event.get("type") in CLAIMED_WHEN_KEPT:
            return None
        return body.get("event_id")
    if "command" in body or body.get("type") == "block_actions":
        return body.get("trigger_id")
    return None


async def skip_repeated_events(body: dict[str, Any], next: Callable[[], Awaitable[None]]) -> BoltResponse | None:
    """Acknowledge a repeated delivery at once without handling it again."""
    delivery_id = delivery_id_of(body)
    team_id = min(map(str, workspaces_named(body)), default="")  # one id by now: the guard above checked them
    if delivery_id and not await asyncio.to_thread(_claim, team_id, delivery_id):
        return BoltResponse(status=200, body="")
    await next()
    return None
