"""Spar's tracker store for Rasa: a conversation it saved is handed back without reading it again, but never a stale
or half-processed one."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from spar.tracker_store import SparTrackerStore
from tests.processes import ROOT

SENDER = "T0TEST:U0TRACKER"


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(ROOT / "domain.yml"))


def store_at(path: Path, domain: Domain) -> SparTrackerStore:
    return SparTrackerStore(domain=domain, dialect="sqlite", db=str(path))


def run(coroutine):  # noqa: ANN001, ANN201 - the stores' methods are coroutines
    return asyncio.run(coroutine)


def said(text: str) -> list:
    return [UserUttered(text, {"name": "inform"}), ActionExecuted("action_listen")]


def events_of(tracker: DialogueStateTracker | None) -> list[dict]:
    assert tracker is not None
    return [{k: v for k, v in e.as_dict().items() if k != "timestamp"} for e in tracker.events]


def new_conversation(store: SparTrackerStore) -> DialogueStateTracker:
    tracker = run(store.get_or_create_tracker(SENDER))
    for event in [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")]:
        tracker.update(event)
    run(store.save(tracker))
    return run(store.retrieve(SENDER))


def saying(store: SparTrackerStore, text: str) -> DialogueStateTracker:
    """A new conversation in which the user said `text`, saved."""
    tracker = new_conversation(store)
    tracker.update(said(text)[0])
    run(store.save(tracker))
    return tracker


def user_texts(tracker: DialogueStateTracker) -> list[str | None]:
    return [event.text for event in tracker.events if isinstance(event, UserUttered)]


def test_a_saved_conversation_comes_back_as_rasa_would_read_it(tmp_path: Path, domain: Domain) -> None:
    store = store_at(tmp_path / "t.db", domain)
    tracker = new_conversation(store)
    for event in said("hello") + [SlotSet("drill_reply", "x")]:
        tracker.update(event)
    run(store.save(tracker))
    again = run(store.retrieve(SENDER))
    assert again is tracker  # not read again
    assert events_of(again) == events_of(run(store_at(tmp_path / "t.db", domain).retrieve(SENDER)))
    assert again.get_slot("drill_reply") == "x"


def test_what_another_rasa_saved_meanwhile_is_read(tmp_path: Path, domain: Domain) -> None:
    first, second = store_at(tmp_path / "t.db", domain), store_at(tmp_path / "t.db", domain)
    tracker = saying(first, "one")
    elsewhere = run(second.retrieve(SENDER))
    for event in said("two"):
        elsewhere.update(event)
    run(second.save(elsewhere))
    back = run(first.retrieve(SENDER))
    assert back is not tracker
    assert user_texts(back) == ["one", "two"]


def test_a_conversation_deleted_meanwhile_is_gone(tmp_path: Path, domain: Domain) -> None:
    store = store_at(tmp_path / "t.db", domain)
    saying(store, "secret")
    with sa.create_engine(f"sqlite:///{tmp_path / 't.db'}").begin() as db:  # `spar user delete`, retention
        db.execute(sa.text("DELETE FROM events WHERE sender_id = :s"), {"s": SENDER})
    assert run(store.retrieve(SENDER)) is None


def test_a_conversation_not_saved_after_a_failure_is_read_again(tmp_path: Path, domain: Domain) -> None:
    store = store_at(tmp_path / "t.db", domain)
    saying(store, "kept")
    handed_out = run(store.retrieve(SENDER))
    handed_out.update(UserUttered("never saved"))  # Rasa failed before saving this turn
    again = run(store.retrieve(SENDER))
    assert user_texts(again) == ["kept"]
    for event in said("next"):
        again.update(event)
    run(store.save(again))
    stored = run(store_at(tmp_path / "t.db", domain).retrieve(SENDER))
    assert user_texts(stored) == ["kept", "next"]


def test_a_new_session_starts_from_the_database_as_in_rasa(tmp_path: Path, domain: Domain) -> None:
    store = store_at(tmp_path / "t.db", domain)
    saying(store, "yesterday")
    tracker = run(store.retrieve(SENDER))
    for event in [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")]:
        tracker.update(event)
    tracker.update(said("today")[0])
    run(store.save(tracker))
    latest = run(store.retrieve(SENDER))
    assert user_texts(latest) == ["today"]


def test_a_conversation_changed_after_saving_is_read_again(tmp_path: Path, domain: Domain) -> None:
    store = store_at(tmp_path / "t.db", domain)
    tracker = saying(store, "saved")
    tracker.update(UserUttered("after the save"))  # Rasa went on with the object and failed before saving again
    again = run(store.retrieve(SENDER))
    assert user_texts(again) == ["saved"]


def test_on_sqlite_conversations_are_committed_to_a_write_ahead_log_on_a_kept_connection(
    tmp_path: Path, domain: Domain
) -> None:
    store = store_at(tmp_path / "t.db", domain)
    saying(store, "kept")
    with sqlite3.connect(tmp_path / "t.db") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("SELECT count(*) FROM events WHERE type_name = 'user'").fetchone()[0] == 1  # committed
    assert store.engine.pool.checkedin() >= 1  # open for the next message, not reopened for each
