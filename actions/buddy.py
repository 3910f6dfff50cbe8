"""Buddies in the dialogue: ask for a buddy, invite a colleague, end a pairing, see the buddy's week (never scores);
a manager pairs the whole team."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from actions.common import rep_in_session
from bot.blocks import with_buttons
from coach.buddies.pairing import (
    active_pair,
    buddy_view,
    display_name,
    end_pair,
    free_teammate,
    invite,
    members,
    pair_team,
    partners_of,
    pending_invite,
)
from coach.models import BuddyPair, User
from coach.people import MENTION, find_user

INVITE_NAME = re.compile(r"\b(?:invite|ask|pair (?:me )?with|pair up with|buddy up with)\s+@?([a-z][\w'-]*)", re.I)
END = re.compile(r"\b(end|stop|leave|quit|change)\b", re.I)


def colleague_named(session: Session, user: User, text: str) -> User | None:
    """The colleague a message names: a Slack mention, or a first or full name known in the workspace."""
    mention = MENTION.search(text)
    if mention:
        return find_user(session, user.team_id, mention.group(1))
    named = INVITE_NAME.search(text)
    if named is None or named.group(1).lower() in ("me", "someone", "a", "my", "somebody", "anyone"):
        return None
    first = named.group(1).lower()
    found = session.scalars(
        select(User).where(User.team_id == user.team_id, User.id != user.id, func.lower(User.name).like(f"{first}%"))
    ).all()
    return found[0] if len(found) == 1 else None


def invitation(session: Session, inviter: User, invitee: User, pair: BuddyPair) -> dict[str, Any]:
    text = (
        f"{display_name(inviter)} would like you as their practice buddy: midweek and at the week's end you'd each "
        "see the other's progress against their commitment and streak (never scores), and could cheer or nudge."
    )
    buttons = [("Accept", "buddy_accept", str(pair.id)), ("Decline", "buddy_decline", str(pair.id))]
    return {"to": invitee.slack_id, **with_buttons(text, "buddy_invite", buttons)}


class ActionFindBuddy(Action):
    def name(self) -> str:
        return "action_find_buddy"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        asked = tracker.latest_message.get("text") or ""
        notices: list[dict[str, Any]] = []
        with rep_in_session(tracker) as (session, user):
            pair = active_pair(session, user)
            if user.role in ("manager", "admin") and re.search(r"\b(pair|team)\b", asked, re.I):
                text, notices = pair_whole_team(session, user)
            elif pair is not None and END.search(asked):
                partners = partners_of(session, pair, user)
                end_pair(session, pair)
                note = f"{display_name(user)} ended your buddy pairing. `/spar buddy` finds you a new buddy."
                notices = [{"to": p.slack_id, "text": note} for p in partners]
                text = "Pairing ended. `/spar buddy` finds you a new buddy when you want one."
            elif pair is not None:
                views = [buddy_view(session, p) for p in partners_of(session, pair, user)]
                text = "Your buddy's week:\n" + "\n".join(views)
            else:
                text, notices = ask_for_buddy(session, user, colleague_named(session, user, asked))
        dispatcher.utter_message(text=text, json_message={"spar_notify": notices} if notices else None)
        return []


def ask_for_buddy(session: Session, user: User, named: User | None) -> tuple[str, list[dict[str, Any]]]:
    """Invite the named colleague, or a free teammate when nobody is named."""
    if (open_invite := pending_invite(session, user)) is not None:
        other = session.get(User, open_invite.user_b_id if open_invite.user_a_id == user.id else open_invite.user_a_id)
        if open_invite.user_b_id == user.id and other is not None:
            return f"{display_name(other)} has invited you: the Accept button is in my message above.", []
        return f"Your invitation to {display_name(other) if other else 'a colleague'} is still open.", []
    invitee = named or free_teammate(session, user)
    if invitee is None:
        return (
            "You don't have a buddy yet, and nobody on your team is free right now. "
            "Invite a colleague with `/spar buddy invite @name`, or ask your manager to pair the team.",
            [],
        )
    pair, refusal = invite(session, user, invitee)
    if pair is None:
        return refusal, []
    return (
        f"I've asked {display_name(invitee)} to be your buddy. I'll tell you when they answer.",
        [invitation(session, user, invitee, pair)],
    )


def pair_whole_team(session: Session, manager: User) -> tuple[str, list[dict[str, Any]]]:
    groups = pair_team(session, manager)
    if not groups:
        return "You have no reps to pair yet.", []
    names, notices = [], []
    for group in groups:
        people = [u for i in sorted(members(group)) if (u := session.get(User, i)) is not None]
        names.append(" & ".join(sorted(display_name(u) for u in people)))
        for person in people:
            others = " and ".join(display_name(o) for o in people if o.id != person.id)
            text = (
                f"{display_name(manager)} paired the team: your buddy is {others}. Midweek and at the week's end "
                "you'll see each other's progress and streak (never scores). `/spar commit` sets this week's goal."
            )
            notices.append({"to": person.slack_id, "text": text})
    return f"Paired your team into {len(groups)} group(s): " + "; ".join(names) + ".", notices
