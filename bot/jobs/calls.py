"""Jobs around a real call: a reminder 30 minutes before it when no checklist was done, and a debrief after it.

`coach/precall/followups.py` stores them as APScheduler date jobs in the database job store, so they survive
restarts; each also marks the checklist run when it has sent its message, so a job that runs twice (a restart
mid-run, two schedulers) still sends once.
"""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from sqlalchemy import update
from sqlalchemy.orm import Session

from bot.blocks import rasa_message
from bot.installations import NotInstalled, bot_token, can_post_to
from bot.jobs.pacing import post_message, retry_handlers
from coach.db import session_scope
from coach.intents import intent_payload
from coach.models import ChecklistRun, Deal, User, utcnow
from coach.mrkdwn import shown
from coach.settings import load_settings

log = logging.getLogger("spar.call_jobs")


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


def _post(user: User, text: str, button: tuple[str, str]) -> None:
    post_message(slack_client(user.team_id), user.slack_id, **rasa_message(text, [button]))


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
            f"Your call with *{shown(account)}* starts in 30 minutes and its checklist isn't done yet. "
            "Two minutes now: which exit criteria are confirmed, and what will you ask?"
        )
        _post(user, text, ("Do the checklist", intent_payload("start_precall", details=account)))
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
        text = f"How did the call with *{shown(account)}* go? A one-minute debrief keeps the deal's stage true."
        _post(user, text, ("Debrief now", intent_payload("log_call_outcome", details=account)))
    log.info("asked for the debrief of checklist run %s", run_id)
