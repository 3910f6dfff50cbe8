"""The scheduler process: APScheduler with its jobs stored in the database, so they survive restarts.

Several scheduler processes may run (replicas); the one holding the lease (`bot/jobs/lease.py`) runs the jobs and
the others stand by, trying to take the lease every few seconds.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from datetime import timedelta

from apscheduler.schedulers.background import BackgroundScheduler

from bot.jobs.lease import HEARTBEAT_SECONDS, STANDBY_POLL_SECONDS, Lease, scheduler_lease
from coach import retention
from coach.conversations import tracker_connection
from coach.db import session_scope
from coach.inbox import forget_expired_oauth_states, forget_old_events
from coach.precall.followups import job_store
from coach.settings import load_settings, rasa_tracker_url

log = logging.getLogger("spar.scheduler")
WAKE_SECONDS = 10


def forget_old_event_ids() -> None:
    """Housekeeping: Slack retries within minutes, so ids older than a week can go; so can install states that
    expired unused."""
    with session_scope() as session:
        removed = forget_old_events(session, timedelta(days=7))
        states = forget_expired_oauth_states(session)
    log.info("forgot %d old event ids and %d expired install states", removed, states)


def apply_retention() -> None:
    """Daily: workspaces with a retention setting lose older transcripts, message texts and Rasa events."""
    with session_scope() as session, tracker_connection(rasa_tracker_url(), session) as tracker:
        removed = retention.apply_retention(session, tracker)
    for team_id, counts in removed.items():
        log.info("retention in %s removed %s", team_id, ", ".join(f"{n} {table}" for table, n in counts.items()))


def look_for_new_jobs() -> None:
    """Nothing to do: running wakes the scheduler, which then sees jobs other processes stored meanwhile."""


def build_scheduler() -> BackgroundScheduler:
    settings = load_settings()
    scheduler = BackgroundScheduler(
        jobstores={"default": job_store(settings.database_url)},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 3600},
        timezone="UTC",
    )
    scheduler.add_job(forget_old_event_ids, "cron", hour=3, minute=17, id="forget_old_event_ids", replace_existing=True)
    scheduler.add_job(apply_retention, "cron", hour=3, minute=37, id="apply_retention", replace_existing=True)
    # The actions process stores call reminders and debriefs (coach/precall/followups.py); APScheduler only notices
    # them when it wakes up.
    scheduler.add_job(
        look_for_new_jobs, "interval", seconds=WAKE_SECONDS, id="look_for_new_jobs", replace_existing=True
    )
    scheduler.add_job(
        "bot.jobs.digests:send_weekly_digests", "interval", minutes=5, id="send_weekly_digests", replace_existing=True
    )
    if nudges_every():
        for job in ("bot.jobs.buddies:send_buddy_checkins", "bot.jobs.buddies:send_streak_reminders"):
            scheduler.add_job(job, "interval", minutes=nudges_every(), id=job.partition(":")[2], replace_existing=True)
    if micro_drills_every():
        scheduler.add_job(
            "bot.jobs.micro:send_due_micro_drills",
            "interval",
            minutes=micro_drills_every(),
            id="send_due_micro_drills",
            replace_existing=True,
        )
    return scheduler


def micro_drills_every() -> int:
    """Minutes between looks for reps due a micro-drill (SPAR_MICRO_EVERY_MINUTES; 0 turns them off)."""
    return int(os.environ.get("SPAR_MICRO_EVERY_MINUTES", "5"))


def nudges_every() -> int:
    """Minutes between looks for buddy check-ins and streak reminders due (SPAR_NUDGE_EVERY_MINUTES; 0 turns
    them off)."""
    return int(os.environ.get("SPAR_NUDGE_EVERY_MINUTES", "5"))


def wait_for_lease(lease: Lease, stopping: threading.Event) -> bool:
    """Stand by until this process holds the lease (True), or until it is told to stop (False)."""
    standing_by = False
    while not stopping.is_set():
        if lease.acquire():
            log.info("scheduler lease acquired (%s): running the jobs", lease.kind)
            return True
        if not standing_by:
            log.info(
                "scheduler standby: another scheduler holds the lease (%s); trying every %d s",
                lease.kind,
                STANDBY_POLL_SECONDS,
            )
            standing_by = True
        stopping.wait(STANDBY_POLL_SECONDS)
    return False


def lead(lease: Lease, stopping: threading.Event) -> None:
    """Run the jobs while the lease holds; a lost lease (Redis TTL expired, database session gone) stops them."""
    scheduler = build_scheduler()
    print("Spar scheduler started; jobs: " + ", ".join(job.id for job in scheduler.get_jobs()), flush=True)
    scheduler.start()
    try:
        while not stopping.wait(HEARTBEAT_SECONDS):
            if not lease.renew():
                log.warning("scheduler lease lost: jobs stopped, standing by")
                return
    finally:
        scheduler.shutdown(wait=False)
        lease.release()


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = load_settings()
    lease = scheduler_lease(settings.database_url, settings.redis_url)
    stopping = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stopping.set())
    while wait_for_lease(lease, stopping):
        lead(lease, stopping)
    return 0
