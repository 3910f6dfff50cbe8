"""What every action needs: who is talking, in which workspace."""

from __future__ import annotations

from rasa_sdk import Tracker


def workspace_and_user(tracker: Tracker) -> tuple[str, str]:
    """The bot sends conversations to Rasa as `TEAM_ID:USER_ID`, so one user's dialogue never mixes workspaces."""
    team_id, _, user_id = (tracker.sender_id or "").partition(":")
    if not team_id or not user_id:
        raise ValueError(f"sender id {tracker.sender_id!r} is not TEAM:USER")
    return team_id, user_id
