"""Accountability buddies: invitations, a manager pairing the whole team (no pair repeated when avoidable)."""

from __future__ import annotations

import random
import re
from datetime import datetime
from itertools import combinations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from coach.buddies.commitments import progress
from coach.models import BuddyPair, User, utcnow
from coach.mrkdwn import shown
from coach.people import MENTION, find_user
from coach.practice.streaks import current_streak
from coach.reports.team_summary import visible_reps
from coach.text import plural

SHUFFLES = 200  # attempts at a round with no repeated pair before settling for the fewest repeats
INVITE_NAME = re.compile(r"\b(?:invite|ask|pair (?:me )?with|pair up with|buddy up with)\s+@?([a-z][\w'-]*)", re.I)
NOT_NAMES = ("me", "someone", "a", "my", "somebody", "anyone")


def members(pair: BuddyPair) -> set[int]:
    return {pair.user_a_id, pair.user_b_id} | ({pair.user_c_id} if pair.user_c_id else set())


def active_pair(session: Session, user: User) -> BuddyPair | None:
    return session.scalars(
        select(BuddyPair).where(
            BuddyPair.team_id == user.team_id,
            BuddyPair.status == "active",
            or_(BuddyPair.user_a_id == user.id, BuddyPair.user_b_id == user.id, BuddyPair.user_c_id == user.id),
        )
    ).first()


def _groups(ids: list[int]) -> list[list[int]]:
    groups = [ids[i : i + 2] for i in range(0, len(ids) - 1, 2)]
    if len(ids) % 2 and groups:
        groups[-1].append(ids[-1])  # the odd one out makes a trio
    return groups


def _repeats(groups: list[list[int]], before: set[frozenset[int]]) -> int:
    return sum(frozenset(p) in before for g in groups for p in combinations(g, 2))


def team_pairs(session: Session, manager: User) -> tuple[list[int], list[BuddyPair]]:
    """The reps a manager may pair (their own, not already paired with someone else's rep), and the active pairs
    re-pairing would end (those made only of the manager's own reps)."""
    own = {u.id for u in visible_reps(session, manager) if u.role == "rep"}
    current = session.scalars(
        select(BuddyPair).where(BuddyPair.team_id == manager.team_id, BuddyPair.status == "active")
    )
    ours = [pair for pair in current if members(pair) & own]

    def anothers(user_id: int) -> bool:
        other = session.get(User, user_id)
        return other is not None and other.manager_id not in (None, manager.id)

    # A pair with another manager's rep is not this manager's to end: its members stay as they are.
    shared = [pair for pair in ours if any(anothers(i) for i in members(pair) - own)]
    taken = {i for pair in shared for i in members(pair)}
    return sorted(own - taken), [pair for pair in ours if pair not in shared]


def pair_team(session: Session, manager: User, seed: str | None = None) -> list[BuddyPair]:
    """End the team's current pairs and make new ones (pairs, and a trio for an odd number of reps), among the
    manager's own reps only."""
    ids, old = team_pairs(session, manager)  # old: the last round, which should not repeat
    before = {frozenset(p) for pair in old for p in combinations(sorted(members(pair)), 2)}
    rng = random.Random(seed or f"{manager.id}:{utcnow().date()}")
    best: list[list[int]] = []
    for _ in range(SHUFFLES):
        rng.shuffle(ids)
        groups = _groups(list(ids))
        if not best or _repeats(groups, before) < _repeats(best, before):
            best = groups
        if _repeats(best, before) == 0:
            break
    now = utcnow()
    for pair in old:
        pair.status, pair.ended_at = "ended", now
    pairs = [
        BuddyPair(
            team_id=manager.team_id,
            user_a_id=group[0],
            user_b_id=group[1],
            user_c_id=group[2] if len(group) > 2 else None,
            status="active",
            started_at=now,
        )
        for group in best
    ]
    session.add_all(pairs)
    session.flush()
    return pairs


def buddy_view(session: Session, partner: User, now: datetime | None = None) -> str:
    """What a buddy may see of a partner: the commitment's progress and the streak. No scores, no transcripts."""
    streak = current_streak(session, partner, now)
    return (
        f"*{display_name(partner)}*: {progress(session, partner, now).describe()}; streak {plural(streak.days, 'day')}"
    )


