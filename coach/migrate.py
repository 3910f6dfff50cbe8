"""Alembic migrations, run from code so `spar db upgrade` works from any folder."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from coach.settings import load_settings

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(database_url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", database_url or load_settings().database_url)
    return config


def upgrade(database_url: str | None = None, revision: str = "head") -> None:
    """Bring the database at `database_url` (default: DATABASE_URL) up to `revision`."""
    url = database_url or load_settings().database_url
    if url.startswith("sqlite:///") and ":memory:" not in url:
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(url), revision)


def downgrade(database_url: str | None = None, revision: str = "base") -> None:
    command.downgrade(alembic_config(database_url), revision)
