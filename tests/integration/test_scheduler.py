"""The scheduler process keeps its jobs in the database, so they survive a restart."""

from __future__ import annotations

import time
from pathlib import Path

from coach.migrate import upgrade
from tests.processes import Process
from tests.slack import db_rows


def test_scheduler_stores_its_jobs_and_keeps_them_across_restarts(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'spar.db'}"
    upgrade(url)
    for _ in range(2):
        scheduler = Process("scheduler", {"DATABASE_URL": url}, tmp_path).start()
        try:
            deadline = time.monotonic() + 60
            while "Scheduler started" not in scheduler.log_path.read_text() and time.monotonic() < deadline:
                time.sleep(0.2)
            assert (
                "jobs: forget_old_event_ids, apply_retention, look_for_new_jobs, send_weekly_digests,"
                " send_buddy_checkins, send_streak_reminders, send_due_micro_drills" in scheduler.log_path.read_text()
            )
        finally:
            scheduler.stop()
        rows = db_rows(url, "SELECT id, next_run_time FROM scheduler_jobs ORDER BY id")
        assert [row[0] for row in rows] == [
            "apply_retention",
            "forget_old_event_ids",
            "look_for_new_jobs",
            "send_buddy_checkins",
            "send_due_micro_drills",
            "send_streak_reminders",
            "send_weekly_digests",
        ]
        assert all(row[1] > time.time() for row in rows)
