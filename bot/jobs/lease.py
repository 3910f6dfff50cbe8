"""The scheduler's lease: several scheduler processes may run, and only the one holding the lease runs jobs.

- With `REDIS_URL`: a Redis lock (redis-py `Lock`) with a 10-second TTL that the holder renews every 3 seconds;
  a leader that dies stops renewing, and the lock expires.
- Else on PostgreSQL: a session-level advisory lock held on a connection of its own; a leader that dies closes
  its connection, and PostgreSQL releases the lock with the session.
- On SQLite (one machine, one scheduler) there is nothing to share, so no lease: the process always leads.

The lease makes one scheduler do the work; it does not make jobs run once. Each job claims its work in the
database before sending anything (`claim_day`, `claim_checkin`, the checklist run's `_claim`), so a job that a
dying leader and its successor both run still sends once.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Protocol

from sqlalchemy import create_engine, func, pool, select, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import SQLAlchemyError

log = logging.getLogger("spar.scheduler")

LEASE_TTL_SECONDS = 10  # Redis: how long a silent leader keeps the lease
HEARTBEAT_SECONDS = 3  # the leader renews (Redis) or checks (PostgreSQL) its lease this often
STANDBY_POLL_SECONDS = 3  # a standby tries to take the lease this often
# PostgreSQL advisory lock key ("sparschd" as a 64-bit number); migrations use another. Advisory locks belong
# to one database, so each database (each deployment) has its own scheduler lease.
SCHEDULER_LOCK = int.from_bytes(b"sparschd", "big")
# A leader whose machine vanishes without closing its socket: PostgreSQL drops its session (and the lease) after
# about 5 + 3 x 2 seconds of unanswered keepalives (TCP connections only; a Unix socket is on the same machine).
KEEPALIVES = {"tcp_keepalives_idle": 5, "tcp_keepalives_interval": 2, "tcp_keepalives_count": 3}


class Lease(Protocol):
    kind: str  # what holds the lease, for the log

    def acquire(self) -> bool:
        """Try once to take the lease, without waiting; True when this process holds it."""

    def renew(self) -> bool:
        """The leader's heartbeat: True while the lease is still this process's."""

    def release(self) -> None:
        """Give the lease up (on shutdown, or after losing it)."""


class NoLease:
    """SQLite: one machine runs one scheduler, so it always leads."""

    kind = "none needed on SQLite"

    def acquire(self) -> bool:
        return True

    def renew(self) -> bool:
        return True

    def release(self) -> None:
        pass


class PostgresLease:
    """A session-level advisory lock on a dedicated connection: it lives and dies with this process's session."""

    kind = "PostgreSQL advisory lock"

    def __init__(self, database_url: str) -> None:
        self._engine = create_engine(database_url, poolclass=pool.NullPool, isolation_level="AUTOCOMMIT", future=True)
        self._connection: Connection | None = None

    def acquire(self) -> bool:
        try:
            if self._connection is None:
                self._connection = self._engine.connect()
                for name, value in KEEPALIVES.items():
                    self._connection.execute(text(f"SET {name} = {int(value)}"))
            return bool(self._connection.execute(select(func.pg_try_advisory_lock(SCHEDULER_LOCK))).scalar())
        except SQLAlchemyError as error:
            log.warning("scheduler lease: PostgreSQL did not answer (%s)", type(error).__name__)
            self._drop()
            return False

    def renew(self) -> bool:
        # The lock is the session's: while the session answers, it is still held.
        if self._connection is None:
            return False
        try:
            self._connection.execute(select(1))
            return True
        except SQLAlchemyError:
            self._drop()
            return False

    def release(self) -> None:
        if self._connection is not None:
            try:
                self._connection.execute(select(func.pg_advisory_unlock(SCHEDULER_LOCK)))
            except SQLAlchemyError:
                pass
        self._drop()

    def _drop(self) -> None:
        if self._connection is not None:
            try:
                self._connection.close()
            except SQLAlchemyError:
                pass
            self._connection = None


class RedisLease:
    """A Redis lock with a TTL, renewed by the leader's heartbeat; it expires LEASE_TTL_SECONDS after a leader dies."""

    kind = "Redis lock"

    def __init__(self, redis_url: str, database_url: str) -> None:
        import redis

        self._errors: tuple[type[Exception], ...] = (redis.RedisError,)
        client = redis.Redis.from_url(redis_url, socket_timeout=5, socket_connect_timeout=5)
        self._lock = client.lock(lease_key(database_url), timeout=LEASE_TTL_SECONDS, blocking=False, thread_local=False)

    def acquire(self) -> bool:
        try:
            return bool(self._lock.acquire(blocking=False))
        except self._errors as error:
            log.warning("scheduler lease: Redis did not answer (%s)", type(error).__name__)
            return False

    def renew(self) -> bool:
        try:
            self._lock.reacquire()  # back to the full TTL; fails when the lock expired and someone else took it
            return True
        except self._errors:  # LockError is a RedisError
            return False

    def release(self) -> None:
        try:
            self._lock.release()
        except self._errors:
            pass


def lease_key(database_url: str) -> str:
    """One lease per job store: schedulers of the same database share it, other deployments on the same Redis don't.
    The key is a digest of the URL without its password, so nothing secret lands in Redis."""
    shown = make_url(database_url).render_as_string(hide_password=True)
    return "spar:scheduler-lease:" + hashlib.sha256(shown.encode()).hexdigest()[:16]


def scheduler_lease(database_url: str, redis_url: str | None) -> Lease:
    """Redis when REDIS_URL is set (the contract's cross-replica locks), else a PostgreSQL advisory lock, else none."""
    if redis_url:
        return RedisLease(redis_url, database_url)
    if make_url(database_url).get_backend_name() == "postgresql":
        return PostgresLease(database_url)
    return NoLease()
