"""Rasa's stored conversations (its SQL tracker store), read and deleted with SQLAlchemy, without Rasa.

Rasa's `SQLTrackerStore` keeps one row per event in a table `events`; the conversation id (`sender_id`) Spar
gives a Slack user is `TEAM_ID:USER_ID` (see `bot/relay.py` and `actions/common.py`). Rasa creates the table
with the first conversation, so every function here treats a missing table, or a missing SQLite file, as an
empty store and never creates either.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text, create_engine, delete, inspect, select
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.orm import Session

# Rasa's column layout (rasa.core.tracker_store.SQLTrackerStore.SQLEvent), on a metadata of its own so that
# Spar's migrations never see the table.
events = Table(
    "events",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255), nullable=False, index=True),
    Column("type_name", String(255), nullable=False),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
    Column("data", Text),
)


def conversation_id(team_id: str, slack_id: str) -> str:
    """The Rasa conversation of a Slack user in one workspace."""
    return f"{team_id}:{slack_id}"


@contextmanager
def tracker_connection(url: str, session: Session | None = None) -> Iterator[Connection | None]:
    """A transaction on the tracker store at `url`, or None when it holds no conversations yet.

    When the tracker store is the database of `session` (the default on PostgreSQL), the session's own
    connection is used: one transaction, committed with the session, and no second writer waiting on the first.
    """
    parsed = make_url(url)
    if session is not None and _same_database(session, url):
        connection = session.connection()
        yield connection if inspect(connection).has_table(events.name) else None
        return
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        if not Path(str(parsed.database)).exists():
            yield None  # connecting would create the file
            return
    engine = create_engine(url, future=True)
    try:
        with engine.begin() as own:
            yield own if inspect(own).has_table(events.name) else None
    finally:
        engine.dispose()


def _same_database(session: Session, url: str) -> bool:
    bound = session.get_bind().engine.url
    return bound.render_as_string(hide_password=False) == make_url(url).render_as_string(hide_password=False)


def conversation_events(connection: Connection | None, sender_id: str) -> list[dict[str, Any]]:
    """Every stored event of one conversation, oldest first, with Rasa's serialised event parsed."""
    if connection is None:
        return []
    rows = connection.execute(select(events).where(events.c.sender_id == sender_id).order_by(events.c.id))
    return [
        {
            "id": row.id,
            "type_name": row.type_name,
            "timestamp": row.timestamp,
            "intent_name": row.intent_name,
            "action_name": row.action_name,
            "data": json.loads(row.data) if row.data else None,
        }
        for row in rows
    ]


def delete_conversation(connection: Connection | None, sender_id: str) -> int:
    """Remove one conversation; returns how many events went."""
    if connection is None:
        return 0
    return connection.execute(delete(events).where(events.c.sender_id == sender_id)).rowcount or 0


def delete_old_workspace_events(connection: Connection | None, team_id: str, before: datetime) -> int:
    """Remove the events older than `before` of every conversation in one workspace."""
    if connection is None:
        return 0
    prefix = team_id.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + ":%"
    result = connection.execute(
        delete(events).where(events.c.sender_id.like(prefix, escape="\\"), events.c.timestamp < before.timestamp())
    )
    return result.rowcount or 0
