"""A user's data: `spar user export` shows all of it and nobody else's, `spar user delete` removes all of it,
and a workspace's retention setting removes old transcripts. On SQLite and PostgreSQL, with Rasa's own
tracker store writing the conversations (a file beside SQLite, the same database on PostgreSQL, as in
`spar run rasa`)."""

from __future__ import annotations

import asyncio
import json
import os
import pty
import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import func, select

from coach.conversations import tracker_connection
from coach.db import session_scope
from coach.inbox import keep_message
from coach.migrate import upgrade
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
    Workspace,
    utcnow,
)
from coach.ownership import delete_user, export_user
from coach.people import ensure_user, find_user
from coach.retention import apply_retention, set_retention
from coach.settings import tracker_store_url
from tests.e2e.test_cli import SPAR
from tests.processes import ROOT

NOW = utcnow()
OLD = NOW - timedelta(days=40)


def add_user_data(url: str, team: str, slack_id: str, at: datetime = NOW) -> int:
    """A user with a row in every table, each text carrying `TEAM-USER` so any leak is visible."""
    marker = f"{team}-{slack_id}"
    with session_scope(url) as session:
        user = ensure_user(session, team, slack_id, name=f"Name {marker}")
        practice = PracticeSession(
            team_id=team, user_id=user.id, kind="drill", ref="cfo-discovery", status="completed", score=0.75
        )
        session.add(practice)
        session.flush()
        for speaker in ("rep", "coach"):
            turn = {"team_id": team, "session_id": practice.id, "speaker": speaker}
            session.add(Turn(**turn, text=f"{speaker} {marker}"))
            session.add(Turn(**turn, text=f"old {marker}", created_at=at))
        deal = Deal(team_id=team, owner_id=user.id, account=f"Account {marker}", stage="discovery")
        session.add(deal)
        session.flush()
        session.add(DealStageChange(team_id=team, deal_id=deal.id, to_stage="discovery"))
        session.add(ChecklistRun(team_id=team, deal_id=deal.id, user_id=user.id, answers={}, objective=marker))
        session.add(Commitment(team_id=team, user_id=user.id, week_start=date(2025, 1, 6), drills=3, text=marker))
        session.add(SkillMemory(team_id=team, user_id=user.id, skill="discovery", card={"marker": marker}, due_at=NOW))
        session.add(PracticePause(team_id=team, user_id=user.id, starts_on=date(2025, 1, 6)))
        keep_message(session, team, slack_id, "D1", f"typed {marker}", "message", f"Ev-{marker}")
        old = keep_message(session, team, slack_id, "D1", f"typed long ago {marker}", "message", f"Ev-old-{marker}")
        old.received_at = at
        return user.id


def pair_up(url: str, team: str, *slack_ids: str) -> int:
    """A buddy pair (or trio) with one check-in per member."""
    with session_scope(url) as session:
        ids = [user.id for s in slack_ids if (user := find_user(session, team, s)) is not None]
        pair = BuddyPair(team_id=team, user_a_id=ids[0], user_b_id=ids[1], user_c_id=(ids[2:] or [None])[0])
        session.add(pair)
        session.flush()
        week = date(2025, 1, 6)
        for user_id in ids:
            session.add(CheckIn(team_id=team, pair_id=pair.id, user_id=user_id, week_start=week, kind="midweek"))
        return pair.id


def save_conversation(tracker_url: str, team: str, slack_id: str, at: datetime = NOW) -> None:
    """What Rasa stores for a conversation, stored by Rasa's SQLTrackerStore itself: one old message, one new."""
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    sender = f"{team}:{slack_id}"
    intent = {"name": "greet", "confidence": 1.0}
    events = [
        ActionExecuted("action_listen", timestamp=at.timestamp()),
        UserUttered(f"hello long ago {sender}", intent=intent, timestamp=at.timestamp()),
        UserUttered(f"hello {sender}", intent=intent, timestamp=NOW.timestamp()),
        BotUttered(f"Hi {sender}!", timestamp=NOW.timestamp()),
    ]
    store = SQLTrackerStore(host=tracker_url)
    asyncio.run(store.save(DialogueStateTracker.from_events(sender, events)))
    store.engine.dispose()


