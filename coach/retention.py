"""Transcript retention: a workspace may keep what its people typed for a number of days only.

`workspaces.retention_days` (None keeps everything) bounds the age of transcripts (`turns`), kept message
texts (`inbound_messages`) and the workspace's Rasa conversation events. Scores and the practice sessions
themselves stay: streaks and reports are made of them.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from coach.conversations import delete_old_workspace_events
from coach.models import InboundMessage, Turn, Workspace, utcnow


def set_retention(session: Session, team_id: str, days: int | None) -> bool:
    """Keep transcripts for `days` days (None: for ever); False when there is no such workspace."""
    if days is not None and days < 1:
        raise ValueError("retention is at least one day")
    workspace = session.get(Workspace, team_id)
    if workspace is None:
        return False
    workspace.retention_days = days
    return True


def apply_retention(
    session: Session, tracker: Connection | None, now: datetime | None = None
) -> dict[str, dict[str, int]]:
    """For each workspace with a setting, delete what is older than it; the rows removed per workspace and table."""
    now = now or utcnow()
    removed: dict[str, dict[str, int]] = {}
    workspaces = session.scalars(select(Workspace).where(Workspace.retention_days.is_not(None)))
    for workspace in workspaces.all():
        before = now - timedelta(days=workspace.retention_days)
        team = workspace.team_id
        turns = delete(Turn).where(Turn.team_id == team, Turn.created_at < before)
        messages = delete(InboundMessage).where(InboundMessage.team_id == team, InboundMessage.received_at < before)
        removed[team] = {
            "turns": session.execute(turns.execution_options(synchronize_session=False)).rowcount or 0,
            "inbound_messages": session.execute(messages.execution_options(synchronize_session=False)).rowcount or 0,
            "events": delete_old_workspace_events(tracker, team, before),
        }
    return removed
