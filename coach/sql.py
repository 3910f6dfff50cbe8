"""SQL said once for both databases."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ARRAY, Integer, Text, any_, cast, literal, type_coerce
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlalchemy.types import NullType


def among(session: Session, column: Any, ids: Iterable[int]) -> Any:
    """`column IN ids`. On PostgreSQL as `column = ANY(array)`: one parameter however many ids, where a summary of
    thousands of reps would render, send and plan thousands of parameters in each of its queries. The array goes as
    its text ('{1,2,3}'): psycopg2 adapts a list of ints one by one, 8 ms of CPU for 5,500 ids in every query."""
    if session.get_bind().dialect.name == "postgresql":
        listed = "{" + ",".join(map(str, ids)) + "}"  # a bound parameter: anything but ints fails the cast
        return column == any_(cast(literal(listed, Text), ARRAY(Integer)))
    return column.in_(list(ids))


def fetched(session: Session, statement: Any) -> list[tuple[Any, ...]]:
    """The statement's rows as plain tuples. On PostgreSQL straight from the driver's cursor, which converts every
    column type a team view reads itself: SQLAlchemy's rows, built one by one, are most of the time a summary of
    thousands of reps spends in Python. The session's pending changes are flushed first, as its queries do."""
    if session.get_bind().dialect.name != "postgresql":
        return [tuple(row) for row in session.execute(statement)]
    session._autoflush()  # as session.execute does: not while flushing (a flush's listeners read too)
    result = session.connection().execute(statement)
    try:
        return result.cursor.fetchall()
    finally:
        result.close()


def upsert(session: Session, table: Any, values: dict[str, Any]) -> None:
    """Insert the row, or update the one with the same primary key (two writers at once leave the last one's)."""
    dialect = session.get_bind().dialect.name
    insert: Any = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(table).values(values)
    keys = [column.name for column in table.primary_key]
    changed = {name: statement.excluded[name] for name in values if name not in keys}
    session.execute(statement.on_conflict_do_update(index_elements=keys, set_=changed))


def as_fetched(expression: Any) -> Any:
    """The expression's value as the driver hands it back: psycopg2 reads an array into a list itself, where
    SQLAlchemy's ARRAY type would walk every element again (a team view reads tens of thousands)."""
    return type_coerce(expression, NullType())