def two_workspaces(url: str) -> str:
    """U1 in T1 (paired with U2) and another U1 in T2, each with a conversation; the tracker store's URL."""
    for team, slack_id in (("T1", "U1"), ("T1", "U2"), ("T2", "U1")):
        add_user_data(url, team, slack_id)
    pair_up(url, "T1", "U1", "U2")
    tracker_url = tracker_store_url(url)
    for team, slack_id in (("T1", "U1"), ("T1", "U2"), ("T2", "U1")):
        save_conversation(tracker_url, team, slack_id)
    return tracker_url


def export(url: str, tracker_url: str, team: str, slack_id: str) -> dict:
    with session_scope(url) as session, tracker_connection(tracker_url, session) as tracker:
        return export_user(session, tracker, team, slack_id)


def test_export_holds_the_users_data_and_nobody_elses(db_url: str) -> None:
    tracker_url = two_workspaces(db_url)
    document = export(db_url, tracker_url, "T1", "U1")
    text = json.dumps(document)
    assert "T1-U1" in text and "T1-U2" not in text and "T2-U1" not in text  # not the partner, not the other U1
    assert document["user"]["name"] == "Name T1-U1"
    [practice] = document["practice_sessions"]
    assert practice["score"] == 0.75
    assert sorted(turn["text"] for turn in practice["turns"]) == sorted(
        ["rep T1-U1", "old T1-U1", "coach T1-U1", "old T1-U1"]
    )
    assert [d["account"] for d in document["deals"]] == ["Account T1-U1"]
    assert [c["to_stage"] for c in document["deals"][0]["stage_changes"]] == ["discovery"]
    for table in ("checklist_runs", "commitments", "checkins", "skill_memories", "practice_pauses"):
        assert len(document[table]) == 1, table
    assert [p["partner_slack_ids"] for p in document["buddy_pairs"]] == [["U2"]]
    assert {m["text"] for m in document["inbound_messages"]} == {"typed T1-U1", "typed long ago T1-U1"}
    conversation = document["conversation"]
    assert conversation["sender_id"] == "T1:U1"
    assert [e["data"].get("text") for e in conversation["events"] if e["type_name"] == "user"] == [
        "hello long ago T1:U1",
        "hello T1:U1",
    ]
    assert conversation["events"][1]["intent_name"] == "greet"


def test_export_before_any_conversation_has_no_events(db_url: str, tmp_path: Path) -> None:
    add_user_data(db_url, "T1", "U1")
    missing = f"sqlite:///{tmp_path / 'no' / 'rasa_tracker.db'}"
    assert export(db_url, missing, "T1", "U1")["conversation"]["events"] == []
    assert not (tmp_path / "no").exists()  # looking did not create the tracker store
    assert export(db_url, db_url, "T1", "U1")["conversation"]["events"] == []  # a database without `events`


def test_delete_removes_the_user_and_leaves_others_intact(db_url: str) -> None:
    tracker_url = two_workspaces(db_url)
    before = {(t, s): export(db_url, tracker_url, t, s) for t, s in (("T1", "U2"), ("T2", "U1"))}
    with session_scope(db_url) as session, tracker_connection(tracker_url, session) as tracker:
        deletion = delete_user(session, tracker, "T1", "U1")
    assert deletion.removed == {
        "turns": 4,
        "practice_sessions": 1,
        "checkins": 2,  # theirs and, with the pair of two, the partner's check-in on it
        "buddy_pairs": 1,
        "checklist_runs": 1,
        "commitments": 1,
        "skill_memories": 1,
        "practice_pauses": 1,
        "deal_stage_changes": 1,
        "deals": 1,
        "users": 1,
        "inbound_messages": 2,
        "events": 4,
    }
    after = export(db_url, tracker_url, "T1", "U1")
    assert after["user"] is None and after["inbound_messages"] == [] and after["conversation"]["events"] == []
    with session_scope(db_url) as session:
        assert session.scalar(select(func.count()).select_from(Turn).where(Turn.text.like("%T1-U1%"))) == 0
    # The partner keeps everything of theirs but the pair; the other workspace's U1 keeps everything.
    partner = export(db_url, tracker_url, "T1", "U2")
    assert partner["buddy_pairs"] == [] and partner["checkins"] == []
    for document in (partner, before[("T1", "U2")]):
        document.pop("exported_at"), document.pop("buddy_pairs"), document.pop("checkins")
    assert partner == before[("T1", "U2")]
    elsewhere = export(db_url, tracker_url, "T2", "U1")
    elsewhere.pop("exported_at"), before[("T2", "U1")].pop("exported_at")
    assert elsewhere == before[("T2", "U1")]


