"""The scheduler's weekly digest job: each manager's team summary and heatmap, posted to their DM on Monday morning."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any

from bot.blocks import rasa_reply_to_message
from bot.heatmap_upload import upload_heatmap_sync
from bot.installations import can_post_to
from bot.jobs.calls import slack_client
from bot.jobs.pacing import pacer, post_message, send
from coach.db import session_scope
from coach.models import utcnow
from coach.reports.digests import claim_digest, digest_candidates, release_digest
from coach.reports.heatmap import heatmap_data
from coach.reports.team_summary import render_summary, team_summary

log = logging.getLogger("spar.digest_jobs")
Post = Callable[[str, str], None]
Upload = Callable[[str, dict[str, Any]], object]


def post_to_dm(team_id: str, slack_id: str, text: str) -> None:
    message = rasa_reply_to_message({"text": text})
    if message:
        post_message(slack_client(team_id), slack_id, **message)


def upload_to_dm(team_id: str, slack_id: str, heatmap: dict[str, Any]) -> bool:
    # The upload's methods (conversations.open, files.*) are tier 4, about 100 a minute: it takes a turn too.
    pacer(team_id).wait_turn()
    return upload_heatmap_sync(slack_client(team_id), slack_id, heatmap)


def _to_slack(team_id: str, post: Post | None, upload: Upload | None) -> tuple[Post, Upload | None]:
    """How a digest reaches a manager in `team_id`: with that workspace's token, unless tests stand in for Slack
    (given `post` alone, no picture is sent)."""
    if post is not None:
        return post, upload
    return partial(post_to_dm, team_id), upload or partial(upload_to_dm, team_id)


def send_weekly_digests(now: datetime | None = None, post: Post | None = None, upload: Upload | None = None) -> int:
    """Every few minutes: a manager whose Monday 08:00 has come gets last week's summary, once.

    `post` and `upload` stand in for Slack in tests; given `post` alone, no picture is sent. A digest Slack kept
    refusing for its rate limit is released, so the next run (five minutes on) sends it; after any other failure
    it stays claimed: a digest lost rather than doubled.
    """
    now = now or utcnow()
    sent = 0
    with session_scope() as session:
        for manager, today in digest_candidates(session, now):
            last_sent = manager.last_digest_on
            if not can_post_to(manager.team_id) or not claim_digest(session, manager, today):
                continue  # a workspace that uninstalled Spar gets no digest
            to_dm, picture = _to_slack(manager.team_id, post, upload)
            summary = team_summary(session, manager, 7, now)
            text = "*Your weekly digest*\n" + render_summary(summary)
            outcome = send("weekly digest", to_dm, manager.slack_id, text)
            if outcome == "throttled":
                release_digest(session, manager, today, last_sent)
            if outcome != "sent":
                continue
            sent += 1
            heatmap = heatmap_data(summary)
            if heatmap and picture:
                picture(manager.slack_id, heatmap)  # logs its own failure: the text is what counts
    return sent
