"""Engines and sessions. Nothing connects at import time."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

# Imported for their listeners: every session keeps its sessions' skill rows in step, and its reps' streak marks true.
from coach.practice import session_skills, streak_marks  # noqa: F401
from coach.settings import load_settings

CONNECT_TIMEOUT_SECONDS = 2


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite gets its folder, foreign keys, a busy timeout and a pool of open connections."""
    on_disk = url.startswith("sqlite:///") and ":memory:" not in url
    if on_disk:
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    if url.startswith("sqlite"):
        # SQLAlchemy 1.4 would open a new connection per session for a file; closing the last one checkpoints the
        # WAL into the database, so every write cost several fsyncs (35 ms here, twice on Slack's ack path). Kept
        # open, a commit is one WAL append and fsync (SQLAlchemy 2.0's default; bench/load.py measures it).
        pooled = {"poolclass": QueuePool} if on_disk else {}
        engine = create_engine(url, future=True, connect_args={"timeout": 30, "check_same_thread": False}, **pooled)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            # SQLite's advice for WAL: a commit is not fsynced, so the write lock is held for microseconds and
            # Slack's ack path (which commits the message before answering) stays fast under load. The file cannot
            # be corrupted and a commit survives a crash of any process; only an OS crash or power cut may lose
            # the last commits (deployments that need more use PostgreSQL).
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    # A server that is down refuses at once; one that can't be reached (a network cut) would hold Slack's
    # acknowledgement for the operating system's TCP timeout, minutes, instead of letting the bot spool the message.
    connect_args = {"connect_timeout": CONNECT_TIMEOUT_SECONDS} if make_url(url).get_driver_name() == "psycopg2" else {}
    return create_engine(url, future=True, pool_pre_ping=True, connect_args=connect_args)


class DatabaseUnreachable(Exception):
    """The database can't be reached now (stopped, restarting, the connection cut), as opposed to a mistake in
    what was asked of it: the same request can succeed once it is back. `session_scope` raises it."""


def database_unreachable(error: BaseException) -> bool:
    """Whether `error` is, or comes from, the database being out of reach (`session_scope` raises
    `DatabaseUnreachable`; Bolt's and slack_sdk's stores, with their own connections, SQLAlchemy's errors)."""
    if isinstance(error, (DatabaseUnreachable, OperationalError, InterfaceError)):
        return True
    return isinstance(error, DBAPIError) and error.connection_invalidated


def first_line(error: BaseException) -> str:
    """What a log needs of a database error (SQLAlchemy's text runs on with the statement and its parameters)."""
    return str(error).strip().split("\n", 1)[0]


@cache
def _session_factory(url: str) -> sessionmaker:
    return sessionmaker(bind=make_engine(url), future=True, expire_on_commit=False)


def engine_for(url: str | None = None) -> Engine:
    return _session_factory(url or load_settings().database_url).kw["bind"]


@contextmanager
def session_scope(url: str | None = None) -> Iterator[Session]:
    """A session that commits on success and rolls back on error; `DatabaseUnreachable` when the database can't be
    reached."""
    session: Session = _session_factory(url or load_settings().database_url)()
    try:
        yield session
        session.commit()
    except BaseException as error:
        session.rollback()
        if database_unreachable(error):
            raise DatabaseUnreachable(first_line(error)) from error
        raise
    finally:
        session.close()
