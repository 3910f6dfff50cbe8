"""The scheduler's buddy and streak jobs: check-ins midweek and at the week's end, "keep going?" after two
missed check-ins, and the streak-at-risk reminder."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.blocks import with_buttons
from bot.call_jobs import slack_client
from coach.buddies import display_name
from coach.checkins import checkin_text, claim_checkin, claim_review, due_checkins, quiet_buddies
from coach.db import session_scope
from coach.models import BuddyPair, User, utcnow
from coach.reminders import at_risk, claim_reminder, reminder_candidates, reminder_text
from coach.streaks import current_streak

log = logging.getLogger("spar.buddy_jobs")
Post = Callable[[str, dict[str, Any]], None]


def post_to_dm(slack_id: str, message: dict[str, Any]) -> None:
    slack_client().chat_postMessage(channel=slack_id, **message)


def _send(post: Post, slack_id: str, message: dict[str, Any]) -> bool:
    try:
        post(slack_id, message)
        return True
    except (SlackApiError, OSError) as error:
        log.warning("message to %s not delivered: %s", slack_id, error)
        return False


def send_buddy_checkins(now: datetime | None = None, post: Post | None = None) -> int:
    """Every few minutes: each buddy whose check-in time has come gets it, once; then quiet pairs are asked."""
    now, post = now or utcnow(), post if post is not None else post_to_dm
    sent = 0
    with session_scope() as session:
        pairs: dict[int, BuddyPair] = {}
        for due in due_checkins(session, now):
            checkin = claim_checkin(session, due, now)
            if checkin is None:
                continue
            pairs[due.pair.id] = due.pair
            buttons = [
                ("Send encouragement", "buddy_encourage", str(checkin.id)),
                ("Send a nudge", "buddy_nudge", str(checkin.id)),
            ]
            text = checkin_text(session, checkin, now)
            sent += _send(post, due.user.slack_id, with_buttons(text, "buddy_checkin", buttons))
        for pair in pairs.values():
            ask_whether_to_keep_going(session, pair, now, post)
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
            _send(post, member.slack_id, with_buttons(text, "buddy_review", buttons))


def send_streak_reminders(now: datetime | None = None, post: Post | None = None) -> int:
    """Every few minutes: a rep past their reminder time whose streak today's miss would end hears so, once."""
    now, post = now or utcnow(), post if post is not None else post_to_dm
    sent = 0
    with session_scope() as session:
        for user, today in reminder_candidates(session, now):
            if not claim_reminder(session, user, today):
                continue
            streak = current_streak(session, user, now)
            if at_risk(streak):
                message = with_buttons(
                    reminder_text(streak), "streak_reminder", [("Start a micro-drill", "rasa_button_0", "/start_micro")]
                )
                sent += _send(post, user.slack_id, message)
    return sent
