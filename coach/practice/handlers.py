"""What a rep asks of their practice in a conversation: the streak and its settings, today's micro-drill, a pause.

Entry points for the adapters (Rasa actions, Slack listeners): each takes the workspace and the Slack user, works
in one transaction of its own, and returns what to show.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from coach.db import session_scope
from coach.models import User
from coach.people import user_scope
from coach.practice.micro import answer_micro, open_micro, skip_micro, start_micro
from coach.practice.pauses import pause_practice, resume_practice
from coach.practice.practice_days import DAY_NAMES
from coach.practice.preferences import valid_days, valid_time
from coach.practice.streaks import streak_of
from coach.text import plural


def streak_summary(team_id: str, slack_id: str) -> str:
    """The rep's streak in a sentence (someone Spar has not met yet has none, and is not stored for asking)."""
    with session_scope() as session:
        return streak_of(session, team_id, slack_id).describe()


def set_reminder_time(team_id: str, slack_id: str, at: str) -> str:
    """Remind the rep at `at` ("HH:MM", their time) on a day their streak is at risk."""
    if not valid_time(at):
        return "Tell me a time, like `/spar streak remind at 4:30pm`."
    with user_scope(team_id, slack_id) as (_, user):
        user.reminder_time = at
    return f"When your streak is at risk, I'll remind you at {at}, your time, once that day."


def set_practice_days(team_id: str, slack_id: str, days: str) -> str:
    """The rep's own practice days (ISO weekday digits): only a missed one of these breaks the streak."""
    if not valid_days(days):
        return "Name the days, like `/spar streak days mon-thu` or `/spar streak days mon wed fri`."
    with user_scope(team_id, slack_id) as (_, user):
        user.practice_days = days
    names = ", ".join(DAY_NAMES[int(d) - 1].capitalize() for d in days)
    return f"Your practice days are now {names}. Other days never break your streak."


def set_practice_time(team_id: str, slack_id: str, at: str) -> str:
    """The time of day ("HH:MM", the rep's) their micro-drill comes."""
    if not valid_time(at):
        return "That isn't a time I can use. Try `/spar micro at 8:30`."
    with user_scope(team_id, slack_id) as (_, user):
        user.practice_time = at
    return f"Your daily micro-drill will come at {at}, your time, on practice days."


@dataclass(frozen=True)
class MicroStart:
    note: str  # the micro-drill's prompt, or why there is none
    started: bool


def start_micro_drill(team_id: str, slack_id: str) -> MicroStart:
    """Open today's micro-drill on the rep's most slipping skill, when one is due."""
    with user_scope(team_id, slack_id) as (session, user):
        practice = start_micro(session, user)
        if practice is None:
            return MicroStart(
                "Nothing is due: every skill you've practised is still fresh. A full drill? Say `/spar drill`.", False
            )
        return MicroStart(practice.turns[0].text, True)


def micro_is_open(team_id: str, slack_id: str) -> bool:
    """Whether a micro-drill waits for the rep's reply."""
    with user_scope(team_id, slack_id) as (session, user):
        return open_micro(session, user) is not None


def open_micro_prompt(team_id: str, slack_id: str) -> str | None:
    """The prompt of the micro-drill waiting for the rep's reply."""
    with user_scope(team_id, slack_id) as (session, user):
        practice = open_micro(session, user)
        return practice.turns[0].text if practice is not None and practice.turns else None


def answer_open_micro(team_id: str, slack_id: str, text: str) -> str | None:
    """Judge the rep's one reply to their open micro-drill: the feedback, or None when none is open."""
    with user_scope(team_id, slack_id) as (session, user):
        practice = open_micro(session, user)
        return answer_micro(session, user, practice, text) if practice is not None else None


def skip_open_micro(team_id: str, slack_id: str) -> str:
    """The rep said stop: today's micro-drill is skipped."""
    with user_scope(team_id, slack_id) as (session, user):
        practice = open_micro(session, user)
        if practice is not None:
            skip_micro(practice)
    return "Skipped. Tomorrow brings another."


def pause(team_id: str, slack_id: str) -> str:
    """Pause practice from today (a vacation): no micro-drills, and the streak waits."""
    with user_scope(team_id, slack_id) as (session, user):
        started = pause_practice(session, user, local_today(user))
    if not started:
        return "Practice is already paused. Say `/spar resume` when you're back."
    return (
        "Practice paused: no micro-drills, and your streak is safe while you're away. "
        "Say `/spar resume` when you're back."
    )


def resume(team_id: str, slack_id: str) -> str:
    """End the rep's pause: today is a practice day again."""
    with user_scope(team_id, slack_id) as (session, user):
        days = resume_practice(session, user, local_today(user))
    if days is None:
        return "Practice wasn't paused, so there's nothing to resume."
    return f"Welcome back! Your streak waited {plural(days, 'day')} for you. One micro-drill a day picks things up."


def local_today(user: User) -> date:
    """Today in the rep's time zone."""
    return datetime.now(timezone.utc).astimezone(ZoneInfo(user.tz or "UTC")).date()
