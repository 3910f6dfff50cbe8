"""bench/organisation.py runs end to end on a tiny organisation and drops its database (no timings judged)."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import sqlalchemy as sa

from tests.conftest import PG_ADMIN_URL
from tests.processes import ROOT


def test_the_organisation_benchmark_prints_its_table_and_drops_its_database() -> None:
    env = {**os.environ, "SPAR_BENCH_PG_URL": PG_ADMIN_URL, "SQLALCHEMY_SILENCE_UBER_WARNING": "1"}
    run = subprocess.run(
        [sys.executable, "bench/organisation.py", "--reps", "40", "--sessions-per-rep", "5", "--runs", "1"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    out = run.stdout
    assert "40 reps in 2 workspaces, 4 managers (about 10 reps each), 4 admins" in out
    assert "users 48," in out  # 40 reps, 4 managers, 4 admins
    assert "a manager's summary (10 reps, 7 days)" in out
    assert "an admin's summary (23 people, 7 days)" in out  # a workspace's 20 reps, 2 managers and other admin
    # Every manager and admin is in London, UTC or the Americas: all past Monday 08:00.
    assert re.search(r"digest planning, Mon 16:00 UTC: 8 due +1( +[\d.]+){3}\n", out)
    assert re.search(r"digest planning, Wed 16:00 UTC: 0 due ", out)
    assert re.search(r"building each manager's digest +4 ", out)
    assert "planning + building all 8 digests" in out
    database = re.search(r"PostgreSQL database (spar_bench_\w+)", out)
    assert database
    admin = sa.create_engine(PG_ADMIN_URL, future=True)
    with admin.connect() as connection:
        left = connection.scalar(sa.text("SELECT count(*) FROM pg_database WHERE datname = :n"), {"n": database[1]})
    admin.dispose()
    assert left == 0
