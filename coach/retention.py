"""Transcript retention: a workspace may keep what its people typed for a number of days only.

`workspaces.retention_days` (None keeps everything) bounds the age of transcripts (`turns`), kept message
texts (`inbound_messages`), the workspace's Rasa conversation events and every other text people typed
(commitments, call objectives, debrief notes, account and buyer names). Scores, marks, counts and the practice
sessions themselves stay: streaks and reports are made of them.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from coach.conversations import delete_old_workspace_events
from coach.models import ChecklistRun, Commitment, Deal, InboundMessage, Turn, Workspace, utcnow


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
            "typed_texts": clear_typed_texts(session, team, before),
        }
    return removed


def clear_typed_texts(session: Session, team_id: str, before: datetime) -> int:
    """What people typed outside transcripts, once older than `before`: commitments' words, call objectives and
    debrief notes, and the account and buyer names of deals untouched since (a deal is then "Deal 12"). The counts,
    marks and stages stay. How many rows lost a text."""
    cleared = 0
    commitments = session.scalars(
        select(Commitment).where(Commitment.team_id == team_id, Commitment.created_at < before, Commitment.text != "")
    )
    for commitment in commitments:
        commitment.text = ""
        cleared += 1
    runs = session.scalars(
        select(ChecklistRun).where(ChecklistRun.team_id == team_id, ChecklistRun.created_at < before)
    )
    for run in runs:
        outcome = dict(run.outcome or {})
        typed_step = isinstance(outcome.get("next_step"), str) and outcome["next_step"] != ""
        if run.objective is None and run.backup_objective is None and not typed_step:
            continue
        run.objective = run.backup_objective = None
        if typed_step:
            run.outcome = {**outcome, "next_step": ""}
        cleared += 1
    for deal in session.scalars(select(Deal).where(Deal.team_id == team_id, Deal.updated_at < before)):
        if deal.account != f"Deal {deal.id}" or deal.buyer_name is not None:
            deal.account, deal.buyer_name = f"Deal {deal.id}", None
            cleared += 1
    session.flush()
    return cleared
