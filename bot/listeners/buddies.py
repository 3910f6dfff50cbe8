"""Buddy buttons: accept or decline an invitation, encourage or nudge from a check-in, keep going or end a pair.

Each button carries a row id; it only acts when that row belongs to the person pressing it, in their workspace.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.listeners.interactivity import show_choice
from bot.rasa_client import RasaClient
from bot.relay import unless_database_down
from coach.buddies.checkins import answer_checkin, decide_pair
from coach.buddies.pairing import answer_invite, display_name, members
from coach.db import session_scope
from coach.models import User
from coach.people import find_user

BUDDY_BUTTON = re.compile(r"^buddy_(accept|decline|encourage|nudge|keep|end)$")
NOT_YOURS = "That button isn't for you any more (the invitation or pairing has changed)."
Messages = list[tuple[str, str]]  # (Slack user id, text)


def press_buddy_button(team_id: str, slack_id: str, choice: str, value: str) -> tuple[str, Messages]:
    """What the presser is told, and what others get: all from the database, in the presser's workspace."""
    if not value.isdigit():
        return NOT_YOURS, []
    with session_scope() as session:
        user = find_user(session, team_id, slack_id)
        if user is None:
            return NOT_YOURS, []
        if choice in ("accept", "decline"):
            return _answer_invite(session, user, int(value), choice == "accept")
        if choice in ("encourage", "nudge"):
            answered = answer_checkin(session, user, int(value), choice)
            if answered is None:
                return NOT_YOURS, []
            partners, text = answered
            sent = "Encouragement sent" if choice == "encourage" else "Nudge sent"
            return f"{sent} to {', '.join(display_name(p) for p in partners)}.", [(p.slack_id, text) for p in partners]
        pair = decide_pair(session, user, int(value), keep=choice == "keep")
        if pair is None:
            return NOT_YOURS, []
        others = [u for i in members(pair) - {user.id} if (u := session.get(User, i)) is not None]
        if choice == "keep":
            return "Good: you stay buddies. Check-ins carry on midweek and at the week's end.", []
        note = f"{display_name(user)} ended your buddy pairing. `/spar buddy` finds you a new buddy."
        return "Pairing ended. `/spar buddy` finds you a new buddy when you want one.", [
            (o.slack_id, note) for o in others
        ]


def _answer_invite(session: Any, user: User, pair_id: int, accept: bool) -> tuple[str, Messages]:
    pair = answer_invite(session, user, pair_id, accept)
    if pair is None:
        return NOT_YOURS, []
    inviter = session.get(User, pair.user_a_id)
    if inviter is None:
        return NOT_YOURS, []
    if not accept:
        return "Invitation declined.", [(inviter.slack_id, f"{display_name(user)} declined your buddy invitation.")]
    week = " Midweek and at the week's end you'll each see the other's progress and streak (never scores)."
    return f"You and {display_name(inviter)} are buddies now.{week}", [
        (inviter.slack_id, f"{display_name(user)} accepted: you're buddies now.{week}")
    ]


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
