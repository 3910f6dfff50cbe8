"""A rep's interview practice in a conversation: the question, the answer and its probes, the card, a stop.

Entry points for the adapters (Rasa actions, Slack listeners): each takes the workspace and the Slack user, works
in one transaction of its own, and returns what to show.
"""

from __future__ import annotations

from coach.interviews.calibration import pick_sample, show_sample
from coach.interviews.practice import (
    active_interview,
    finish_interview,
    pick_question,
    start_calibration,
    start_interview,
    stop_interview,
    take_answer,
)
from coach.people import user_scope


def begin_interview(team_id: str, slack_id: str, wanted: str | None) -> str:
    """Ask a question, from the competency the rep named if any (a manager asking to calibrate gets a candidate's
    answer to mark instead); an interview still running is abandoned. The question as the rep sees it."""
    with user_scope(team_id, slack_id) as (session, user):
        old = active_interview(session, user)
        if old is not None:
            stop_interview(old)
        if "calibrat" in (wanted or "").lower():  # a manager practising the interviewer's side
            sample = pick_sample()
            start_calibration(session, user, sample)
            return show_sample(sample)
        question = pick_question(wanted)
        start_interview(session, user, question)
    intro = f"*{question.competency_name}* interview question. Answer with a real example, in one message or several:"
    return f"{intro}\n>{question.text}"


def answer_interview(team_id: str, slack_id: str, text: str) -> str | None:
    """Add to the rep's answer: the next probe, or None once the answer is complete (or no interview is running)."""
    with user_scope(team_id, slack_id) as (session, user):
        practice = active_interview(session, user)
        return take_answer(session, practice, text) if practice is not None else None


def end_interview(team_id: str, slack_id: str) -> str:
    """Score the rep's running interview: the card."""
    with user_scope(team_id, slack_id) as (session, user):
        practice = active_interview(session, user)
        return finish_interview(session, practice) if practice else "That interview has already ended."


def stop_my_interview(team_id: str, slack_id: str) -> None:
    """The rep stopped: their running interview is abandoned, unscored."""
    with user_scope(team_id, slack_id) as (session, user):
        practice = active_interview(session, user)
        if practice is not None:
            stop_interview(practice)
