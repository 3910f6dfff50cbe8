"""The sandbox's demo team, seeded from data/content/sandbox/demo_team.yml."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from coach.content import DATA_DIR, load_yaml
from coach.models import BuddyPair
from coach.people import ensure_user, ensure_workspace

DEMO_TEAM_FILE = DATA_DIR / "content" / "sandbox" / "demo_team.yml"


def load_demo_team(path: Path = DEMO_TEAM_FILE) -> dict[str, Any]:
    data = load_yaml(path)
    return {"team": dict(data["team"]), "users": [dict(u) for u in data["users"]]}


def seed_demo_team(session: Session, team: dict[str, Any]) -> None:
    """Create the demo workspace, its people, managers and buddy pair; running it again changes nothing."""
    team_id = team["team"]["id"]
    ensure_workspace(session, team_id, team["team"]["name"])
    users = {
        u["id"]: ensure_user(
            session, team_id, u["id"], name=u["name"], email=u.get("email"), role=u["role"], tz=u["tz"]
        )
        for u in team["users"]
    }
    for spec in team["users"]:
        if spec.get("manager") in users:
            users[spec["id"]].manager_id = users[spec["manager"]].id
        buddy = users.get(spec.get("buddy", ""))
        if buddy is not None and spec["id"] < buddy.slack_id:
            me = users[spec["id"]]
            paired = session.scalars(
                select(BuddyPair).where(
                    BuddyPair.team_id == team_id,
                    BuddyPair.status == "active",
                    or_(BuddyPair.user_a_id == me.id, BuddyPair.user_b_id == me.id),
                )
            ).first()
            if paired is None:
                session.add(BuddyPair(team_id=team_id, user_a_id=me.id, user_b_id=buddy.id))
    session.flush()
