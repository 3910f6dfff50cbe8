"""The scheduler's weekly digest job: each manager's team summary (its first page in Block Kit, the whole of it as a
CSV file past one page) and heatmaps, posted to their DM on their digest day."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any

from bot.installations import can_post_to
from bot.jobs.calls import slack_client
from bot.jobs.pacing import pacer, post_message, send
from bot.uploads import share_file_sync, upload_heatmap_sync
from coach.db import session_scope
from coach.models import utcnow
from coach.reports.digests import claim_digest, digest_candidates, digest_message, release_digest
from coach.reports.heatmap import heatmap_pictures
from coach.reports.summary_pages import csv_filename, pages_in, summary_csv
from coach.reports.team_summary import team_summary

log = logging.getLogger("spar.digest_jobs")
Post = Callable[[str, dict[str, Any]], None]
Upload = Callable[[str, dict[str, Any]], object]  # a heatmap picture's data
Attach = Callable[[str, str, str], object]  # the CSV file: its name and text


def post_to_dm(team_id: str, slack_id: str, message: dict[str, Any]) -> None:
    post_message(slack_client(team_id), slack_id, **message)


def upload_to_dm(team_id: str, slack_id: str, heatmap: dict[str, Any]) -> bool:
    # The upload's methods (conversations.open, files.*) are tier 4, about 100 a minute: it takes a turn too.
    pacer(team_id).wait_turn()
    return upload_heatmap_sync(slack_client(team_id), slack_id, heatmap)


def attach_to_dm(team_id: str, slack_id: str, filename: str, text: str) -> bool:
    pacer(team_id).wait_turn()
    return share_file_sync(slack_client(team_id), slack_id, text, filename, "The whole team summary")


def _to_slack(
    team_id: str, post: Post | None, upload: Upload | None, attach: Attach | None
) -> tuple[Post, Upload | None, Attach | None]:
    """How a digest reaches a manager in `team_id`: with that workspace's token, unless tests stand in for Slack
    (given `post` alone, no file is sent)."""
    if post is not None:
        return post, upload, attach
    return partial(post_to_dm, team_id), upload or partial(upload_to_dm, team_id), partial(attach_to_dm, team_id)


def send_weekly_digests(
    now: datetime | None = None, post: Post | None = None, upload: Upload | None = None, attach: Attach | None = None
) -> int:
    """Every few minutes: a manager whose digest day has come (08:00 local) gets last week's summary, once.

    `post`, `upload` and `attach` stand in for Slack in tests; given `post` alone, no file is sent. A digest Slack
    kept refusing for its rate limit is released, so the next run (five minutes on) sends it; after any other
    failure it stays claimed: a digest lost rather than doubled.
    """
    now = now or utcnow()
    sent = 0
    with session_scope() as session:
        for manager, today in digest_candidates(session, now):
            last_sent = manager.last_digest_on
            if not can_post_to(manager.team_id) or not claim_digest(session, manager, today):
                continue  # a workspace that uninstalled Spar gets no digest
            to_dm, picture, table = _to_slack(manager.team_id, post, upload, attach)
            summary = team_summary(session, manager, 7, now)
            outcome = send("weekly digest", to_dm, manager.slack_id, digest_message(summary))
            if outcome == "throttled":
                release_digest(session, manager, today, last_sent)
            if outcome != "sent":
                continue
            sent += 1
            # Each file logs its own failure: the message is what counts.
            if table and pages_in(summary) > 1:
                table(manager.slack_id, csv_filename(summary), summary_csv(summary))
            if picture:
                for heatmap in heatmap_pictures(summary):
                    picture(manager.slack_id, heatmap)
    return sent
