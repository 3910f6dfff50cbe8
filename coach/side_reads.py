"""The reads of a large team view side by side, each on a connection of its own, all in one snapshot (PostgreSQL).

An admin's summary of thousands of reps is a dozen queries and the Python that turns their rows into reps. One after
another, the database and Python take turns; side by side, the database answers one read while Python works
through the rows of another, on the machine's other core. Each side read imports the asking transaction's snapshot
(`pg_export_snapshot`), so together they see the database as one moment, as a single session would.

Used only where that can't change an answer: on PostgreSQL, from `SIDE_BY_SIDE_FROM` people, and when the asking
transaction has written nothing (its own uncommitted rows are visible to it alone). Otherwise each read runs at
once in the asking session.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import func, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

SIDE_BY_SIDE_FROM = 500  # people in the view; below, the reads are quick enough one after another
THREADS = 4
SNAPSHOT_ID = re.compile(r"^[0-9A-F]+-[0-9A-F]+(-[0-9]+)?$")

T = TypeVar("T")
Read = Callable[..., "Future[Any]"]


@contextmanager
def side_by_side(session: Session, people: int) -> Iterator[Read]:
    """`read(function, *args)` → a future of `function(a_session, *args)`; every read has finished when the block
    ends."""
    snapshot = _snapshot(session) if people >= SIDE_BY_SIDE_FROM else None
    if snapshot is None:
        yield lambda function, *args: _done(function(session, *args))
        return
    engine = session.get_bind()
    with ThreadPoolExecutor(THREADS, thread_name_prefix="side-read") as pool:
        yield lambda function, *args: pool.submit(_in_snapshot, engine, snapshot, function, args)


def _snapshot(session: Session) -> str | None:
    """The asking transaction's snapshot id, when the side reads would see what it sees."""
    bind = session.get_bind()
    if not isinstance(bind, Engine) or bind.dialect.name != "postgresql":
        return None
    session.flush()
    written, snapshot = session.execute(select(func.txid_current_if_assigned(), func.pg_export_snapshot())).one()
    return snapshot if written is None and SNAPSHOT_ID.match(snapshot) else None


def _in_snapshot(engine: Engine, snapshot: str, function: Callable[..., T], args: tuple[Any, ...]) -> T:
    with Session(engine.execution_options(isolation_level="REPEATABLE READ")) as side:
        side.execute(text(f"SET TRANSACTION SNAPSHOT '{snapshot}'"))  # a literal only; checked as an id above
        try:
            return function(side, *args)
        finally:
            side.rollback()


def _done(value: T) -> Future[T]:
    future: Future[T] = Future()
    future.set_result(value)
    return future
