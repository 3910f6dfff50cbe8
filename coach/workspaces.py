"""Whether Spar is installed in a workspace: what the Slack installation flow and uninstall events record here."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import text
from sqlalchemy.orm import Session

from coach.models import Workspace, utcnow
from coach.people import ensure_workspace


def mark_installed(session: Session, team_id: str, name: str = "") -> Workspace:
    """The app was installed (or reinstalled) in `team_id`: its scheduled jobs run again."""
    workspace = ensure_workspace(session, team_id, name)
    if name:
        workspace.name = name  # a workspace renamed since the last install
    workspace.uninstalled_at = None
    return workspace


def mark_uninstalled(session: Session, team_id: str, now: datetime | None = None) -> None:
    """The app was uninstalled from `team_id`, or its bot token revoked. The workspace's data stays (a reinstall
    picks up where it left off); `spar user delete` removes a person's."""
    workspace = session.get(Workspace, team_id)
    if workspace is not None and workspace.uninstalled_at is None:
        workspace.uninstalled_at = now or utcnow()


TOKEN_COLUMNS = {"slack_bots": ("bot_token",), "slack_installations": ("bot_token", "user_token")}


def reseal_tokens(session: Session) -> int:
    """Every stored Slack token encrypted with SPAR_TOKEN_KEYS' first key (`spar tokens rotate`): one stored in
    plain text before, or with an older key. How many were rewritten."""
    from coach.token_keys import reseal

    count = 0
    for table, columns in TOKEN_COLUMNS.items():
        for column in columns:
            rows = session.execute(text(f"SELECT id, {column} FROM {table} WHERE {column} IS NOT NULL")).all()
            for row_id, stored in rows:
                sealed = reseal(stored)
                if sealed != stored:
                    update = text(f"UPDATE {table} SET {column} = :value WHERE id = :id")
                    session.execute(update, {"value": sealed, "id": row_id})
                    count += 1
    return count
