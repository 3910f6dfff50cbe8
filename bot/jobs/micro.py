"""The daily micro-drill: the scheduler asks the dialogue to start one for each rep who is due, and posts it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from urllib.parse import quote

import requests
from slack_sdk.errors import SlackApiError

from bot.blocks import rasa_reply_to_message
from bot.installations import can_post_to
from bot.jobs.calls import slack_client
from bot.jobs.pacing import post_message
from coach.db import session_scope
from coach.models import utcnow
from coach.practice.micro_schedule import claim_micro_day, micro_candidates
from coach.settings import load_settings

log = logging.getLogger("spar.micro_jobs")
Deliver = Callable[[str, str], None]


def deliver_through_dialogue(team_id: str, slack_id: str) -> None:
    """Rasa starts the micro-drill (so the rep's reply is its answer); its messages go to the rep's DM."""
    settings = load_settings()
    conversation = quote(f"{team_id}:{slack_id}", safe=":")  # Rasa does not decode %3A in the path
    response = requests.post(
        f"{settings.rasa_url}/conversations/{conversation}/trigger_intent",
        json={"name": "start_micro", "entities": {}},
        params={"token": settings.internal_token or ""},  # Rasa's API answers only Spar's own processes
        timeout=30,
    )
    response.raise_for_status()
    client = slack_client(team_id)
    for reply in response.json().get("messages", []):
        message = rasa_reply_to_message(reply)
        if message:
            post_message(client, slack_id, **message)


def send_due_micro_drills(now: datetime | None = None, deliver: Deliver | None = None) -> int:
    """Every few minutes: each rep past their practice time on a practice day gets at most one micro-drill.

    A failed delivery keeps the day's claim even when Slack's rate limit was the cause: the dialogue has already
    started the drill, and asking again would start a second one.
    """
    from bot.jobs.scheduler import micro_drills_every

    if deliver is None and not micro_drills_every():
        return 0  # turned off (a job stored before it was turned off still runs, and does nothing)
    now = now or utcnow()
    sent = 0
    with session_scope() as session:
        for user, today in micro_candidates(session, now):
            if not can_post_to(user.team_id) or not claim_micro_day(session, user, today):
                continue
            try:
                (deliver or deliver_through_dialogue)(user.team_id, user.slack_id)
                sent += 1
            except (requests.RequestException, SlackApiError, OSError) as error:  # Rasa or Slack: try tomorrow
                log.warning("micro-drill for %s not delivered: %s", user.slack_id, error)
    return sent
