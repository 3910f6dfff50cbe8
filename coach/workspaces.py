"""Whether Spar is installed in a workspace: what the Slack installation flow and uninstall events record here."""

from __future__ import annotations

from datetime import datetime

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
