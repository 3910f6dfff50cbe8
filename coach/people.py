"""Workspaces, users and the roster. Every lookup is scoped to one workspace."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from coach.db import session_scope
from coach.models import User, Workspace

ROLES = ("rep", "manager", "admin")
MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")  # how Slack writes @someone in a message
SLACK_USER_ID = re.compile(r"[UW][A-Z0-9]+")
ROSTER_COLUMNS = ("slack_user_id", "name", "email", "role", "manager", "timezone")
OPTIONAL_COLUMNS = ("start_date",)  # YYYY-MM-DD: new hires (under 90 days) start their drills easy


def ensure_workspace(session: Session, team_id: str, name: str = "") -> Workspace:
    """The workspace row for `team_id`, created on first sight."""
    workspace = session.get(Workspace, team_id)
    if workspace is None:
        workspace = Workspace(team_id=team_id, name=name)
        session.add(workspace)
        session.flush()
    elif name and not workspace.name:
        workspace.name = name
    return workspace


def find_user(session: Session, team_id: str, slack_id: str) -> User | None:
    return session.scalars(select(User).where(User.team_id == team_id, User.slack_id == slack_id)).first()


def ensure_user(session: Session, team_id: str, slack_id: str, **profile: str | None) -> User:
    """The user, created on first contact; given profile fields that are set overwrite stored ones."""
    ensure_workspace(session, team_id)
    user = find_user(session, team_id, slack_id)
    if user is None:
        user = User(team_id=team_id, slack_id=slack_id, name="", tz="UTC", role="rep")
        session.add(user)
    for field in ("name", "email", "tz", "role"):
        value = profile.get(field)
        if value:
            setattr(user, field, value)
    session.flush()
    return user


@contextmanager
def user_scope(team_id: str, slack_id: str) -> Iterator[tuple[Session, User]]:
    """A session and the person talking (created on first sight), committed when the block ends: where each step
    of a conversation starts."""
    with session_scope() as session:
        yield session, ensure_user(session, team_id, slack_id)


def valid_timezone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


@dataclass
class RosterResult:
    imported: int
    errors: list[str]


def import_roster(session: Session, team_id: str, path: Path) -> RosterResult:
    """Create or update users from a CSV roster; rows with mistakes are reported by line, not imported."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in ROSTER_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            return RosterResult(0, [f"{path}: missing column(s): {', '.join(missing)}"])
        rows = list(enumerate(reader, start=2))
    errors: list[str] = []
    good: list[tuple[int, dict[str, str]]] = []
    first_line: dict[str, int] = {}
    for line, row in rows:
        row = {k: (v or "").strip() if isinstance(v, str) else "" for k, v in row.items() if k}
        problem = _roster_row_problem(row)
        if not problem and row["slack_user_id"] in first_line:
            problem = f"{row['slack_user_id']} is already on line {first_line[row['slack_user_id']]}: one row a person"
        if problem:
            errors.append(f"{path}:{line}: {problem}")
        else:
            first_line[row["slack_user_id"]] = line
            good.append((line, row))
    users = {
        row["slack_user_id"]: ensure_user(
            session,
            team_id,
            row["slack_user_id"],
            name=row["name"],
            email=row["email"] or None,
            role=row["role"],
            tz=row["timezone"],
        )
        for _, row in good
    }
    for _, row in good:
        if row.get("start_date"):
            users[row["slack_user_id"]].hired_on = date.fromisoformat(row["start_date"])
    for line, row in good:
        manager_id = row["manager"]
        if not manager_id:
            users[row["slack_user_id"]].manager_id = None
            continue
        manager = users.get(manager_id) or find_user(session, team_id, manager_id)
        if manager is None:
            errors.append(f"{path}:{line}: manager {manager_id} is not in the roster")
        else:
            users[row["slack_user_id"]].manager_id = manager.id
    session.flush()
    return RosterResult(len(good), errors)


