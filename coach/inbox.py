"""What Slack delivered: event ids already handled and every message a user typed."""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from datetime import datetime, timedelta, timezone

from sqlalchemy import column, delete, insert, or_, select, table, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from coach.models import InboundMessage, ProcessedEvent, utcnow
from coach.people import ensure_workspace

# How long a bot may hold a message it claimed for replay: longer than the slowest answer (Rasa's 120 s).
REPLAY_CLAIM = timedelta(minutes=3)
# How long after an earlier message of the user was kept a later one waits for its answer: far longer than answers
# take, and no longer (a row left `received` by a bot that stopped mid-answer holds nobody up after that).
IN_FLIGHT = timedelta(seconds=60)


def claim_event(session: Session, team_id: str, event_id: str) -> bool:
    """True the first time `event_id` is seen; False for Slack's retries of it."""
    ensure_workspace(session, team_id)
    if session.get(ProcessedEvent, event_id) is not None:
        return False
    try:
        with session.begin_nested():
            session.add(ProcessedEvent(event_id=event_id, team_id=team_id))
    except IntegrityError:  # another replica claimed it between the check and the insert
        return False
    return True


def claim_once(session: Session, team_id: str, kind: str, key: str) -> bool:
    """True the first time `kind` happens to `key` (kept as a handled id, its key hashed to fit), False after."""
    return claim_event(session, team_id, f"{kind}:{hashlib.sha256(key.encode()).hexdigest()[:40]}")


def first_failure(session: Session, team_id: str, delivery_id: str) -> bool:
    """True the first time the dialogue failed on a kept message (it is replayed once), False every later time."""
    return claim_once(session, team_id, "failed", delivery_id)


def keep_message(
    session: Session, team_id: str, user_id: str, channel: str, text: str, source: str, event_id: str | None = None
) -> InboundMessage:
    """Store what the user typed before anything else happens to it."""
    ensure_workspace(session, team_id)
    message = InboundMessage(
        team_id=team_id, user_slack_id=user_id, channel=channel, text=text, source=source, event_id=event_id
    )
    session.add(message)
    session.flush()
    return message


def keep_event_message(
    session: Session, team_id: str, event_id: str, user_id: str, channel: str, text: str, source: str
) -> None:
    """Claim a Slack event and keep its message in the session's one transaction.

    One write before Slack's acknowledgement instead of two, and never an event claimed without its message (a
    crash between the two would make Slack's retry look like a repeat, and the message would be lost). An event
    seen before (claimed, or its message kept while the database was down) fails with IntegrityError, from the
    unique event ids, here or at commit when another delivery of it commits first: the caller treats that as seen.
    Nothing is read first and no ORM object is made, so the acknowledgement waits for two plain inserts. No
    savepoint: pysqlite would commit the claim on its own.
    """
    ensure_workspace(session, team_id)
    session.execute(insert(ProcessedEvent).values(event_id=event_id, team_id=team_id))
    session.execute(
        insert(InboundMessage).values(
            team_id=team_id, user_slack_id=user_id, channel=channel, text=text, source=source, event_id=event_id
        )
    )


def keep_pending(
    session: Session, team_id: str, user_id: str, channel: str, text: str, source: str, event_id: str | None
) -> bool:
    """Store, to be answered later as `pending`, a message the bot kept aside while the database was down; False
    when it needs nothing (answered already).

    A message stored before (kept just before the database stopped, or Slack's retry kept since) is not doubled:
    it waits as pending unless it was answered.
    """
    message = find_message(session, team_id, event_id) if event_id else None
    if message is None:
        message = keep_message(session, team_id, user_id, channel, text, source, event_id)
    elif message.status == "processed":
        return False
    message.status = "pending"
    message.processed_at = None
    return True


def mark_message(session: Session, team_id: str, message_id: int, status: str) -> None:
    """Record that a kept message was answered (`processed`) or still waits (`pending`)."""
    message = session.scalars(
        select(InboundMessage).where(InboundMessage.team_id == team_id, InboundMessage.id == message_id)
    ).one()
    message.status = status
    message.processed_at = utcnow() if status == "processed" else None
    message.replaying_since = None


