"""A user's data, all of it: export it as one document, or delete it.

A user is a Slack user id in one workspace; the same id in another workspace is someone else's data. What
is stored about them: their `users` row and, through it, practice sessions with their turns, deals with
their stage changes, checklist runs, commitments, buddy pairs, check-ins, skill memories and pauses; the
messages they typed (`inbound_messages`, kept by Slack id); and their Rasa conversation (`events`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any

from sqlalchemy import delete, inspect, or_, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from coach.conversations import conversation_events, conversation_id, delete_conversation
from coach.models import (
    BuddyPair,
    CheckIn,
    ChecklistRun,
    Commitment,
    Deal,
    DealStageChange,
    InboundMessage,
    PracticePause,
    PracticeSession,
    SkillMemory,
    Turn,
    User,
    utcnow,
)
from coach.people import find_user

OWNED_BY_USER = (  # tables with a user_id column: every row is the user's
    ("checklist_runs", ChecklistRun),
    ("commitments", Commitment),
    ("checkins", CheckIn),
    ("skill_memories", SkillMemory),
    ("practice_pauses", PracticePause),
)


def workspaces_of(session: Session, slack_id: str) -> list[str]:
    """The workspaces holding anything about this Slack user id (a user row or a kept message)."""
    users = select(User.team_id).where(User.slack_id == slack_id)
    messages = select(InboundMessage.team_id).where(InboundMessage.user_slack_id == slack_id)
    return sorted(set(session.scalars(users)) | set(session.scalars(messages)))


def export_user(session: Session, tracker: Connection | None, team_id: str, slack_id: str) -> dict[str, Any]:
    """Everything stored about one user of one workspace, as JSON-ready data.

    Buddy pairs name the partners by Slack id only; their data is theirs. `tracker` is the Rasa tracker
    store (None when it has no conversations yet).
    """
    user = find_user(session, team_id, slack_id)
    sender_id = conversation_id(team_id, slack_id)
    document: dict[str, Any] = {
        "team_id": team_id,
        "slack_id": slack_id,
        "exported_at": _value(utcnow()),
        "user": None,
        "practice_sessions": [],
        "deals": [],
        **{name: [] for name, _ in OWNED_BY_USER},
        "buddy_pairs": [],
        "inbound_messages": [_row(m) for m in _messages(session, team_id, slack_id)],
        "conversation": {"sender_id": sender_id, "events": conversation_events(tracker, sender_id)},
    }
    if user is None:
        return document
    manager = session.get(User, user.manager_id) if user.manager_id else None
    document["user"] = {**_row(user), "manager_slack_id": manager.slack_id if manager else None}
    document["practice_sessions"] = [
        {**_row(practice), "turns": [_row(turn) for turn in practice.turns]}
        for practice in _owned(session, PracticeSession, user)
    ]
    deals = session.scalars(select(Deal).where(Deal.team_id == team_id, Deal.owner_id == user.id).order_by(Deal.id))
    document["deals"] = [{**_row(deal), "stage_changes": [_row(c) for c in deal.stage_changes]} for deal in deals]
    for name, model in OWNED_BY_USER:
        document[name] = [_row(row) for row in _owned(session, model, user)]
    for pair in _pairs(session, user):
        members = [m for m in (pair.user_a_id, pair.user_b_id, pair.user_c_id) if m and m != user.id]
        partners = session.scalars(select(User.slack_id).where(User.id.in_(members)).order_by(User.slack_id))
        document["buddy_pairs"].append(
            {
                "id": pair.id,
                "status": pair.status,
                "started_at": _value(pair.started_at),
                "ended_at": _value(pair.ended_at),
                "partner_slack_ids": list(partners),
            }
        )
    return document


@dataclass
class Deletion:
    """What `delete_user` did: rows removed per table, and the buddy pairs that ended without being removed."""

    removed: dict[str, int] = field(default_factory=dict)
    pairs_ended: int = 0

    @property
    def total(self) -> int:
        return sum(self.removed.values())


def delete_user(
    session: Session, tracker: Connection | None, team_id: str, slack_id: str, now: datetime | None = None
) -> Deletion:
    """Remove everything `export_user` shows for this user, in this workspace only.

    Buddy pairs the user was in end. A trio goes on as an ended pair of the other two, who keep their
    check-ins; a pair of two cannot name only one member, so it is removed with its check-ins. Reports of a
    deleted manager keep their data and lose the manager link. Rows go children first and are counted per
    table (`events` are the Rasa conversation's).
    """
    now = now or utcnow()
    result = Deletion()
    removed = result.removed
    user = find_user(session, team_id, slack_id)
    if user is not None:
        sessions = select(PracticeSession.id).where(
            PracticeSession.team_id == team_id, PracticeSession.user_id == user.id
        )
        removed["turns"] = _delete(session, Turn, Turn.session_id.in_(sessions))
        removed["practice_sessions"] = _delete(session, PracticeSession, PracticeSession.id.in_(sessions))
        removed["checkins"] = _delete(session, CheckIn, CheckIn.team_id == team_id, CheckIn.user_id == user.id)
        removed["buddy_pairs"] = 0
        for pair in _pairs(session, user):
            others = [m for m in (pair.user_a_id, pair.user_b_id, pair.user_c_id) if m and m != user.id]
            if len(others) >= 2:
                pair.user_a_id, pair.user_b_id, pair.user_c_id = others[0], others[1], None
                if pair.status in ("active", "invited"):
                    pair.status, pair.ended_at = "ended", now
                result.pairs_ended += 1
            else:
                removed["checkins"] += _delete(session, CheckIn, CheckIn.pair_id == pair.id)
                removed["buddy_pairs"] += _delete(session, BuddyPair, BuddyPair.id == pair.id)
        session.flush()
        for name, model in OWNED_BY_USER:
            if name != "checkins":
                removed[name] = _delete(session, model, model.team_id == team_id, model.user_id == user.id)
        deals = select(Deal.id).where(Deal.team_id == team_id, Deal.owner_id == user.id)
        # Someone else's checklist run on this user's deal stays theirs, without the deal.
        session.execute(
            update(ChecklistRun)
            .where(ChecklistRun.deal_id.in_(deals))
            .values(deal_id=None)
            .execution_options(synchronize_session=False)
        )
        removed["deal_stage_changes"] = _delete(session, DealStageChange, DealStageChange.deal_id.in_(deals))
        removed["deals"] = _delete(session, Deal, Deal.id.in_(deals))
        session.execute(
            update(User)
            .where(User.team_id == team_id, User.manager_id == user.id)
            .values(manager_id=None)
            .execution_options(synchronize_session=False)
        )
        session.expunge(user)
        removed["users"] = _delete(session, User, User.id == user.id)
    removed["inbound_messages"] = _delete(
        session, InboundMessage, InboundMessage.team_id == team_id, InboundMessage.user_slack_id == slack_id
    )
    removed["events"] = delete_conversation(tracker, conversation_id(team_id, slack_id))
    session.flush()
    return result


def _delete(session: Session, model: Any, *where: Any) -> int:
    statement = delete(model).where(*where).execution_options(synchronize_session=False)
    return session.execute(statement).rowcount or 0


def _owned(session: Session, model: Any, user: User) -> list[Any]:
    return list(
        session.scalars(select(model).where(model.team_id == user.team_id, model.user_id == user.id).order_by(model.id))
    )


def _pairs(session: Session, user: User) -> list[BuddyPair]:
    members = or_(BuddyPair.user_a_id == user.id, BuddyPair.user_b_id == user.id, BuddyPair.user_c_id == user.id)
    return list(
        session.scalars(select(BuddyPair).where(BuddyPair.team_id == user.team_id, members).order_by(BuddyPair.id))
    )


def _messages(session: Session, team_id: str, slack_id: str) -> list[InboundMessage]:
    return list(
        session.scalars(
            select(InboundMessage)
            .where(InboundMessage.team_id == team_id, InboundMessage.user_slack_id == slack_id)
            .order_by(InboundMessage.id)
        )
    )


def _row(obj: Any) -> dict[str, Any]:
    """A model row's columns as JSON-ready values."""
    return {column.key: _value(getattr(obj, column.key)) for column in inspect(obj).mapper.column_attrs}


def _value(value: Any) -> Any:
    if isinstance(value, datetime):
        # SQLite hands back naive datetimes; every stored time is UTC.
        return (value if value.tzinfo else value.replace(tzinfo=timezone.utc)).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value
