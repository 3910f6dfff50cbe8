"""Accountability buddies: a manager pairs the whole team at once, with no pair repeated when avoidable."""

from __future__ import annotations

import random
from itertools import combinations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from coach.models import BuddyPair, User, utcnow
from coach.team_summary import visible_reps

SHUFFLES = 200  # attempts at a round with no repeated pair before settling for the fewest repeats


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


def pair_team(session: Session, manager: User, seed: str | None = None) -> list[BuddyPair]:
    """End the team's current pairs and make new ones (pairs, and a trio for an odd number of reps)."""
    reps = [u for u in visible_reps(session, manager) if u.role == "rep"]
    ids = [u.id for u in reps]
    current = session.scalars(
        select(BuddyPair).where(BuddyPair.team_id == manager.team_id, BuddyPair.status == "active")
    )
    old = [pair for pair in current if members(pair) & set(ids)]  # the last round, which should not repeat
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
