"""Two scheduler processes on one database: one leads, the other stands by and takes over when the leader dies.

A call reminder due around the handover is posted to Slack exactly once, by whichever scheduler holds the lease.
"""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path

import pytest
import redis
import sqlalchemy as sa

from bot.jobs.lease import SCHEDULER_LOCK, NoLease, PostgresLease, RedisLease, lease_key, scheduler_lease
from coach.db import engine_for, session_scope
from coach.migrate import upgrade
from coach.models import ChecklistRun, Deal, utcnow
from coach.people import ensure_user
from coach.precall.followups import REMIND_BEFORE, schedule_call
from tests.processes import Process, free_port
from tests.slack import MockSlack, db_rows, text_of

TEAM = "T0LEASE"
REP = "U0LEASEREP"
LEADER = "scheduler lease acquired"
STANDBY = "scheduler standby"
TAKEOVER_LIMIT = 30  # seconds, from the leader's death to the standby holding the lease


def a_call_without_a_checklist(url: str) -> int:
    with session_scope(url) as session:
        rep = ensure_user(session, TEAM, REP, name="Riley Rep", tz="America/New_York")
        deal = Deal(team_id=TEAM, owner_id=rep.id, account="Northwind")
        session.add(deal)
        session.flush()
        run = ChecklistRun(team_id=TEAM, user_id=rep.id, deal_id=deal.id, answers={}, status="open")
        session.add(run)
        session.flush()
        run_id = int(run.id)
    engine_for(url).dispose()
    return run_id


def wait_for_log(process: Process, words: str, timeout: float) -> float:
    """Seconds until `words` appear in the process's log."""
    started = time.monotonic()
    while words not in process.log_path.read_text(errors="replace"):
        if time.monotonic() - started > timeout:
            raise AssertionError(f"{process.name} never said {words!r} within {timeout}s:\n{process.log_tail()}")
        time.sleep(0.2)
    return time.monotonic() - started


def leader_and_standby(schedulers: list[Process]) -> tuple[Process, Process]:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        logs = [s.log_path.read_text(errors="replace") for s in schedulers]
        if all(LEADER in log or STANDBY in log for log in logs):
            leaders = [s for s, log in zip(schedulers, logs, strict=True) if LEADER in log]
            assert len(leaders) == 1, "\n\n".join(s.log_tail() for s in schedulers)
            standby = next(s for s in schedulers if s is not leaders[0])
            assert STANDBY in standby.log_path.read_text()
            return leaders[0], standby
        time.sleep(0.2)
    raise AssertionError("the schedulers did not settle:\n\n" + "\n\n".join(s.log_tail() for s in schedulers))


@pytest.mark.timeout(300)
@pytest.mark.parametrize(
    ("lease", "due_in"),
    [
        ("PostgreSQL advisory lock", 20),  # the session goes with the process: the standby takes over at once
        ("Redis lock", 5),  # the lock outlives the leader by its TTL: the reminder falls due during the handover
    ],
)
def test_a_standby_takes_over_from_a_killed_leader_and_the_reminder_goes_once(
    lease: str, due_in: int, fresh_pg_url: str, redis_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = fresh_pg_url
    upgrade(url)
    run_id = a_call_without_a_checklist(url)
    slack = MockSlack(TEAM, free_port())
    env = {
        "DATABASE_URL": url,
        "REDIS_URL": redis_url if lease == "Redis lock" else "",
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": "test-signing-secret",
        "SLACK_API_URL": slack.url,
        "SPAR_MICRO_EVERY_MINUTES": "0",
        "SPAR_NUDGE_EVERY_MINUTES": "0",
    }
    schedulers = [Process(f"scheduler-{n}", env, tmp_path).start() for n in (1, 2)]
    try:
        leader, standby = leader_and_standby(schedulers)
        assert f"{LEADER} ({lease})" in leader.log_path.read_text()
        wait_for_log(leader, "Scheduler started", 60)  # APScheduler's own line: the leader runs the jobs
        assert "Scheduler started" not in standby.log_path.read_text()  # a standby runs none

        monkeypatch.setenv("DATABASE_URL", url)
        schedule_call(run_id, utcnow() + timedelta(seconds=due_in) + REMIND_BEFORE)  # the reminder: due_in s from now
        assert leader.popen is not None
        leader.popen.kill()  # SIGKILL: no goodbye, no lease released
        leader.popen.wait(10)

        takeover = wait_for_log(standby, LEADER, TAKEOVER_LIMIT)
        print(f"\n{lease}: the standby took over {takeover:.1f} s after the leader was killed")
        reminders = lambda: [m for m in slack.api.posts_to(REP) if "starts in 30 minutes" in text_of(m)]  # noqa: E731
        slack.api.wait_for(lambda: reminders() or None, timeout=60)
        time.sleep(12)  # a scheduler wake-up (10 s) later, still one
        assert len(reminders()) == 1, reminders()
        assert "*Northwind*" in text_of(reminders()[0])
        assert db_rows(url, "SELECT reminded_at IS NOT NULL FROM checklist_runs WHERE id = :id", id=run_id) == [(True,)]
        assert db_rows(url, "SELECT id FROM scheduler_jobs WHERE id = :id", id=f"call-reminder-{run_id}") == []
    finally:
        for scheduler in schedulers:
            scheduler.stop()
        engine_for(url).dispose()


def test_the_lease_comes_from_redis_else_postgresql_and_sqlite_needs_none(redis_url: str) -> None:
    pg = "postgresql://spar:hunter2@db.example:5432/spar"
    assert isinstance(scheduler_lease(pg, redis_url), RedisLease)
    assert isinstance(scheduler_lease(pg, None), PostgresLease)
    assert isinstance(scheduler_lease("sqlite:///var/spar.db", None), NoLease)
    assert "hunter2" not in lease_key(pg)
    assert lease_key(pg) != lease_key(pg.replace("/spar", "/other"))  # one lease per deployment's database


def test_a_postgresql_lease_is_one_sessions_and_goes_with_it(fresh_pg_url: str) -> None:
    first, second = PostgresLease(fresh_pg_url), PostgresLease(fresh_pg_url)
    try:
        assert first.acquire() and not second.acquire()
        assert first.renew()
        engine = sa.create_engine(fresh_pg_url, future=True)
        with engine.connect() as connection:  # the leader's session dies (a crash, a network cut)
            connection.execute(
                sa.text(
                    "SELECT pg_terminate_backend(l.pid) FROM pg_locks l JOIN pg_database d ON d.oid = l.database"
                    " WHERE l.locktype = 'advisory' AND d.datname = current_database()"
                    " AND (l.classid::bigint << 32 | l.objid::bigint) = :key"
                ),
                {"key": SCHEDULER_LOCK},
            )
        engine.dispose()
        assert not first.renew()  # the leader learns it lost the lease at its next heartbeat
        assert second.acquire()
    finally:
        first.release()
        second.release()


def test_a_redis_lease_expires_and_a_leader_that_lost_it_knows(redis_url: str) -> None:
    url = f"postgresql://postgres@127.0.0.1/lease_test_{time.time_ns()}"
    first, second = RedisLease(redis_url, url), RedisLease(redis_url, url)
    try:
        assert first.acquire() and not second.acquire()
        assert first.renew()
        assert 0 < redis.Redis.from_url(redis_url).pttl(lease_key(url)) <= 10_000  # a TTL: a dead leader's ends
        redis.Redis.from_url(redis_url).delete(lease_key(url))  # as if the TTL ran out while the leader stalled
        assert second.acquire()
        assert not first.renew()  # so it stops its jobs
    finally:
        first.release()
        second.release()
