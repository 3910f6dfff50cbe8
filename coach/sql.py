"""SQL said once for both databases."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ARRAY, Integer, any_, literal, type_coerce
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlalchemy.types import NullType


def among(session: Session, column: Any, ids: Iterable[int]) -> Any:
    """`column IN ids`. On PostgreSQL as `column = ANY(array)`: one parameter however many ids, where a summary of
    thousands of reps would render, send and plan thousands of parameters in each of its queries."""
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(literal(list(ids), ARRAY(Integer)))
    return column.in_(list(ids))


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
