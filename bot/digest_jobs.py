"""The scheduler's weekly digest job: each manager's team summary and heatmap, posted to their DM on Monday morning."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.blocks import rasa_reply_to_message
from bot.call_jobs import slack_client
from bot.heatmap_upload import upload_heatmap_sync
from coach.db import session_scope
from coach.digests import claim_digest, digest_candidates
from coach.heatmap import heatmap_data
from coach.models import utcnow
from coach.team_summary import render_summary, team_summary

log = logging.getLogger("spar.digest_jobs")
Post = Callable[[str, str], None]
Upload = Callable[[str, dict[str, Any]], object]


def post_to_dm(slack_id: str, text: str) -> None:
    message = rasa_reply_to_message({"text": text})
    if message:
        slack_client().chat_postMessage(channel=slack_id, **message)


def upload_to_dm(slack_id: str, heatmap: dict[str, Any]) -> bool:
    return upload_heatmap_sync(slack_client(), slack_id, heatmap)


def send_weekly_digests(now: datetime | None = None, post: Post | None = None, upload: Upload | None = None) -> int:
    """Every few minutes: a manager whose Monday 08:00 has come gets last week's summary, once.

    `post` and `upload` stand in for Slack in tests; given `post` alone, no picture is sent.
    """
    now = now or utcnow()
    if post is None:
        post, upload = post_to_dm, upload or upload_to_dm
    sent = 0
    with session_scope() as session:
        for manager, today in digest_candidates(session, now):
            if not claim_digest(session, manager, today):
                continue
            summary = team_summary(session, manager, 7, now)
            try:
                post(manager.slack_id, "*Your weekly digest*\n" + render_summary(summary))
                sent += 1
            except (SlackApiError, OSError) as error:
                log.warning("digest for %s not delivered: %s", manager.slack_id, error)
                continue
            heatmap = heatmap_data(summary)
            if heatmap and upload:
                upload(manager.slack_id, heatmap)  # logs its own failure: the text is what counts
    return sent
