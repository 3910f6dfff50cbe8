"""The scheduler's weekly digest job: each manager's team summary, posted to their DM on Monday morning."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from slack_sdk.errors import SlackApiError

from bot.blocks import rasa_reply_to_message
from bot.call_jobs import slack_client
from coach.db import session_scope
from coach.digests import claim_digest, digest_candidates
from coach.models import utcnow
from coach.team_summary import render_summary, team_summary

log = logging.getLogger("spar.digest_jobs")
Post = Callable[[str, str], None]


def post_to_dm(slack_id: str, text: str) -> None:
    message = rasa_reply_to_message({"text": text})
    if message:
        slack_client().chat_postMessage(channel=slack_id, **message)


def send_weekly_digests(now: datetime | None = None, post: Post | None = None) -> int:
    """Every few minutes: a manager whose Monday 08:00 has come gets last week's summary, once."""
    now = now or utcnow()
    sent = 0
    with session_scope() as session:
        for manager, today in digest_candidates(session, now):
            if not claim_digest(session, manager, today):
                continue
            text = "*Your weekly digest*\n" + render_summary(team_summary(session, manager, 7, now))
            try:
                (post or post_to_dm)(manager.slack_id, text)
                sent += 1
            except (SlackApiError, OSError) as error:
                log.warning("digest for %s not delivered: %s", manager.slack_id, error)
    return sent