def display_name(user: User) -> str:
    return shown(user.name) if user.name else f"<@{user.slack_id}>"


def partners_of(session: Session, pair: BuddyPair, user: User) -> list[User]:
    return [p for i in sorted(members(pair) - {user.id}) if (p := session.get(User, i)) is not None]


def colleague_named(session: Session, user: User, text: str) -> User | None:
    """The colleague a message names: a Slack mention, or a first or full name known in the workspace."""
    mention = MENTION.search(text)
    if mention:
        return find_user(session, user.team_id, mention.group(1))
    named = INVITE_NAME.search(text)
    if named is None or named.group(1).lower() in NOT_NAMES:
        return None
    first = named.group(1).lower()
    found = session.scalars(
        select(User).where(User.team_id == user.team_id, User.id != user.id, func.lower(User.name).like(f"{first}%"))
    ).all()
    return found[0] if len(found) == 1 else None


def pending_invite(session: Session, user: User) -> BuddyPair | None:
    """An invitation this person sent or received that is still open."""
    return session.scalars(
        select(BuddyPair).where(
            BuddyPair.team_id == user.team_id,
            BuddyPair.status == "invited",
            or_(BuddyPair.user_a_id == user.id, BuddyPair.user_b_id == user.id),
        )
    ).first()


def free_teammate(session: Session, user: User) -> User | None:
    """A rep with no buddy and no open invitation: same manager first, then anyone in the workspace."""
    taken = {
        i
        for pair in session.scalars(
            select(BuddyPair).where(BuddyPair.team_id == user.team_id, BuddyPair.status.in_(("active", "invited")))
        )
        for i in members(pair)
    }
    reps = session.scalars(
        select(User).where(User.team_id == user.team_id, User.role == "rep", User.id != user.id).order_by(User.id)
    ).all()
    free = [r for r in reps if r.id not in taken]
    same_manager = [r for r in free if user.manager_id and r.manager_id == user.manager_id]
    return (same_manager or free or [None])[0]


def invite(session: Session, inviter: User, invitee: User) -> tuple[BuddyPair | None, str]:
    """An invitation to be buddies, or None with the reason it can't be sent."""
    if invitee.id == inviter.id:
        return None, "You can't be your own buddy. Invite a colleague: `/spar buddy invite @name`."
    if invitee.team_id != inviter.team_id:
        return None, "You can only invite people in your own workspace."
    for person, who, has in ((inviter, "You", "have"), (invitee, display_name(invitee), "has")):
        if active_pair(session, person) is not None:
            return None, f"{who} already {has} a buddy. `/spar buddy end` ends a pairing."
        if pending_invite(session, person) is not None:
            return None, f"{who} already {has} an open buddy invitation."
    pair = BuddyPair(team_id=inviter.team_id, user_a_id=inviter.id, user_b_id=invitee.id, status="invited")
    session.add(pair)
    session.flush()
    return pair, ""


def answer_invite(session: Session, invitee: User, pair_id: int, accept: bool) -> BuddyPair | None:
    """Accept or decline an invitation addressed to this person; None when it isn't theirs or is no longer open."""
    pair = session.get(BuddyPair, pair_id)
    if pair is None or pair.team_id != invitee.team_id or pair.user_b_id != invitee.id or pair.status != "invited":
        return None
    if accept and active_pair(session, invitee) is not None:
        return None
    inviter = session.get(User, pair.user_a_id)
    if accept and (inviter is None or active_pair(session, inviter) is not None):
        pair.status, pair.ended_at = "lapsed", utcnow()  # the inviter found a buddy meanwhile
        session.flush()
        return pair
    pair.status = "active" if accept else "declined"
    pair.started_at = utcnow()
    if not accept:
        pair.ended_at = pair.started_at
    session.flush()
    return pair


def end_pair(session: Session, pair: BuddyPair) -> None:
    pair.status, pair.ended_at = "ended", utcnow()
    session.flush()
