"""Replicas: two of each process on one PostgreSQL and one Redis, and migrations that several replicas start at once.

bot 1 talks to rasa 1, which calls actions 1; bot 2 to rasa 2 and actions 2. They share the app database, Rasa's
SQL tracker store and the Redis lock store, so a rep whose messages land on either bot has one conversation.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import requests
import yaml
from alembic.script import ScriptDirectory

from bot.sandbox import payloads
from coach.migrate import alembic_config, upgrade
from spar.processes import ENDPOINTS, rasa_endpoints, redis_lock_store
from tests.conftest import MODEL, SECRET, pg_database
from tests.e2e.test_drill_slack import score_in, script
from tests.processes import INTERNAL_TOKEN, SPAR, Process, free_port
from tests.slack import MockSlack, SlackUser, db_rows, text_of

TEAM = "T0REPLICA"
BUYER = "*Dana Whitfield"  # the buyer of the cfo-discovery scenario


def test_replicas_starting_together_migrate_once(fresh_pg_url: str) -> None:
    env = {**os.environ, "DATABASE_URL": fresh_pg_url, "SQLALCHEMY_SILENCE_UBER_WARNING": "1"}
    starts = [
        subprocess.Popen([SPAR, "db", "upgrade"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for _ in range(4)
    ]
    outputs = [start.communicate(timeout=180)[0] for start in starts]
    assert [start.returncode for start in starts] == [0, 0, 0, 0], "\n".join(outputs)
    head = ScriptDirectory.from_config(alembic_config(fresh_pg_url)).get_current_head()
    assert db_rows(fresh_pg_url, "SELECT version_num FROM alembic_version") == [(head,)]


def test_rasa_gets_redis_as_its_lock_store_only_when_redis_url_is_set() -> None:
    assert rasa_endpoints(None) == (ENDPOINTS, {})
    assert redis_lock_store("redis://127.0.0.1:6380/2") == (
        {"type": "redis", "url": "127.0.0.1", "port": 6380, "db": 2},
        {},
    )
    path, env = rasa_endpoints("rediss://spar:s%40cret@redis.example")
    assert path.stat().st_mode & 0o777 == 0o600  # Rasa's own, under a name made at random
    assert rasa_endpoints("rediss://spar:s%40cret@redis.example")[0] != path
    endpoints = yaml.safe_load(path.read_text())
    assert endpoints["lock_store"] == {
        "type": "redis",
        "url": "redis.example",
        "port": 6379,
        "db": 0,
        "username": "spar",
        "password": "${REDIS_PASSWORD}",  # read from the environment by Rasa: never written to a file
        "use_ssl": True,
    }
    assert env == {"REDIS_PASSWORD": "s@cret"} and "s@cret" not in path.read_text()
    plain = yaml.safe_load(ENDPOINTS.read_text())
    assert {k: v for k, v in endpoints.items() if k != "lock_store"} == plain  # the rest as endpoints.yml says
    with pytest.raises(ValueError):
        redis_lock_store("http://127.0.0.1:6379")


@pytest.fixture(scope="module")
def replicas(tmp_path_factory: pytest.TempPathFactory, redis_url: str) -> Iterator[dict[str, Any]]:
    """actions, rasa and bot, two of each, started in parallel; the Web API stand-in they all post to."""
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run `make model` (make test does it)")
    logs = tmp_path_factory.mktemp("replica-logs")
    with pg_database() as db_url:
        upgrade(db_url)
        slack = MockSlack(TEAM, free_port())
        pairs = []
        processes: list[Process] = []
        for n in (1, 2):
            rasa_url, actions_url, bot_url = (f"http://127.0.0.1:{free_port()}" for _ in range(3))
            common = {
                "DATABASE_URL": db_url,  # the app database, Rasa's tracker store and the job store
                "REDIS_URL": redis_url,
                "RASA_URL": rasa_url,
                "ACTIONS_URL": actions_url,
                "ACTION_ENDPOINT_URL": f"{actions_url}/webhook",
                "RASA_TRACKER_URL": db_url,
            }
            bot_env = {
                **common,
                "SLACK_BOT_TOKEN": "xoxb-test",
                "SLACK_SIGNING_SECRET": SECRET,
                "SLACK_APP_TOKEN": "",
                "SLACK_API_URL": slack.url,
                "PORT": bot_url.rsplit(":", 1)[1],
            }
            started = [
                Process(f"actions-{n}", common, logs).start(),
                Process(f"rasa-{n}", common, logs).start(),
                Process(f"bot-{n}", bot_env, logs).start(),
            ]
            processes += started
            pairs.append((started, actions_url, rasa_url, bot_url))
        try:
            for (actions, rasa, bot), actions_url, rasa_url, bot_url in pairs:
                actions.wait_for_url(f"{actions_url}/health", timeout=300)
                rasa.wait_for_url(f"{rasa_url}/status?token={INTERNAL_TOKEN}", timeout=300)
                bot.wait_for_url(f"{bot_url}/readyz", timeout=300)
            yield {
                "db_url": db_url,
                "slack": slack,
                "bot_urls": [pair[3] for pair in pairs],
                "rasa_urls": [pair[2] for pair in pairs],
                "redis_url": redis_url,
            }
        finally:
            for process in processes:  # all at once: each may take seconds to stop
                if process.popen is not None and process.popen.poll() is None:
                    process.popen.terminate()
            for process in processes:
                process.stop()


def new_rep(replicas: dict[str, Any]) -> tuple[SlackUser, SlackUser]:
    """One rep, seen through each bot replica (the same person, the same DM)."""
    user_id = f"U{uuid.uuid4().hex[:10].upper()}"
    replicas["slack"].api.add_user(user_id, "Riley Rep", tz="America/New_York")
    first, second = (SlackUser(url, SECRET, replicas["slack"], TEAM, user_id) for url in replicas["bot_urls"])
    return first, second


def start_drill(via_first: SlackUser, via_second: SlackUser) -> None:
    """The command reaches one replica, the button press the other."""
    _, offer = via_first.runs("drill cfo-discovery")
    scene = text_of(via_second.clicks(offer[0], "Start: Discovery with a CFO")[0])
    assert "Dana Whitfield" in scene and "objective" in scene.lower(), scene


def rep_turns(replicas: dict[str, Any], rep: SlackUser) -> list[tuple]:
    return db_rows(
        replicas["db_url"],
        "SELECT s.status, (SELECT count(*) FROM turns t WHERE t.session_id = s.id AND t.speaker = 'rep')"
        " FROM practice_sessions s JOIN users u ON u.id = s.user_id WHERE u.slack_id = :u ORDER BY s.id",
        u=rep.user_id,
    )


def tracker_texts(rasa_url: str, rep: SlackUser) -> list[str]:
    tracker = requests.get(
        f"{rasa_url}/conversations/{TEAM}:{rep.user_id}/tracker", params={"token": INTERNAL_TOKEN}, timeout=10
    ).json()
    return [event.get("text") or "" for event in tracker["events"] if event["event"] == "user"]


@pytest.mark.timeout(900)
def test_a_drill_spread_over_the_replicas_stays_one_conversation(replicas: dict[str, Any]) -> None:
    reps = new_rep(replicas)
    start_drill(*reps)
    messages = script("cfo-discovery", "strong")
    for n, message in enumerate(messages[:-1]):
        answer = text_of(reps[n % 2].says(message)[0])
        assert answer.startswith(BUYER), (message, answer)  # the buyer, turn by turn, whichever replica
    last, card = reps[(len(messages) - 1) % 2].says(messages[-1], expect=2)
    assert text_of(last).startswith(BUYER)
    assert score_in(text_of(card)) >= 80 and "objective met" in text_of(card)  # all five messages counted

    time.sleep(5)  # nothing more arrives: every message was answered once
    assert len(reps[0].replies()) == 2 + len(messages) + 1  # offer, scene, one answer each, the score card
    assert rep_turns(replicas, reps[0]) == [("completed", len(messages))]
    kept = db_rows(
        replicas["db_url"],
        "SELECT status, count(*) FROM inbound_messages WHERE user_slack_id = :u GROUP BY status",
        u=reps[0].user_id,
    )
    assert kept == [("processed", 2 + len(messages))]  # the command, the button and the messages; none lost
    # Both Rasa replicas read the one conversation from the shared tracker store: each message once, in order.
    for rasa_url in replicas["rasa_urls"]:
        texts = tracker_texts(rasa_url, reps[0])
        assert [t for t in texts if t in messages] == messages


@pytest.mark.timeout(900)
def test_the_same_slack_event_at_both_replicas_is_handled_once(replicas: dict[str, Any]) -> None:
    reps = new_rep(replicas)
    start_drill(*reps)
    messages = script("cfo-discovery", "strong")
    before = len(reps[0].replies())
    retried = payloads.dm_event(TEAM, reps[0].user_id, reps[0].channel, messages[0], event_id=f"Ev{uuid.uuid4().hex}")
    answers: list[int] = []
    deliveries = [threading.Thread(target=lambda r=rep: answers.append(r.post(retried).status_code)) for rep in reps]
    for delivery in deliveries:
        delivery.start()
    for delivery in deliveries:
        delivery.join(15)
    assert answers == [200, 200]  # both acknowledged, as Slack needs
    reps[0].slack.api.wait_for(lambda: len(reps[0].replies()) > before or None)
    time.sleep(5)
    replies = reps[0].replies()[before:]
    assert len(replies) == 1 and text_of(replies[0]).startswith(BUYER), replies
    assert text_of(reps[1].says(messages[1])[0]).startswith(BUYER)
    assert rep_turns(replicas, reps[0]) == [("active", 2)]


@pytest.mark.timeout(900)
def test_one_users_messages_are_answered_in_order_across_the_replicas(replicas: dict[str, Any]) -> None:
    # A new rep: each bot asks Slack who they are before passing their first message on. Slack keeps bot 1 waiting
    # two seconds for that (rate limited), so the rep's second message, at bot 2 meanwhile, would reach Rasa first.
    via_first, via_second = new_rep(replicas)
    api = replicas["slack"].api
    api.throttle("users.info", times=1, retry_after=2)
    first, second = "hello", "what's my streak?"
    assert via_first.post(payloads.dm_event(TEAM, via_first.user_id, via_first.channel, first)).status_code == 200
    time.sleep(0.3)
    assert via_second.post(payloads.dm_event(TEAM, via_second.user_id, via_second.channel, second)).status_code == 200
    api.wait_for(lambda: len(tracker_texts(replicas["rasa_urls"][0], via_first)) >= 2 or None, timeout=60)
    assert api.refused("users.info"), "Slack was to keep the first bot waiting"
    for rasa_url in replicas["rasa_urls"]:  # the dialogue heard them as they were typed
        assert tracker_texts(rasa_url, via_first) == [first, second]
    settled(via_first)
    replies = [text_of(reply) for reply in via_first.replies()]
    assert "streak" not in replies[0].lower() and any("streak" in reply.lower() for reply in replies[1:]), replies


@pytest.mark.timeout(900)
def test_both_rasa_replicas_wait_their_turn_on_the_redis_lock_store(
    replicas: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from rasa.core.lock_store import LockStore, RedisLockStore
    from rasa.core.utils import AvailableEndpoints

    # The lock store Rasa was given, read the way Rasa reads it.
    path, env = rasa_endpoints(replicas["redis_url"])
    for name, value in {**env, "ACTION_ENDPOINT_URL": "http://unused", "RASA_TRACKER_URL": "sqlite://"}.items():
        monkeypatch.setenv(name, value)
    store = LockStore.create(AvailableEndpoints.read_endpoints(str(path)).lock_store)
    assert isinstance(store, RedisLockStore)
    reps = new_rep(replicas)
    for rep in reps:  # through bot 1 and rasa 1, then bot 2 and rasa 2
        before = settled(rep)
        held_until = time.time() + 6
        store.issue_ticket(f"{TEAM}:{rep.user_id}", lock_lifetime=6)  # someone else is mid-message
        assert rep.post(payloads.dm_event(TEAM, rep.user_id, rep.channel, "hello")).status_code == 200
        rep.slack.api.wait_for(lambda r=rep, b=before: len(r.replies()) > b or None, timeout=60)
        assert time.time() >= held_until, "Rasa answered while another replica held the conversation's lock"


def settled(rep: SlackUser, quiet: float = 2.0) -> int:
    """How many replies the rep has once none has come for `quiet` seconds (an answer may be several messages)."""
    count, since = len(rep.replies()), time.monotonic()
    while time.monotonic() - since < quiet:
        time.sleep(0.2)
        if len(rep.replies()) != count:
            count, since = len(rep.replies()), time.monotonic()
    return count