def messages_of(session: Session, team_id: str, user_id: str) -> list[InboundMessage]:
    return list(
        session.scalars(
            select(InboundMessage)
            .where(InboundMessage.team_id == team_id, InboundMessage.user_slack_id == user_id)
            .order_by(InboundMessage.id)
        )
    )


def forget_old_events(session: Session, older_than: timedelta = timedelta(days=7), now: datetime | None = None) -> int:
    """Slack retries within minutes; ids older than a week only take space."""
    cutoff = (now or utcnow()) - older_than
    result = session.execute(delete(ProcessedEvent).where(ProcessedEvent.received_at < cutoff))
    return result.rowcount or 0


OAUTH_STATES = table("slack_oauth_states", column("expire_at"))  # slack_sdk's state store (migration 0008)


def forget_expired_oauth_states(session: Session, now: datetime | None = None) -> int:
    """The "Add to Slack" states nobody came back with: slack_sdk deletes a state when it is used, never when it
    expires. Its times are naive UTC."""
    cutoff = (now or utcnow()).astimezone(timezone.utc).replace(tzinfo=None)
    return session.execute(delete(OAUTH_STATES).where(OAUTH_STATES.c.expire_at < cutoff)).rowcount or 0


def find_message(session: Session, team_id: str, delivery_id: str) -> InboundMessage | None:
    """The kept message for a Slack delivery (an event id or a trigger id)."""
    return session.scalars(
        select(InboundMessage).where(InboundMessage.team_id == team_id, InboundMessage.event_id == delivery_id)
    ).first()


def pending_messages(session: Session, limit: int = 100, skip_teams: Collection[str] = ()) -> list[InboundMessage]:
    """Messages kept while the dialogue was down, oldest first, across workspaces (each keeps its own), but for
    `skip_teams` (workspaces that can't be answered now: their messages must not hold up everyone else's)."""
    query = select(InboundMessage).where(InboundMessage.status == "pending")
    if skip_teams:
        query = query.where(InboundMessage.team_id.not_in(list(skip_teams)))
    return list(session.scalars(query.order_by(InboundMessage.id).limit(limit)))


def reclaim_stale(session: Session, older_than: timedelta = REPLAY_CLAIM, now: datetime | None = None) -> int:
    """Put back as pending the messages claimed for replay longer ago than `older_than`: the bot that claimed one
    stopped, or failed to post its answer; another round (of any bot) answers it, in its turn."""
    cutoff = (now or utcnow()) - older_than
    result = session.execute(
        update(InboundMessage)
        .where(InboundMessage.status == "replaying")
        .where(or_(InboundMessage.replaying_since.is_(None), InboundMessage.replaying_since < cutoff))
        .values(status="pending", replaying_since=None)
    )
    return result.rowcount or 0


def waits_behind(session: Session, team_id: str, user_id: str, event_id: str) -> tuple[bool, bool]:
    """Whether a message the user sent before this one still waits (`pending`, or `replaying` just now): this one
    goes after it, so the user is answered in the order they typed; and whether one is being answered right now
    (kept less than `IN_FLIGHT` ago and not answered yet, by this bot or another): this one waits for it."""
    this = find_message(session, team_id, event_id) if event_id else None
    earlier = select(InboundMessage.status).where(
        InboundMessage.team_id == team_id,
        InboundMessage.user_slack_id == user_id,
        or_(
            InboundMessage.status.in_(("pending", "replaying")),
            (InboundMessage.status == "received") & (InboundMessage.received_at >= utcnow() - IN_FLIGHT),
        ),
    )
    if this is None:  # without its row, no message can be told from this one
        statuses = set(session.scalars(earlier.where(InboundMessage.status != "received").limit(1)))
    else:
        statuses = set(session.scalars(earlier.where(InboundMessage.id < this.id)))
    return bool(statuses & {"pending", "replaying"}), "received" in statuses


def claim_pending(session: Session, team_id: str, message_id: int) -> bool:
    """Take a pending message for answering; False when another process took it first."""
    result = session.execute(
        update(InboundMessage)
        .where(InboundMessage.team_id == team_id, InboundMessage.id == message_id, InboundMessage.status == "pending")
        .values(status="replaying", replaying_since=utcnow())
    )
    return result.rowcount == 1
