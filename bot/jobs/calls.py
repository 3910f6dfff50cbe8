"""Jobs around a real call: a reminder 30 minutes before it when no checklist was done, and a debrief after it.

They are APScheduler date jobs in the database job store, so they survive restarts; each also marks the
checklist run when it has sent its message, so a job that runs twice (a restart mid-run, two schedulers)
still sends once.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta, timezone

from apscheduler.job import Job
from apscheduler.jobstores.base import ConflictingIdError
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.date import DateTrigger
from slack_sdk import WebClient
from sqlalchemy import update
from sqlalchemy.orm import Session

from bot.installations import NotInstalled, bot_token, can_post_to
from bot.jobs.pacing import post_message, retry_handlers
from coach.db import session_scope
from coach.models import ChecklistRun, Deal, User, utcnow
from coach.settings import load_settings

REMIND_BEFORE = timedelta(minutes=30)
DEBRIEF_AFTER = timedelta(minutes=60)
JOB_TABLE = "scheduler_jobs"
log = logging.getLogger("spar.call_jobs")


def job_store(database_url: str) -> SQLAlchemyJobStore:
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
        func=f"bot.jobs.calls:{func}",
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


def slack_client(team_id: str) -> WebClient:
    """A Web API client with `team_id`'s bot token: its installation's with OAuth, else `SLACK_BOT_TOKEN`."""
    settings = load_settings()
    token = bot_token(team_id, settings)
    if token is None:
        raise NotInstalled(team_id)
    # This process is not the bot, so in the sandbox it reaches the Web API stand-in at the bot's address.
    sandbox_api = f"{settings.bot_url}/sandbox/api/" if settings.sandbox else None
    # 429s wait for their Retry-After through the workspace's pacer, which holds its other posts meanwhile.
    return WebClient(
        token=token,
        base_url=settings.slack_api_url or sandbox_api or WebClient.BASE_URL,
        retry_handlers=retry_handlers(team_id),
    )


def _post(user: User, text: str, button: tuple[str, str] | None = None) -> None:
    blocks: list[dict] = [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]
    if button:
        blocks.append(
            {
                "type": "actions",
                "block_id": "rasa_buttons",
                "elements": [
                    {
                        "type": "button",
                        "action_id": "rasa_button_0",
                        "value": button[1],
                        "text": {"type": "plain_text", "text": button[0]},
                    }
                ],
            }
        )
    post_message(slack_client(user.team_id), user.slack_id, text=text, blocks=blocks)


def _claim(session: Session, run: ChecklistRun, column: str) -> bool:
    """Mark the run, committed before anything is sent, only if nobody has: at most one message per job."""
    marked = session.execute(
        update(ChecklistRun)
        .where(ChecklistRun.id == run.id, getattr(ChecklistRun, column).is_(None))
        .values({column: utcnow()})
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return bool(marked.rowcount)


def _rep_and_account(session: Session, run: ChecklistRun) -> tuple[User, str]:
    user, deal = session.get(User, run.user_id), session.get(Deal, run.deal_id) if run.deal_id else None
    assert user is not None
    return user, deal.account if deal else "your buyer"


def send_call_reminder(run_id: int) -> None:
    """30 minutes before the call, if the checklist was not done: once."""
    with session_scope() as session:
        run = session.get(ChecklistRun, run_id)
        if run is None or run.planned_at is not None or run.status != "open":
            return
        if not can_post_to(run.team_id) or not _claim(session, run, "reminded_at"):
            return  # Spar was uninstalled from the rep's workspace, or the reminder went already
        user, account = _rep_and_account(session, run)
        text = (
            f"Your call with *{account}* starts in 30 minutes and its checklist isn't done yet. "
            "Two minutes now: which exit criteria are confirmed, and what will you ask?"
        )
        _post(user, text, ("Do the checklist", "/start_precall" + json.dumps({"details": account})))
    log.info("reminded the rep of checklist run %s", run_id)


def send_debrief_prompt(run_id: int) -> None:
    """After the call: ask how it went, once."""
    with session_scope() as session:
        run = session.get(ChecklistRun, run_id)
        if run is None or run.status in ("debriefing", "debriefed"):
            return
        if not can_post_to(run.team_id) or not _claim(session, run, "debrief_asked_at"):
            return
        user, account = _rep_and_account(session, run)
        text = f"How did the call with *{account}* go? A one-minute debrief keeps the deal's stage true."
        _post(user, text, ("Debrief now", "/log_call_outcome" + json.dumps({"details": account})))
    log.info("asked for the debrief of checklist run %s", run_id)
