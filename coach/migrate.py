"""Alembic migrations, run from code so `spar db upgrade` works from any folder."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, func, pool, select
from sqlalchemy.engine import make_url

from coach.settings import load_settings

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# PostgreSQL advisory lock key ("sparmigr" as a 64-bit number), held while migrations run; the scheduler's lease
# uses another key. Advisory locks are per database, so each database migrates on its own.
MIGRATION_LOCK = int.from_bytes(b"sparmigr", "big")


def alembic_config(database_url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", database_url or load_settings().database_url)
    return config


@contextmanager
def migration_lock(url: str) -> Iterator[None]:
    """On PostgreSQL, one migrator at a time: replicas starting together wait here, then find the schema at head.

    A session-level advisory lock on a connection of its own, so it outlives Alembic's transactions and goes
    away with the process if it dies. SQLite is one machine's file, and its own write lock serialises migrators.
    """
    if make_url(url).get_backend_name() != "postgresql":
        yield
        return
    engine = create_engine(url, poolclass=pool.NullPool, isolation_level="AUTOCOMMIT", future=True)
    try:
        with engine.connect() as connection:
            connection.execute(select(func.pg_advisory_lock(MIGRATION_LOCK)))
            try:
                yield
            finally:
                connection.execute(select(func.pg_advisory_unlock(MIGRATION_LOCK)))
    finally:
        engine.dispose()


def upgrade(database_url: str | None = None, revision: str = "head") -> None:
    """Bring the database at `database_url` (default: DATABASE_URL) up to `revision`, once however many run it."""
    url = database_url or load_settings().database_url
    if url.startswith("sqlite:///") and ":memory:" not in url:
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    with migration_lock(url):
        command.upgrade(alembic_config(url), revision)


def downgrade(database_url: str | None = None, revision: str = "base") -> None:
    url = database_url or load_settings().database_url
    with migration_lock(url):
        command.downgrade(alembic_config(url), revision)