def test_deleting_one_of_a_trio_ends_the_pair_for_the_other_two(db_url: str) -> None:
    for slack_id in ("U1", "U2", "U3"):
        add_user_data(db_url, "T1", slack_id)
    pair_id = pair_up(db_url, "T1", "U1", "U2", "U3")
    with session_scope(db_url) as session, tracker_connection(tracker_store_url(db_url), session) as tracker:
        deletion = delete_user(session, tracker, "T1", "U1")
    assert deletion.pairs_ended == 1 and deletion.removed["buddy_pairs"] == 0 and deletion.removed["checkins"] == 1
    with session_scope(db_url) as session:
        pair = session.get(BuddyPair, pair_id)
        assert pair is not None and pair.status == "ended" and pair.ended_at is not None
        members = session.scalars(select(User.slack_id).where(User.id.in_([pair.user_a_id, pair.user_b_id])))
        assert sorted(members) == ["U2", "U3"] and pair.user_c_id is None
        assert session.scalar(select(func.count()).select_from(CheckIn).where(CheckIn.pair_id == pair_id)) == 2


def test_retention_deletes_old_transcripts_only_where_it_is_set(db_url: str) -> None:
    for team in ("T1", "T2"):
        add_user_data(db_url, team, "U1", at=OLD)
    tracker_url = tracker_store_url(db_url)
    for team in ("T1", "T2"):
        save_conversation(tracker_url, team, "U1", at=OLD)
    with session_scope(db_url) as session:
        assert set_retention(session, "T1", 30) and not set_retention(session, "T9", 30)
    with session_scope(db_url) as session, tracker_connection(tracker_url, session) as tracker:
        removed = apply_retention(session, tracker, now=NOW)
    assert removed == {"T1": {"turns": 2, "inbound_messages": 1, "events": 2, "typed_texts": 0}}
    t1, t2 = export(db_url, tracker_url, "T1", "U1"), export(db_url, tracker_url, "T2", "U1")
    [practice] = t1["practice_sessions"]  # the session and its score stay
    assert practice["score"] == 0.75 and sorted(t["text"] for t in practice["turns"]) == ["coach T1-U1", "rep T1-U1"]
    assert [m["text"] for m in t1["inbound_messages"]] == ["typed T1-U1"]
    assert [e["data"].get("text") for e in t1["conversation"]["events"]] == ["hello T1:U1", "Hi T1:U1!"]
    assert len(t2["practice_sessions"][0]["turns"]) == 4 and len(t2["inbound_messages"]) == 2
    assert len(t2["conversation"]["events"]) == 4
    with session_scope(db_url) as session:
        set_retention(session, "T1", None)
        assert session.get(Workspace, "T1").retention_days is None  # type: ignore[union-attr]
        assert session.scalar(select(func.count()).select_from(InboundMessage)) == 3


