"""Configuration read from the environment (a `.env` file may set it)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SANDBOX_SIGNING_SECRET = "spar-sandbox-signing-secret"
SANDBOX_BOT_TOKEN = "xoxb-spar-sandbox"
# The header Spar's own processes show each other (bot → Rasa's channel, Rasa → action server): SPAR_INTERNAL_TOKEN.
INTERNAL_TOKEN_HEADER = "X-Spar-Token"


@dataclass(frozen=True)
class Settings:
    """Every setting the processes read; see the README's configuration table."""

    slack_bot_token: str | None
    slack_signing_secret: str | None
    slack_app_token: str | None
    slack_api_url: str | None
    slack_client_id: str | None
    slack_client_secret: str | None
    database_url: str
    rasa_url: str
    actions_url: str
    redis_url: str | None
    port: int
    bot_url: str  # where other processes reach the bot (the sandbox's Web API stand-in lives there)
    spool_dir: Path  # where the bot keeps what users say while the database is down (bot/spool.py)
    internal_token: str | None = None  # the secret Spar's processes show each other; `make run` makes one
    internal_host: str = "127.0.0.1"  # where Rasa and the action server listen (compose: its private network)

    @property
    def oauth(self) -> bool:
        """With an app's client id and secret, Spar is installed into many workspaces ("Add to Slack"), each with
        its own bot token, instead of using one `SLACK_BOT_TOKEN`."""
        return bool(self.slack_client_id and self.slack_client_secret)

    @property
    def sandbox(self) -> bool:
        """Without Slack credentials the bot runs the local sandbox."""
        single_workspace = self.slack_bot_token and (self.slack_signing_secret or self.slack_app_token)
        return not (self.oauth or single_workspace)

    @property
    def signing_secret(self) -> str | None:
        """Slack's signing secret; the sandbox's own (public) one only in the sandbox, never beside real tokens."""
        return self.slack_signing_secret or (SANDBOX_SIGNING_SECRET if self.sandbox else None)

    @property
    def bot_token(self) -> str:
        return self.slack_bot_token or SANDBOX_BOT_TOKEN

    @property
    def web_api_url(self) -> str | None:
        """Where the Web API lives: the sandbox's stand-in when there are no credentials."""
        if self.slack_api_url:
            return self.slack_api_url.rstrip("/") + "/"
        if self.sandbox:
            return f"http://127.0.0.1:{self.port}/sandbox/api/"
        return None


def default_database_url() -> str:
    return f"sqlite:///{PROJECT_ROOT / 'var' / 'spar.db'}"


def tracker_store_url(database_url: str) -> str:
    """Where Rasa keeps conversations, so a drill survives a restart: a file beside an SQLite database (two
    processes writing one SQLite file would wait on each other's locks), else the same server database."""
    from sqlalchemy.engine import make_url  # here, so a process that only reads text never loads SQLAlchemy

    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        return database_url
    folder = Path(url.database).resolve().parent if url.database else PROJECT_ROOT / "var"
    return f"sqlite:///{folder / 'rasa_tracker.db'}"


def rasa_tracker_url() -> str:
    """The tracker store Rasa uses (`RASA_TRACKER_URL`, else the default `spar run rasa` gives it)."""
    return os.environ.get("RASA_TRACKER_URL") or tracker_store_url(load_settings().database_url)


def load_settings() -> Settings:
    """Read the settings from the environment at call time (never at import)."""
    env = os.environ
    return Settings(
        slack_bot_token=env.get("SLACK_BOT_TOKEN") or None,
        slack_signing_secret=env.get("SLACK_SIGNING_SECRET") or None,
        slack_app_token=env.get("SLACK_APP_TOKEN") or None,
        slack_api_url=env.get("SLACK_API_URL") or None,
        slack_client_id=env.get("SLACK_CLIENT_ID") or None,
        slack_client_secret=env.get("SLACK_CLIENT_SECRET") or None,
        database_url=env.get("DATABASE_URL") or default_database_url(),
        rasa_url=(env.get("RASA_URL") or "http://localhost:5005").rstrip("/"),
        actions_url=(env.get("ACTIONS_URL") or "http://localhost:5055").rstrip("/"),
        redis_url=env.get("REDIS_URL") or None,
        port=int(env.get("PORT") or 3000),
        bot_url=(env.get("BOT_URL") or "http://127.0.0.1:3000").rstrip("/"),
        spool_dir=Path(env.get("SPAR_SPOOL_DIR") or PROJECT_ROOT / "var" / "spool"),
        internal_token=env.get("SPAR_INTERNAL_TOKEN") or None,
        internal_host=env.get("SPAR_INTERNAL_HOST") or "127.0.0.1",
    )
