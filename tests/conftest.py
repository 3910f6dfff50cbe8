"""Fixtures: databases (SQLite and the loopback PostgreSQL) and the running stack."""

from __future__ import annotations

import contextlib
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa

from coach.migrate import upgrade
from tests.processes import INTERNAL_TOKEN, ROOT, TOKEN_KEY, Process, free_port
from tests.slack import MockSlack, SlackUser

os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
PG_ADMIN_URL = os.environ.get("SPAR_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
MODEL = ROOT / "models" / "spar.tar.gz"
SECRET = "test-signing-secret"
TEAM = "T0TEST"
# The tests play the scheduler and read Rasa's endpoints as Spar's processes do: with the secret they share.
os.environ.setdefault("SPAR_INTERNAL_TOKEN", INTERNAL_TOKEN)
os.environ.setdefault("SPAR_TOKEN_KEYS", TOKEN_KEY)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh database on the PostgreSQL at 127.0.0.1:5432. Missing PostgreSQL fails the run, never skips."""
    with pg_database() as url:
        yield url
        sa.create_engine(url).dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite file migrated once per test run; each test gets a copy (migrating per test cost about a second)."""
    path = tmp_path_factory.mktemp("template") / "spar.db"
    upgrade(f"sqlite:///{path}")
    _dispose(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_template(postgres_url: str) -> str:
    """A PostgreSQL database migrated once per test run, which each test's database is created from."""
    upgrade(postgres_url)
    _dispose(postgres_url)
    return postgres_url.rsplit("/", 1)[1]


def _dispose(url: str) -> None:
    from coach.db import engine_for

    engine_for(url).dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A migrated, empty database of each engine: a copy of a template migrated once (Alembic's own behaviour is
    tested on fresh databases in the migration tests)."""
    if request.param == "sqlite":
        path = tmp_path / "spar.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        url = f"sqlite:///{path}"
    else:
        template = request.getfixturevalue("postgres_template")
        name = f"{template}_{uuid.uuid4().hex[:6]}"
        admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT", future=True)
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
        admin.dispose()
        url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    yield url
    if request.param == "postgresql":
        _dispose(url)
        with sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT", future=True).connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """Rasa, the action server and the bot, running as `make run` runs them, against a mock Slack Web API; on SQLite,
    or with `SPAR_TEST_DATABASE=postgresql` on a database of its own on the loopback PostgreSQL."""
    logs = tmp_path_factory.mktemp("logs")
    with contextlib.ExitStack() as cleanup:
        if os.environ.get("SPAR_TEST_DATABASE") == "postgresql":
            db_url = cleanup.enter_context(pg_database())
        else:
            db_url = f"sqlite:///{logs / 'spar.db'}"
        upgrade(db_url)
        yield cleanup.enter_context(running_stack(db_url, logs))


@contextmanager
def running_stack(
    db_url: str, logs: Path, env: dict[str, str] | None = None, everything: bool = True
) -> Iterator[dict]:
    """The action server, Rasa and the bot (processes 0, 1 and 2) on the migrated `db_url`, with `env` besides;
    with `everything`, the sandbox bot and the scheduler too. All stopped after the block."""
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run `make model` (make test does it)")
    rasa_port, actions_port, bot_port, sandbox_port = free_port(), free_port(), free_port(), free_port()
    slack = MockSlack(TEAM, free_port())
    common = {
        "DATABASE_URL": db_url,
        "RASA_URL": f"http://127.0.0.1:{rasa_port}",
        "ACTIONS_URL": f"http://127.0.0.1:{actions_port}",
        **(env or {}),
    }
    for key in (
        "SLACK_BOT_TOKEN",
        "SLACK_SIGNING_SECRET",
        "SLACK_APP_TOKEN",
        "SLACK_API_URL",
        "ACTION_ENDPOINT_URL",
        "RASA_TRACKER_URL",
    ):
        os.environ.pop(key, None)
    slack_app = {"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": slack.url}
    processes = [
        Process("actions", common, logs).start(),
        Process("rasa", common, logs).start(),
        Process("bot", {**common, **slack_app, "PORT": str(bot_port)}, logs).start(),
    ]
    if everything:
        processes += [
            Process("bot-sandbox", {**common, "PORT": str(sandbox_port)}, logs).start(),
            Process(
                "scheduler",
                {
                    **common,
                    **slack_app,
                    "SPAR_MICRO_EVERY_MINUTES": "0",  # the micro-drill tests run the job themselves, at a chosen time
                    "SPAR_NUDGE_EVERY_MINUTES": "0",  # so do the buddy check-in and streak reminder tests
                },
                logs,
            ).start(),
        ]
    try:
        processes[0].wait_for_url(f"http://127.0.0.1:{actions_port}/health")
        processes[1].wait_for_url(f"http://127.0.0.1:{rasa_port}/status?token={INTERNAL_TOKEN}")
        processes[2].wait_for_url(f"http://127.0.0.1:{bot_port}/readyz")
        if everything:
            processes[3].wait_for_url(f"http://127.0.0.1:{sandbox_port}/readyz")
        yield {
            "bot_url": f"http://127.0.0.1:{bot_port}",
            "sandbox_url": f"http://127.0.0.1:{sandbox_port}",
            "slack": slack,
            "db_url": db_url,
            "rasa_url": common["RASA_URL"],
            "actions_url": common["ACTIONS_URL"],
            "processes": processes,
        }
    finally:
        for process in processes:
            process.stop()


@pytest.fixture
def sandbox_url(stack: dict) -> str:
    return stack["sandbox_url"]


@pytest.fixture
def rep(stack: dict) -> SlackUser:
    """A new user in the test workspace (a fresh conversation per test)."""
    return new_rep(stack)


def new_rep(stack: dict) -> SlackUser:
    """A new user in the workspace of `stack` (a `running_stack`)."""
    user_id = f"U{uuid.uuid4().hex[:10].upper()}"
    stack["slack"].api.add_user(user_id, "Riley Rep", tz="America/New_York", email="riley@example.com")
    return SlackUser(stack["bot_url"], SECRET, stack["slack"], TEAM, user_id)


@contextmanager
def pg_database() -> Iterator[str]:
    """An empty database of its own on the loopback PostgreSQL, dropped afterwards (its sessions too)."""
    name = f"spar_test_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT", future=True)
    try:
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as error:
        pytest.fail(f"PostgreSQL is required at {PG_ADMIN_URL}: {error}")
    try:
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def fresh_pg_url() -> Iterator[str]:
    """An empty database for several processes to share (and migrate)."""
    with pg_database() as url:
        yield url


@pytest.fixture(scope="session")
def redis_url() -> str:
    """The Redis at 127.0.0.1:6379. Missing Redis fails the run, never skips."""
    import redis

    url = os.environ.get("SPAR_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=5).ping()
    except redis.RedisError as error:
        pytest.fail(f"Redis is required at {url}: {error}")
    return url


TIERS = ("unit", "integration", "e2e")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Each test is marked with its tier, the folder it lives in (`-m unit`, `-m "not e2e"`)."""
    for item in items:
        tier = next((part for part in item.path.parts if part in TIERS), None)
        if tier:
            item.add_marker(getattr(pytest.mark, tier))
