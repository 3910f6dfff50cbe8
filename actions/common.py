"""What every action needs: who is talking, in which workspace."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from rasa_sdk import Tracker
from sqlalchemy.orm import Session

from coach.db import session_scope
from coach.models import User
from coach.people import ensure_user

CLOCK_TIME = re.compile(r"\bat (\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?\b", re.IGNORECASE)


def clock_time(text: str) -> str | None:
    """ "at 8:30", "at 5pm" as "HH:MM"; None when no time is named; ValueError for one that can't be (at 25)."""
    asked = CLOCK_TIME.search(text)
    if asked is None:
        return None
    hour, minute, half = int(asked.group(1)), int(asked.group(2) or 0), (asked.group(3) or "").lower()
    if half:  # 12am is midnight, 12pm noon
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        raise ValueError(asked.group(0))
    return f"{hour:02d}:{minute:02d}"


def workspace_and_user(tracker: Tracker) -> tuple[str, str]:
    """The bot sends conversations to Rasa as `TEAM_ID:USER_ID`, so one user's dialogue never mixes workspaces."""
    team_id, _, user_id = (tracker.sender_id or "").partition(":")
    if not team_id or not user_id:
        raise ValueError(f"sender id {tracker.sender_id!r} is not TEAM:USER")
    return team_id, user_id


@contextmanager
def rep_in_session(tracker: Tracker) -> Iterator[tuple[Session, User]]:
    """A database session and the person talking (created on first sight), committed when the block ends."""
    team_id, user_id = workspace_and_user(tracker)
    with session_scope() as session:
        yield session, ensure_user(session, team_id, user_id)


def started_this_turn(tracker: Tracker, action_name: str) -> bool:
    """True in the turn whose message started an activity: Rasa offers that message to the form as a first answer."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "action" and event.get("name") == action_name:
            return True
    return False
