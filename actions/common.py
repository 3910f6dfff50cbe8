"""What every action needs: who is talking, in which workspace, and what their message carries."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker

from coach.text import storable


def workspace_and_user(tracker: Tracker) -> tuple[str, str]:
    """The bot sends conversations to Rasa as `TEAM_ID:USER_ID`, so one user's dialogue never mixes workspaces."""
    team_id, _, user_id = (tracker.sender_id or "").partition(":")
    if not team_id or not user_id:
        raise ValueError(f"sender id {tracker.sender_id!r} is not TEAM:USER")
    return team_id, user_id


def entity_values(tracker: Tracker, name: str) -> list[str] | None:
    """Every value of entity `name` in the latest message (a button's or a slash command's); None when it has none.

    Rasa decodes entities from any message written as a payload, typed ones too: the values are the user's words.
    """
    entities = tracker.latest_message.get("entities") or []
    values = [e.get("value") for e in entities if isinstance(e, dict) and e.get("entity") == name]
    return [storable(str(v)) for v in values if v is not None] or None


def entity(tracker: Tracker, name: str) -> str | None:
    """The first value of entity `name` in the latest message; None when it has none."""
    values = entity_values(tracker, name)
    return values[0] if values else None


def words(tracker: Tracker) -> str:
    """What the rep asked, in their words: a slash command's arguments (`details`), else the message itself."""
    return entity(tracker, "details") or storable(tracker.latest_message.get("text") or "")


def button(title: str, payload: str) -> dict[str, Any]:
    """A button in a reply, whose press sends `payload` to the dialogue."""
    return {"title": title, "payload": payload}
