"""Who sees what: for every view of a rep's practice, each role sees exactly what the rules allow.

The rules: managers see their own reports, admins everyone in the workspace, reps their own data; a buddy sees
the partner's progress and streak, never scores or transcripts; nobody sees another workspace.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from bot.home import _home_for
from coach.buddies.checkins import Due, checkin_text, claim_checkin
from coach.buddies.pairing import invite
from coach.db import session_scope
from coach.models import BuddyPair, User
from coach.ownership import export_user
from coach.people import ensure_user
from coach.practice.sessions import add_turn, complete_session, start_session
from coach.reports.digests import digest_candidates
from coach.reports.team_summary import render_summary, team_summary
from tests.slack import text_of

MONDAY_9AM = datetime(2026, 3, 9, 9, 0, tzinfo=timezone.utc)
WEDNESDAY_NOON = datetime(2026, 3, 11, 12, 0, tzinfo=timezone.utc)
TRANSCRIPT = "What would it cost you if nothing changed by June?"
ROLES = ("rep", "buddy", "other_manager", "manager", "admin", "elsewhere")
# For Riley's practice, in each view: who sees Riley (by name), Riley's score, Riley's transcript.
SEES_RILEY = {
    "summary": {"manager", "admin"},
    "digest": {"manager", "admin"},
    "scores": {"rep", "manager", "admin"},
    "transcripts": {"rep"},  # only through the rep's own data (their conversation, `spar user export`)
    "buddy_checkin": {"buddy"},
}


def org(session) -> dict[str, User]:
    people = {
        "manager": ensure_user(session, "TAAA", "M1", name="Morgan", role="manager"),
        "other_manager": ensure_user(session, "TAAA", "M2", name="Sam", role="manager"),
        "admin": ensure_user(session, "TAAA", "A1", name="Ada", role="admin"),
        "rep": ensure_user(session, "TAAA", "R1", name="Riley"),
        "buddy": ensure_user(session, "TAAA", "R2", name="Quinn"),
        "elsewhere": ensure_user(session, "TBBB", "M1", name="Morgan Elsewhere", role="admin"),
    }
    people["rep"].manager_id = people["buddy"].manager_id = people["manager"].id
    pair, _ = invite(session, people["rep"], people["buddy"])
    assert pair is not None
    pair.status = "active"
    drill = start_session(session, people["rep"], "drill", "cfo-discovery:standard", now=MONDAY_9AM)
    add_turn(session, drill, "rep", TRANSCRIPT)
    complete_session(drill, 61.0, now=MONDAY_9AM - timedelta(days=1))
    drill.detail = {"lines": [{"skills": ["quantify_impact"], "credit": 0.4}]}
    session.flush()
    return people


def views(session, people: dict[str, User], who: str) -> dict[str, str]:
    """Everything one person gets from Spar that could mention Riley, per view, as text."""
    viewer = people[who]
    summary = render_summary(team_summary(session, viewer, 7, MONDAY_9AM)) if viewer.role != "rep" else ""
    summary_data = json.dumps(team_summary(session, viewer, 7, MONDAY_9AM), default=str)
    digests = {u.id for u, _ in digest_candidates(session, MONDAY_9AM)}
    pair = session.query(BuddyPair).filter_by(status="active", team_id=viewer.team_id).first()
    checkin = ""
    if pair is not None and viewer.id in (pair.user_a_id, pair.user_b_id):
        sent = claim_checkin(session, Due(pair, viewer, "midweek"), WEDNESDAY_NOON)
        checkin = checkin_text(session, sent, WEDNESDAY_NOON) if sent else ""
    session.commit()
    home = text_of(_home_for(viewer.team_id, viewer.slack_id))
    own_data = json.dumps(export_user(session, None, viewer.team_id, viewer.slack_id), default=str)
    return {
        "summary": summary + summary_data,
        "digest": summary if viewer.id in digests else "",
        "home": home,
        "buddy_checkin": checkin,
        "own_data": own_data,
    }


@pytest.mark.parametrize("who", ROLES)
def test_each_role_sees_exactly_what_the_rules_allow(db_url: str, monkeypatch: pytest.MonkeyPatch, who: str) -> None:
    monkeypatch.setenv("DATABASE_URL", db_url)
    with session_scope(db_url) as session:
        people = org(session)
        seen = views(session, people, who)
    everything = " ".join(seen.values())
    assert ("Riley" in seen["summary"]) == (who in SEES_RILEY["summary"])
    assert ("Riley" in seen["digest"]) == (who in SEES_RILEY["digest"])
    shown_scores = " ".join(v for k, v in seen.items() if k != "own_data")
    assert ("61" in shown_scores) == (who in SEES_RILEY["scores"]), shown_scores
    assert (TRANSCRIPT in everything) == (who in SEES_RILEY["transcripts"])
    assert TRANSCRIPT not in shown_scores  # no Slack view shows a transcript, not even to its rep
    assert ("*Riley*:" in seen["buddy_checkin"]) == (who in SEES_RILEY["buddy_checkin"])
    if who == "buddy":
        assert "streak" in seen["buddy_checkin"] and "61" not in seen["buddy_checkin"]
        assert "*Buddy:* *Riley*" in seen["home"] and "61" not in seen["home"]
    if who == "elsewhere":  # an admin of another workspace with the same Slack ids sees none of it
        assert "Riley" not in everything and "Quinn" not in everything
