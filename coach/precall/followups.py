"""A real call's follow-ups, recorded as due when the checklist learns the call's time: a reminder 30 minutes before
it (sent only when no checklist was done) and a debrief prompt after it.

They are APScheduler date jobs in the database job store, which the scheduler process runs. The functions that send
the messages live with the other Slack jobs (`bot/jobs/calls.py`); a job names its function by import path, which
APScheduler checks by loading that module when it stores the job.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from apscheduler.job import Job
from apscheduler.jobstores.base import ConflictingIdError
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.date import DateTrigger

from coach.models import utcnow
from coach.settings import load_settings

REMIND_BEFORE = timedelta(minutes=30)
DEBRIEF_AFTER = timedelta(minutes=60)
JOB_TABLE = "scheduler_jobs"
SENDERS = "bot.jobs.calls"  # the module whose functions send the reminder and the debrief prompt


def job_store(database_url: str) -> SQLAlchemyJobStore:
    """The database table of scheduled jobs, which every scheduler process shares."""
    return SQLAlchemyJobStore(url=database_url, tablename=JOB_TABLE)


def schedule_call(run_id: int, call_at: datetime, now: datetime | None = None) -> None:
    """Store the reminder and debrief jobs for a call; the scheduler process runs them.

    The jobs go straight into the job store: a scheduler started here, even paused, would run due jobs
    of its own when it shuts down.
    """
    now = now or utcnow()
    scheduler = BackgroundScheduler(timezone="UTC")  # never started: it only lends the jobs their defaults
    store = job_store(load_settings().database_url)
    store.start(scheduler, "default")
    try:
        if call_at - REMIND_BEFORE > now:
            _store_job(store, scheduler, "send_call_reminder", run_id, call_at - REMIND_BEFORE, REMIND_BEFORE)
        _store_job(
            store, scheduler, "send_debrief_prompt", run_id, max(call_at + DEBRIEF_AFTER, now), timedelta(hours=12)
        )
    finally:
        store.shutdown()


def _store_job(
    store: SQLAlchemyJobStore, scheduler: BackgroundScheduler, func: str, run_id: int, at: datetime, grace: timedelta
) -> None:
    kind = "reminder" if func == "send_call_reminder" else "debrief"
    job = Job(
        scheduler,
        id=f"call-{kind}-{run_id}",
        func=f"{SENDERS}:{func}",
        trigger=DateTrigger(run_date=at, timezone=timezone.utc),
        executor="default",
        args=[run_id],
        kwargs={},
        name=f"{func} {run_id}",
        misfire_grace_time=int(grace.total_seconds()),
        coalesce=True,
        max_instances=1,
        next_run_time=at,
    )
    try:
        store.add_job(job)
    except ConflictingIdError:
        store.update_job(job)
