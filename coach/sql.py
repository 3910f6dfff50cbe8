"""SQL said once for both databases."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ARRAY, Integer, any_, literal
from sqlalchemy.orm import Session


def among(session: Session, column: Any, ids: Iterable[int]) -> Any:
    """`column IN ids`. On PostgreSQL as `column = ANY(array)`: one parameter however many ids, where a summary of
    thousands of reps would render, send and plan thousands of parameters in each of its queries."""
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(literal(list(ids), ARRAY(Integer)))
    return column.in_(list(ids))