ROSTER_LENGTHS = {"name": 200, "email": 320}  # the columns' sizes in the database
ROSTER_ID = re.compile(r"[UW][A-Z0-9]{2,31}")  # a Slack user id, as long as the database keeps one


def _roster_row_problem(row: dict[str, str]) -> str | None:
    if not ROSTER_ID.fullmatch(row.get("slack_user_id", "")):
        return f"slack_user_id {row.get('slack_user_id', '')[:40]!r} is not a Slack user id (U... or W...)"
    if row.get("manager") and not ROSTER_ID.fullmatch(row["manager"]):
        return f"manager {row['manager'][:40]!r} is not a Slack user id (U... or W...)"
    for column, longest in ROSTER_LENGTHS.items():
        if len(row.get(column) or "") > longest:
            return f"{column} is {len(row[column])} characters long, more than {longest}"
    if row.get("role") not in ROLES:
        return f"role {row.get('role')!r} is not one of {', '.join(ROLES)}"
    if not valid_timezone(row.get("timezone", "")):
        return f"timezone {row.get('timezone')!r} is not an IANA time zone such as Europe/London"
    try:
        if row.get("start_date"):
            date.fromisoformat(row["start_date"])
    except ValueError:
        return f"start_date {row['start_date']!r} is not a date such as 2026-09-01"
    return None


def add_to_team(session: Session, manager: User, text: str) -> str:
    """`/spar team add @user …`: the mentioned reps now report to this manager (never someone else's reports)."""
    return add_reps(session, manager, MENTION.findall(text))


def add_reps(session: Session, manager: User, slack_ids: Sequence[str]) -> str:
    """The reps with these Slack ids now report to this manager (never someone else's reports); what was done."""
    if manager.role != "manager":
        return "Only managers add reps to their team (admins already see everyone)."
    ids = [i for i in slack_ids if SLACK_USER_ID.fullmatch(i)]  # ids can come typed into a payload: only real ones
    if not ids:
        return "Mention who to add: `/spar team add @name` (several at once is fine)."
    done, refused = [], []
    for slack_id in dict.fromkeys(ids):
        rep = find_user(session, manager.team_id, slack_id)
        if rep is None:
            refused.append(f"<@{slack_id}> isn't someone I can find in this workspace")
        elif rep.id == manager.id or rep.role != "rep":
            refused.append(f"<@{slack_id}> is a {rep.role}, not a rep")
        elif rep.manager_id not in (None, manager.id):
            refused.append(f"<@{slack_id}> reports to another manager; an admin can move them with the roster import")
        else:
            rep.manager_id = manager.id
            done.append(f"<@{slack_id}>")
    session.flush()
    lines = [f"Added to your team: {', '.join(done)}. They'll show in `/spar team`."] if done else []
    return "\n".join(lines + [f"Not added: {r}." for r in refused])


def claim_day(session: Session, user: User, column: str, today: date) -> bool:
    """Set the user's `column` (a "last sent on" date) to today, only if it was not: the one who changes it sends.

    Committed at once, so two schedulers (or a job run twice) send a day's message once.
    """
    field = getattr(User, column)
    marked = session.execute(
        update(User)
        .where(User.id == user.id, or_(field.is_(None), field != today))
        .values({column: today})
        .execution_options(synchronize_session=False)
    )
    session.commit()
    if marked.rowcount:
        set_committed_value(user, column, today)  # what the database now holds: nothing left to write
    return bool(marked.rowcount)


def release_day(session: Session, user: User, column: str, today: date, before: date | None) -> None:
    """Undo `claim_day` (back to `before`) when the day's message certainly did not go out, so a later run sends
    it; a claim someone else has moved on since is left alone."""
    field = getattr(User, column)
    released = session.execute(
        update(User)
        .where(User.id == user.id, field == today)
        .values({column: before})
        .execution_options(synchronize_session=False)
    )
    session.commit()
    if released.rowcount:
        set_committed_value(user, column, before)
