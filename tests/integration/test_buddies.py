"""Weekly commitments and pairing a team into buddies (domain level; the Slack side lands with the rest of issue 6)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from itertools import combinations

from sqlalchemy import select

from coach.buddies.commitments import progress, read_commitment, set_commitment
from coach.buddies.handlers import find_buddy
from coach.buddies.pairing import active_pair, members, pair_team
from coach.db import session_scope
from coach.models import BuddyPair, ChecklistRun
from coach.people import ensure_user
from coach.practice.sessions import add_turn, complete_session, start_session

WEDNESDAY = datetime(2026, 3, 4, 15, 0, tzinfo=timezone.utc)


def test_a_commitment_is_read_from_the_reps_words() -> None:
    assert read_commitment("3 drills, 1 interview, a checklist before every real call") == {
        "drills": 3,
        "interviews": 1,
        "checklists": 1,
    }
    assert read_commitment("two role-plays and five pre-call checklists") == {"drills": 2, "checklists": 5}
    assert read_commitment("I'll try harder") is None
    assert read_commitment("1000 drills") == {"drills": 50}


def test_progress_counts_this_weeks_completed_practice_without_scores(db_url: str) -> None:
    with session_scope(db_url) as session:
        user = ensure_user(session, "TAAA", "U1", tz="America/New_York")
        assert set_commitment(session, user, "2 drills and a checklist", now=WEDNESDAY) is not None
        for days_back in (0, 1, 7):  # two this week, one last week
            moment = WEDNESDAY - timedelta(days=days_back)
            drill = start_session(session, user, "drill", "cfo-discovery:standard", now=moment)
            add_turn(session, drill, "rep", "What is it costing you?")
            complete_session(drill, 35.0, now=moment)
        session.add(ChecklistRun(team_id="TAAA", user_id=user.id, answers={}, planned_at=WEDNESDAY, status="planned"))
        session.flush()
        done = progress(session, user, now=WEDNESDAY)
    assert done.drills == (2, 2) and done.checklists == (1, 1) and done.kept
    assert done.describe() == "2/2 drills, 1/1 checklists" and "35" not in done.describe()


def test_pairing_makes_a_trio_for_an_odd_team_and_avoids_repeating_the_last_round(db_url: str) -> None:
    with session_scope(db_url) as session:
        manager = ensure_user(session, "TAAA", "M", role="manager")
        reps = [ensure_user(session, "TAAA", f"R{i}") for i in range(5)]
        for rep in reps:
            rep.manager_id = manager.id
        first = pair_team(session, manager, seed="a")
        assert sorted(len(members(p)) for p in first) == [2, 3]
        assert set().union(*(members(p) for p in first)) == {r.id for r in reps}
        assert active_pair(session, reps[0]) in first

        reps[4].manager_id = None  # four reps: a repeat-free second round exists, and must be found
        session.flush()
        old = {frozenset(p) for pair in first for p in combinations(sorted(members(pair) - {reps[4].id}), 2)}
        second = pair_team(session, manager, seed="b")
        assert all(len(members(p)) == 2 for p in second)
        assert not any(frozenset(members(p)) in old for p in second)
        assert all(pair.status == "ended" for pair in first)


def test_re_pairing_leaves_pairs_with_another_managers_reps_alone(db_url: str) -> None:
    with session_scope(db_url) as session:
        mine = ensure_user(session, "TAAA", "M1", role="manager")
        theirs = ensure_user(session, "TAAA", "M2", role="manager")
        reps = [ensure_user(session, "TAAA", f"R{i}") for i in range(4)]
        other = ensure_user(session, "TAAA", "X0")
        for rep in reps:
            rep.manager_id = mine.id
        other.manager_id = theirs.id
        shared = BuddyPair(team_id="TAAA", user_a_id=reps[0].id, user_b_id=other.id, status="active")
        session.add(shared)
        session.flush()
        fresh = pair_team(session, mine, seed="a")
        assert shared.status == "active"  # not this manager's to end
        assert set().union(*(members(p) for p in fresh)) == {r.id for r in reps[1:]}  # R0 keeps the shared pair


def test_an_invitation_accepted_after_the_inviter_found_a_buddy_has_lapsed(db_url: str) -> None:
    from coach.buddies.buttons import _answer_invite
    from coach.buddies.pairing import answer_invite, invite

    with session_scope(db_url) as session:
        manager = ensure_user(session, "TAAA", "M1", role="manager")
        ann, ben, cat = (ensure_user(session, "TAAA", f"U0{n}", name=n) for n in ("ANN", "BEN", "CAT"))
        pair, _ = invite(session, ann, ben)
        assert pair is not None
        ann.manager_id = cat.manager_id = manager.id
        pair_team(session, manager, seed="a")  # Ann is paired with Cat meanwhile
        text, notices = _answer_invite(session, ben, pair.id, accept=True)
        assert text.startswith("ANN has found a buddy since inviting you, so that invitation has lapsed.")
        assert notices == [] and active_pair(session, ben) is None
        assert pair.status == "lapsed" and answer_invite(session, ben, pair.id, True) is None  # and stays so


def active_groups(db_url: str) -> set[frozenset[int]]:
    with session_scope(db_url) as session:
        return {frozenset(members(p)) for p in session.scalars(select(BuddyPair).where(BuddyPair.status == "active"))}


def test_a_manager_confirms_before_existing_pairs_are_ended(db_url: str, monkeypatch) -> None:
    monkeypatch.setenv("DATABASE_URL", db_url)
    with session_scope(db_url) as session:
        manager = ensure_user(session, "TAAA", "M1", role="manager")
        for i in range(4):
            ensure_user(session, "TAAA", f"R{i}").manager_id = manager.id
    assert find_buddy("TAAA", "M1", "pair").text.startswith("Paired your team into 2 groups")  # none to end yet
    first = active_groups(db_url)
    asked = find_buddy("TAAA", "M1", "pair").text
    assert asked == (
        "Re-pairing ends your team's 2 pairs and pairs your 4 reps afresh. To go ahead: `/spar buddy pair confirm`."
    )
    assert "Paired your team" not in find_buddy("TAAA", "M1", "invite someone to pair up with me").text
    assert active_groups(db_url) == first  # nothing ended without the confirmation
    assert find_buddy("TAAA", "M1", "pair confirm").text.startswith("Paired your team into 2 groups")
    assert active_groups(db_url) != first


def test_in_slack_a_rep_sets_a_commitment_and_sees_it_at_home(rep) -> None:
    from tests.slack import text_of

    assert "for example" in text_of(rep.says("set my weekly commitment")[0])
    answer = text_of(rep.says("i'll do 3 drills and 1 interview this week")[0])
    assert "Committed for this week. So far: 0/3 drills, 0/1 interviews." == answer
    assert "This week's commitment:* 0/3 drills, 0/1 interviews" in text_of(rep.opens_home())
