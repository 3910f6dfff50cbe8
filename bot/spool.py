"""The bot's spool: what users said while the database could not be reached, in a small SQLite file of the bot's
own, until `bot/relay.py` moves it into the database and answers it.

One file per database (named after it), so bots of different databases on one machine never take each other's
messages; bot replicas of one database on one machine share it. A commit is fsynced (SQLite's default), so a
message acknowledged to Slack survives a crash of the bot.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from coach.settings import load_settings

FIELDS = ("team_id", "user_id", "text", "source", "delivery_id", "channel", "reply_channel", "thread_ts")
SCHEMA = """
CREATE TABLE IF NOT EXISTS deliveries (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,  -- the order the messages came in, kept when they move
    team_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    text TEXT NOT NULL,
    source TEXT NOT NULL,
    delivery_id TEXT,  -- NULL when Slack gave none: never a repeat
    channel TEXT NOT NULL,
    reply_channel TEXT NOT NULL,
    thread_ts TEXT,
    UNIQUE (team_id, delivery_id)
)
"""


def spool_path() -> Path:
    """The spool of the database in `DATABASE_URL`, under `SPAR_SPOOL_DIR` (the password plays no part)."""
    settings = load_settings()
    database = make_url(settings.database_url).render_as_string(hide_password=True)
    return settings.spool_dir / f"spool-{hashlib.sha256(database.encode()).hexdigest()[:16]}.db"


@contextmanager
def _spool(create: bool = True) -> Iterator[sqlite3.Connection | None]:
    """A connection in one transaction (committed on success), or None when there is no spool and `create` is
    false: the usual case, the database up, costs no file."""
    path = spool_path()
    if not create and not path.exists():
        yield None
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(path, timeout=30)) as connection:
        with connection:
            connection.execute(SCHEMA)
            yield connection


def add(delivery: dict[str, Any]) -> bool:
    """Keep a delivery (`bot.relay.Delivery`'s fields) until the database is back; False when it is kept already
    (Slack's retry of it)."""
    values = [delivery[name] for name in FIELDS]
    values[FIELDS.index("delivery_id")] = delivery["delivery_id"] or None
    with _spool() as connection:
        assert connection is not None
        placeholders = ", ".join("?" for _ in FIELDS)
        cursor = connection.execute(
            f"INSERT OR IGNORE INTO deliveries ({', '.join(FIELDS)}) VALUES ({placeholders})", values
        )
        return cursor.rowcount == 1


def holds(team_id: str, delivery_id: str) -> bool:
    """Whether this delivery waits here."""
    if not delivery_id:  # kept without one: never a repeat
        return False
    with _spool(create=False) as connection:
        if connection is None:
            return False
        found = "SELECT 1 FROM deliveries WHERE team_id = ? AND delivery_id = ?"
        return connection.execute(found, (team_id, delivery_id)).fetchone() is not None


def holds_some_of(team_id: str, user_id: str) -> bool:
    """Whether any message of this user waits here: their next one waits behind it, so the order they typed is
    the order they are answered in."""
    with _spool(create=False) as connection:
        if connection is None:
            return False
        found = "SELECT 1 FROM deliveries WHERE team_id = ? AND user_id = ?"
        return connection.execute(found, (team_id, user_id)).fetchone() is not None


def waiting() -> list[tuple[int, dict[str, Any]]]:
    """Every delivery kept here, oldest first, each with its place in the spool (for `remove`)."""
    with _spool(create=False) as connection:
        if connection is None:
            return []
        rows = connection.execute(f"SELECT seq, {', '.join(FIELDS)} FROM deliveries ORDER BY seq").fetchall()
    deliveries = [(row[0], dict(zip(FIELDS, row[1:], strict=True))) for row in rows]
    return [(seq, {**fields, "delivery_id": fields["delivery_id"] or ""}) for seq, fields in deliveries]


def remove(seq: int) -> None:
    """Forget a delivery once the database has it."""
    with _spool() as connection:
        assert connection is not None
        connection.execute("DELETE FROM deliveries WHERE seq = ?", (seq,))
