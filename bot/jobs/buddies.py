"""The scheduler's buddy and streak jobs: check-ins midweek and at the week's end, "keep going?" after two
missed check-ins, and the streak-at-risk reminder."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any

from bot.blocks import rasa_message, with_buttons
from bot.installations import can_post_to
from bot.jobs.calls import slack_client
from bot.jobs.pacing import post_message, send
from coach.buddies.checkins import (
    checkin_text,
    claim_checkin,
    claim_review,
    due_checkins,
    quiet_buddies,
    release_checkin,
)
from coach.buddies.pairing import display_name
from coach.db import session_scope
from coach.models import BuddyPair, User, utcnow
from coach.practice.reminders import at_risk, claim_reminder, release_reminder, reminder_candidates, reminder_text
from coach.practice.streaks import current_streak

log = logging.getLogger("spar.buddy_jobs")
Post = Callable[[str, dict[str, Any]], None]


def post_to_dm(team_id: str, slack_id: str, message: dict[str, Any]) -> None:
    post_message(slack_client(team_id), slack_id, **message)


def _to_slack(team_id: str, post: Post | None) -> Post:
    """Slack in `team_id`, with that workspace's token, unless a test stands in for it."""
    return post if post is not None else partial(post_to_dm, team_id)


def send_buddy_checkins(now: datetime | None = None, post: Post | None = None) -> int:
    """Every few minutes: each buddy whose check-in time has come gets it, once; then quiet pairs are asked.

    A check-in Slack kept refusing for its rate limit is forgotten, so the next run sends it; after any other
    failure it stays (lost rather than doubled), and so does a "keep going?" question.
    """
    now = now or utcnow()
    sent = 0
    with session_scope() as session:
        pairs: dict[int, BuddyPair] = {}
        for due in due_checkins(session, now):
            if not can_post_to(due.pair.team_id):
                continue  # Spar was uninstalled from that workspace
            checkin = claim_checkin(session, due, now)
            if checkin is None:
                continue
            pairs[due.pair.id] = due.pair
            buttons = [
                ("Send encouragement", "buddy_encourage", str(checkin.id)),
                ("Send a nudge", "buddy_nudge", str(checkin.id)),
            ]
            text = checkin_text(session, checkin, now)
            message = with_buttons(text, "buddy_checkin", buttons)
            outcome = send("buddy check-in", _to_slack(due.pair.team_id, post), due.user.slack_id, message)
            if outcome == "throttled":
                release_checkin(session, checkin)
            sent += outcome == "sent"
        for pair in pairs.values():
            ask_whether_to_keep_going(session, pair, now, _to_slack(pair.team_id, post))
    return sent


def ask_whether_to_keep_going(session: Any, pair: BuddyPair, now: datetime, post: Post) -> None:
    quiet = quiet_buddies(session, pair)
    if not quiet or not claim_review(session, pair, now):
        return
    names = " and ".join(display_name(u) for u in quiet)
    text = f"{names} missed the last two buddy check-ins. Keep going as buddies?"
    buttons = [("Keep going", "buddy_keep", str(pair.id)), ("End the pairing", "buddy_end", str(pair.id))]
    for user_id in (pair.user_a_id, pair.user_b_id, pair.user_c_id):
        member = session.get(User, user_id) if user_id else None
        if member is not None:
            send("keep-going question", post, member.slack_id, with_buttons(text, "buddy_review", buttons))


def send_streak_reminders(now: datetime | None = None, post: Post | None = None) -> int:
    """Every few minutes: a rep past their reminder time whose streak today's miss would end hears so, once
    (a reminder Slack kept refusing for its rate limit is released for the next look to send)."""
    now = now or utcnow()
    sent = 0
    with session_scope() as session:
        for user, today in reminder_candidates(session, now):
            last_reminded = user.last_reminder_on
            if not can_post_to(user.team_id) or not claim_reminder(session, user, today):
                continue
            streak = current_streak(session, user, now)
            if at_risk(streak):
                button = ("Start a micro-drill", "/start_micro")
                message = rasa_message(reminder_text(streak), [button], block_id="streak_reminder")
                outcome = send("streak reminder", _to_slack(user.team_id, post), user.slack_id, message)
                if outcome == "throttled":
                    release_reminder(session, user, today, last_reminded)
                sent += outcome == "sent"
    return sent
