"""Buddy buttons: accept or decline an invitation, encourage or nudge from a check-in, keep going or end a pair.

Each button carries a row id; it only acts when that row belongs to the person pressing it, in their workspace.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from coach.buddies.checkins import answer_checkin, decide_pair
from coach.buddies.pairing import answer_invite, display_name, members
from coach.db import session_scope
from coach.models import User
from coach.people import find_user

CHOICES = ("accept", "decline", "encourage", "nudge", "keep", "end")
NOT_YOURS = "That button isn't for you any more (the invitation or pairing has changed)."
Messages = list[tuple[str, str]]  # (Slack user id, text)


def press_buddy_button(team_id: str, slack_id: str, choice: str, value: str) -> tuple[str, Messages]:
    """What the presser is told, and what others get: all from the database, in the presser's workspace."""
    if not value.isdigit() or choice not in CHOICES:
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


def _answer_invite(session: Session, user: User, pair_id: int, accept: bool) -> tuple[str, Messages]:
    pair = answer_invite(session, user, pair_id, accept)
    if pair is None:
        return NOT_YOURS, []
    inviter = session.get(User, pair.user_a_id)
    if inviter is None:
        return NOT_YOURS, []
    if pair.status == "lapsed":
        return (
            f"{display_name(inviter)} has found a buddy since inviting you, so that invitation has lapsed. "
            "`/spar buddy` finds you a free teammate.",
            [],
        )
    if not accept:
        return "Invitation declined.", [(inviter.slack_id, f"{display_name(user)} declined your buddy invitation.")]
    week = " Midweek and at the week's end you'll each see the other's progress and streak (never scores)."
    return f"You and {display_name(inviter)} are buddies now.{week}", [
        (inviter.slack_id, f"{display_name(user)} accepted: you're buddies now.{week}")
    ]