def test_retention_clears_every_other_text_people_typed(db_url: str) -> None:
    add_user_data(db_url, "T1", "U1")
    with session_scope(db_url) as session:
        run = session.scalars(select(ChecklistRun)).one()
        run.backup_objective, run.outcome = "<!channel> plan B", {"confirmed": {}, "next_step": "demo Tuesday"}
        deal = session.scalars(select(Deal)).one()
        deal.buyer_name = "Dana Whitfield"
        set_retention(session, "T1", 30)
    with session_scope(db_url) as session:
        assert apply_retention(session, None, now=NOW)["T1"]["typed_texts"] == 0  # all recent: kept
    with session_scope(db_url) as session:
        assert apply_retention(session, None, now=NOW + timedelta(days=31))["T1"]["typed_texts"] == 3
        run, deal = session.scalars(select(ChecklistRun)).one(), session.scalars(select(Deal)).one()
        commitment = session.scalars(select(Commitment)).one()
        assert (run.objective, run.backup_objective, run.outcome["next_step"]) == (None, None, "")
        assert (deal.account, deal.buyer_name, deal.stage) == (f"Deal {deal.id}", None, "discovery")
        assert (commitment.text, commitment.drills) == ("", 3)  # the words go, the count stays
    with session_scope(db_url) as session:
        assert apply_retention(session, None, now=NOW + timedelta(days=62))["T1"]["typed_texts"] == 0


def run_spar(*args: str, url: str, stdin: int | None = subprocess.DEVNULL) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": url, "SQLALCHEMY_SILENCE_UBER_WARNING": "1"}
    env.pop("RASA_TRACKER_URL", None)  # the default, beside the database, as `spar run rasa` has it
    return subprocess.run([SPAR, *args], cwd=ROOT, stdin=stdin, capture_output=True, text=True, timeout=300, env=env)


def test_the_commands(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'spar.db'}"
    upgrade(url)
    two_workspaces(url)
    assert (tmp_path / "rasa_tracker.db").exists()

    result = run_spar("user", "export", "U1", url=url)
    assert result.returncode == 2 and "U1 is in 2 workspaces (T1, T2); choose one with --team" in result.stderr
    result = run_spar("user", "export", "U9", url=url)
    assert result.returncode == 2 and "nothing is stored about U9" in result.stderr
    result = run_spar("user", "export", "U1", "--team", "T1", url=url)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["user"]["slack_id"] == "U1" and len(document["practice_sessions"][0]["turns"]) == 4
    assert len(document["conversation"]["events"]) == 4 and "T2-U1" not in result.stdout

    result = run_spar("user", "delete", "U1", "--team", "T1", url=url)  # no terminal, no --yes
    assert result.returncode == 2 and "refusing to delete without --yes" in result.stderr
    answered_no = _in_a_terminal(url, "no\n", "user", "delete", "U1", "--team", "T1")
    assert answered_no.returncode == 1 and "Type yes to delete it" in answered_no.stdout
    assert "nothing deleted" in answered_no.stdout
    result = run_spar("user", "delete", "U1", "--team", "T1", "--yes", url=url)
    assert result.returncode == 0, result.stderr
    assert "deleted U1 in workspace T1" in result.stdout and "4  turns" in result.stdout
    assert "4  events (Rasa conversation)" in result.stdout
    result = run_spar("user", "export", "U1", url=url)  # only T2's U1 is left
    assert result.returncode == 0 and json.loads(result.stdout)["team_id"] == "T2"
    rasa = sa.create_engine(f"sqlite:///{tmp_path / 'rasa_tracker.db'}")
    with rasa.connect() as connection:
        senders = connection.execute(sa.text("SELECT DISTINCT sender_id FROM events ORDER BY sender_id")).scalars()
        assert list(senders) == ["T1:U2", "T2:U1"]
    rasa.dispose()

    result = run_spar("workspace", "retention", "T1", "30", url=url)
    assert result.returncode == 0 and "older than 30 day(s)" in result.stdout
    assert "older than 30 day(s)" in run_spar("workspace", "retention", "T1", url=url).stdout
    assert "no retention" in run_spar("workspace", "retention", "T1", "off", url=url).stdout
    assert run_spar("workspace", "retention", "T1", "0", url=url).returncode == 2
    assert run_spar("workspace", "retention", "T9", "30", url=url).returncode == 2


def _in_a_terminal(url: str, typed: str, *args: str) -> subprocess.CompletedProcess:
    """Run `spar` with a terminal as standard input, typing `typed` into it."""
    controller, terminal = pty.openpty()
    try:
        os.write(controller, typed.encode())
        return run_spar(*args, url=url, stdin=terminal)
    finally:
        os.close(controller)
        os.close(terminal)
