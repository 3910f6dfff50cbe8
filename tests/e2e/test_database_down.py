"""The database stopped mid-drill: the rep's message is acknowledged, kept in the bot's spool and met with "give me a
moment"; once the database is back the message moves into it, is answered once, and the drill carries on.

Runs its own PostgreSQL cluster (stopped and started here, never the machine's shared one) with the action server,
Rasa and the bot on it.
"""

from __future__ import annotations

import sqlite3
import time
import uuid
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

import pytest

from bot import spool
from bot.relay import MOMENT, Delivery, keep, move_spooled
from bot.sandbox import payloads
from coach import inbox
from coach.db import session_scope
from coach.migrate import upgrade
from tests.conftest import new_rep, running_stack
from tests.e2e.test_drill_slack import script, sessions, start
from tests.e2e.test_faults import BUYER, answered_once_back, finish, kept_status, says_while_down
from tests.processes import PrivatePostgres, free_port
from tests.slack import SlackUser, text_of

RETRY = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}


def said(text: str, event_id: str) -> Delivery:
    return Delivery("T0DOWN", "U0REP", text, "message", event_id, "D0REP", "U0REP")


def test_with_the_database_unreachable_messages_are_spooled_once_and_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPAR_SPOOL_DIR", str(tmp_path / "spool"))
    monkeypatch.setenv("DATABASE_URL", f"postgresql://postgres@127.0.0.1:{free_port()}/nothing_listens")
    assert keep(said("one", "Ev1"), claim=True)
    assert not keep(said("one", "Ev1"), claim=True)  # Slack's retry
    assert keep(said("two", "Ev2"), claim=True)
    assert [fields["text"] for _, fields in spool.waiting()] == ["one", "two"]


def test_moving_the_spool_in_keeps_the_order_and_doubles_nothing(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("SPAR_SPOOL_DIR", str(tmp_path / "spool"))
    for delivery in (said("one", "Ev1"), said("two", "Ev2"), said("three", "Ev3")):
        assert spool.add(asdict(delivery))
    assert keep(said("four", "Ev4"))  # spooled too: the database is up, but the rep's earlier messages wait there
    with session_scope() as session:  # Slack's retry of "one", kept and answered meanwhile; "two" kept, unanswered
        one = inbox.keep_message(session, "T0DOWN", "U0REP", "D0REP", "one", "message", "Ev1")
        inbox.mark_message(session, "T0DOWN", one.id, "processed")
        inbox.keep_message(session, "T0DOWN", "U0REP", "D0REP", "two", "message", "Ev2")
    assert move_spooled() == 4 and spool.waiting() == []
    with session_scope() as session:
        kept = [(m.text, m.status) for m in inbox.messages_of(session, "T0DOWN", "U0REP")]
    assert kept == [("one", "processed"), ("two", "pending"), ("three", "pending"), ("four", "pending")]
    assert move_spooled() == 0


@pytest.fixture(scope="module")
def postgres() -> Iterator[PrivatePostgres]:
    cluster = PrivatePostgres()
    try:
        cluster.start()
        upgrade(cluster.url)
        yield cluster
    finally:
        cluster.remove()


@pytest.fixture(scope="module")
def pg_stack(postgres: PrivatePostgres, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    logs = tmp_path_factory.mktemp("pg-logs")
    env = {"RASA_TRACKER_URL": postgres.url, "SPAR_SPOOL_DIR": str(logs / "spool")}
    with running_stack(postgres.url, logs, env, everything=False) as running:
        yield {**running, "logs": logs}


def spooled(stack: dict) -> list[tuple[str, str]]:
    """(user, text) of every delivery in the bot's spool."""
    files = list((stack["logs"] / "spool").glob("spool-*.db"))
    assert len(files) <= 1, files
    rows: list[tuple[str, str]] = []
    for path in files:
        with sqlite3.connect(path) as connection:
            rows += connection.execute("SELECT user_id, text FROM deliveries ORDER BY seq").fetchall()
    return rows


def no_new_replies(rep: SlackUser, count: int, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert len(rep.replies()) == count, [text_of(m) for m in rep.replies()[count:]]
        time.sleep(0.2)


def test_with_the_database_stopped_a_drill_line_waits_and_the_drill_carries_on(
    postgres: PrivatePostgres, pg_stack: dict
) -> None:
    rep, colleague = new_rep(pg_stack), new_rep(pg_stack)
    messages = script("cfo-discovery", "strong")
    start(rep, "cfo-discovery")
    assert text_of(rep.says(messages[0])[0]).startswith(BUYER)
    event_id = f"Ev{uuid.uuid4().hex[:16].upper()}"
    began = time.monotonic()
    postgres.stop()
    try:
        says_while_down(rep, messages[1], event_id)
        before = len(rep.replies())
        # Slack's retry of the same event, while the database is still down: acknowledged, not answered again.
        retry = payloads.dm_event(rep.team_id, rep.user_id, rep.channel, messages[1], event_id)
        assert rep.post(retry, headers=RETRY).status_code == 200
        # A slash command goes the same way (its trigger id can't be claimed in the database either).
        response, replies = colleague.runs("help")
        assert response.status_code == 200 and text_of(replies[0]) == MOMENT
        no_new_replies(rep, before, 2)
        assert spooled(pg_stack) == [(rep.user_id, messages[1]), (colleague.user_id, "/help")]
    finally:
        postgres.start()
    answer = answered_once_back(rep, pg_stack, messages[1], before)
    print(f"PostgreSQL restart and the kept line answered: {time.monotonic() - began:.1f} s")
    assert answer.startswith(BUYER) and "objective" not in answer.lower()  # her next line, not the scene again
    assert kept_status(pg_stack, rep, messages[1]) == [("processed",)]  # one row: the retry was not kept again
    assert spooled(pg_stack) == []
    no_new_replies(rep, before + 1, 3)  # answered once
    assert sessions(pg_stack, rep)[0][3] == 2
    help_text = text_of(colleague.slack.api.wait_for(lambda: colleague.replies()[1:], timeout=30)[0])
    assert help_text != MOMENT and "drill" in help_text.lower()
    finish(rep, pg_stack, messages[2:])
    assert sessions(pg_stack, rep)[0][0] == "completed" and sessions(pg_stack, rep)[0][3] == 5
    bot_log = Path(pg_stack["processes"][2].log_path).read_text(errors="replace")
    assert "Traceback" not in bot_log, pg_stack["processes"][2].log_tail(80)
