"""Buddy check-ins: midweek and at the week's end each buddy sees the other's week and can encourage or nudge.

A check-in left unanswered until the next one is missed; after two missed in a row, the pair is asked whether
to keep going.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, or_, select, union, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from coach.buddies.commitments import week_start
from coach.buddies.pairing import buddy_view, display_name, end_pair, members, partners_of
from coach.models import BuddyPair, CheckIn, User, utcnow

# ISO weekday -> (check-in kind, local time it is sent from)
CHECKIN_DAYS = {3: ("midweek", time(12, 0)), 5: ("weekend", time(15, 0))}
MISSES_BEFORE_ASKING = 2
MEMBER_COLUMNS = (BuddyPair.user_a_id, BuddyPair.user_b_id, BuddyPair.user_c_id)


@dataclass(frozen=True)
class Due:
    pair: BuddyPair
    user: User
    kind: str


def due_checkins(session: Session, now: datetime) -> list[Due]:
    """Buddies whose Wednesday noon or Friday 15:00 has come, with no check-in of that kind this week yet.

    Three queries whatever the number of pairs (the scheduler asks every few minutes): the active pairs, their
    members, and the check-ins of the last eight days (every time zone's current week starts within them).
    """
    active = BuddyPair.status == "active"
    pairs = list(session.scalars(select(BuddyPair).where(active).order_by(BuddyPair.id)))
    member_ids = union(*(select(column).where(active) for column in MEMBER_COLUMNS))
    users = {user.id: user for user in session.scalars(select(User).where(User.id.in_(member_ids)))}
    sent = {
        tuple(row)
        for row in session.execute(
            select(CheckIn.pair_id, CheckIn.user_id, CheckIn.week_start, CheckIn.kind)
            .join(BuddyPair, CheckIn.pair_id == BuddyPair.id)
            .where(active, CheckIn.week_start >= now.date() - timedelta(days=8))
        )
    }
    zones: dict[str, ZoneInfo] = {}
    found = []
    for pair in pairs:
        for user_id in sorted(members(pair)):
            user = users.get(user_id)
            if user is None:
                continue
            tz = user.tz or "UTC"
            if tz not in zones:  # ZoneInfo keeps only a few zones: more would be read from disk per person
                zones[tz] = ZoneInfo(tz)
            local = now.astimezone(zones[tz])
            kind, starts = CHECKIN_DAYS.get(local.isoweekday(), ("", time.max))
            if kind and local.time() >= starts and (pair.id, user.id, week_start(user, now), kind) not in sent:
                found.append(Due(pair, user, kind))
    return found


def claim_checkin(session: Session, due: Due, now: datetime) -> CheckIn | None:
    """Record the check-in before it is sent (once, even with two schedulers); earlier unanswered ones are missed."""
    checkin = CheckIn(
        team_id=due.pair.team_id,
        pair_id=due.pair.id,
        user_id=due.user.id,
        week_start=week_start(due.user, now),
        kind=due.kind,
        sent_at=now,
    )
    try:
        with session.begin_nested():
            session.add(checkin)
    except IntegrityError:
        return None
    session.execute(
        update(CheckIn)
        .where(
            CheckIn.pair_id == due.pair.id,
            CheckIn.user_id == due.user.id,
            CheckIn.status == "sent",
            CheckIn.id != checkin.id,
        )
        .values(status="missed")
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return checkin


def release_checkin(session: Session, checkin: CheckIn) -> None:
    """The check-in did not go out (Slack's rate limit): forget it while unanswered, so the next run sends it."""
    session.execute(
        delete(CheckIn)
        .where(CheckIn.id == checkin.id, CheckIn.status == "sent")
        .execution_options(synchronize_session=False)
    )
    session.commit()
    session.expunge(checkin)


def checkin_text(session: Session, checkin: CheckIn, now: datetime | None = None) -> str:
    """The buddies' week (progress and streaks only, never scores) for one member's check-in."""
    pair, user = session.get(BuddyPair, checkin.pair_id), session.get(User, checkin.user_id)
    assert pair is not None and user is not None
    when = "Midweek" if checkin.kind == "midweek" else "End-of-week"
    views = [buddy_view(session, partner, now) for partner in partners_of(session, pair, user)]
    mine = buddy_view(session, user, now).replace(f"*{display_name(user)}*", "*You*", 1)
    return f"*{when} buddy check-in*\n" + "\n".join([*views, mine]) + "\nSend your buddy a word?"


def answer_checkin(session: Session, user: User, checkin_id: int, how: str) -> tuple[list[User], str] | None:
    """Encourage or nudge from a check-in: who gets what. None when the check-in isn't this person's."""
    checkin = session.get(CheckIn, checkin_id)
    if checkin is None or checkin.team_id != user.team_id or checkin.user_id != user.id:
        return None
    pair = session.get(BuddyPair, checkin.pair_id)
    if pair is None or pair.status != "active":
        return None
    checkin.status, checkin.answered_at = "answered", utcnow()
    name = display_name(user)
    if how == "encourage":
        text = f"🙌 {name} is cheering you on: keep going, your practice this week counts."
    else:
        text = f"👋 A nudge from {name}: how about one short drill today? `/spar drill` starts one."
    return partners_of(session, pair, user), text


def quiet_buddies(session: Session, pair: BuddyPair) -> list[User]:
    """Members whose last two closed check-ins (since the pair was last asked) were both missed."""
    quiet = []
    for user_id in sorted(members(pair)):
        query = select(CheckIn.status).where(
            CheckIn.pair_id == pair.id,
            CheckIn.user_id == user_id,
            CheckIn.status != "sent",  # still open: not yet
        )
        if pair.review_asked_at is not None:
            query = query.where(CheckIn.sent_at > pair.review_asked_at)
        last = session.scalars(query.order_by(CheckIn.sent_at.desc(), CheckIn.id.desc()).limit(2)).all()
        if len(last) == MISSES_BEFORE_ASKING and all(status == "missed" for status in last):
            quiet.append(session.get(User, user_id))
    return [u for u in quiet if u is not None]


def claim_review(session: Session, pair: BuddyPair, now: datetime) -> bool:
    """Mark that the pair is being asked whether to keep going, only if nobody has since the last ask."""
    asked_before = pair.review_asked_at
    condition = (
        BuddyPair.review_asked_at.is_(None) if asked_before is None else BuddyPair.review_asked_at == asked_before
    )
    marked = session.execute(
        update(BuddyPair)
        .where(BuddyPair.id == pair.id, or_(condition))
        .values(review_asked_at=now)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    session.refresh(pair)
    return bool(marked.rowcount)


def decide_pair(session: Session, user: User, pair_id: int, keep: bool) -> BuddyPair | None:
    """A member's answer to "keep going?"; None when the pair isn't theirs or has ended."""
    pair = session.get(BuddyPair, pair_id)
    if pair is None or pair.team_id != user.team_id or user.id not in members(pair) or pair.status != "active":
        return None
    if not keep:
        end_pair(session, pair)
    return pair
