"""Behavioural-interview practice: questions by competency, answers joined across messages, probes, score cards."""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from coach.content import DATA_DIR, load_yaml
from coach.interviews.calibration import INSTRUCTIONS, Sample, agreement, find_sample, read_marks, show_sample
from coach.interviews.sar import PROBES, analyse_sar
from coach.models import PracticeSession, User
from coach.practice.memory import record_practice
from coach.practice.sessions import add_turn, complete_session, start_session

QUESTIONS_FILE = DATA_DIR / "content" / "interview" / "competencies.yml"
MAX_PROBES = 2


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    competency: str
    competency_name: str
    strong_answer: tuple[str, ...]


@lru_cache(maxsize=4)
def load_questions(path: Path = QUESTIONS_FILE) -> tuple[Question, ...]:
    data = load_yaml(path)
    return tuple(
        Question(q["id"], q["text"], c["id"], c["name"], tuple(c["strong_answer"]))
        for c in data["competencies"]
        for q in c["questions"]
    )


def find_question(question_id: str) -> Question | None:
    return next((q for q in load_questions() if q.id == question_id), None)


def pick_question(wanted: str | None = None, rng: random.Random | None = None) -> Question:
    """A question, from the named competency when the rep asked for one ("negotiation", "discovery"...)."""
    questions = load_questions()
    words = (wanted or "").lower()
    matching = [q for q in questions if q.competency in words or q.competency_name.lower() in words]
    return (rng or random).choice(matching or list(questions))


def start_interview(session: Session, user: User, question: Question) -> PracticeSession:
    practice = start_session(session, user, "interview", question.id)
    add_turn(session, practice, "coach", question.text)
    return practice


def start_calibration(session: Session, user: User, sample: Sample) -> PracticeSession:
    practice = start_session(session, user, "calibration", sample.id)
    add_turn(session, practice, "coach", show_sample(sample))
    return practice


def active_interview(session: Session, user: User) -> PracticeSession | None:
    """The rep's open interview (or a manager's open calibration), if any."""
    return session.scalars(
        select(PracticeSession)
        .where(
            PracticeSession.team_id == user.team_id,
            PracticeSession.user_id == user.id,
            PracticeSession.kind.in_(("interview", "calibration")),
            PracticeSession.status == "active",
        )
        .order_by(PracticeSession.id.desc())
    ).first()


def answer_so_far(practice: PracticeSession) -> str:
    """Everything the rep has said in this interview, joined: an answer may come in several messages."""
    return " ".join(t.text.strip() for t in practice.turns if t.speaker == "rep")


def take_answer(session: Session, practice: PracticeSession, text: str) -> str | None:
    """Add the rep's message; return the probe to ask next, or None when the answer is complete."""
    add_turn(session, practice, "rep", text)
    session.refresh(practice)
    if practice.kind == "calibration":
        return INSTRUCTIONS if read_marks(text) is None else None
    analysis = analyse_sar(answer_so_far(practice))
    probes_asked = sum(1 for t in practice.turns if t.speaker == "coach") - 1
    # Like an interviewer, probe for the story (action, result, numbers, context, ownership), not for extras:
    # a missing task or lesson shows up in the score card instead.
    extras = {PROBES["task"], PROBES["learning"]}
    story_probes = [p for p in analysis.probes if p not in extras]
    probe = story_probes[0] if story_probes and probes_asked < MAX_PROBES else None
    if probe is not None:
        add_turn(session, practice, "coach", probe)
    return probe


def finish_interview(session: Session, practice: PracticeSession) -> str:
    """Score the whole answer (or the manager's marks), close the session, and return the card."""
    if practice.kind == "calibration":
        return _finish_calibration(session, practice)
    analysis = analyse_sar(answer_so_far(practice))
    complete_session(practice, float(analysis.score))
    question = find_question(practice.ref or "")
    user = session.get(User, practice.user_id)
    if question is not None and user is not None:
        practice.detail = {"skill": question.competency}
        record_practice(session, user, practice)  # the answer is evidence about the competency
    outline = "\n".join(f"• {line}" for line in (question.strong_answer if question else ()))
    card = analysis.feedback
    if question:
        history = competency_scores(session, practice, question.competency)
        if len(history) > 1:
            card += (
                f"\nYour *{question.competency_name}* scores so far: " + ", ".join(f"{h:.0f}" for h in history) + "."
            )
        card += f"\nA strong *{question.competency_name}* answer has:\n{outline}"  # one message: no blank line
    add_turn(session, practice, "coach", card)
    return card


def competency_scores(session: Session, practice: PracticeSession, competency: str) -> list[float]:
    """The rep's completed interview scores for one competency, oldest first (this one included)."""
    ids = [q.id for q in load_questions() if q.competency == competency]
    return [
        s.score
        for s in session.scalars(
            select(PracticeSession)
            .where(
                PracticeSession.team_id == practice.team_id,
                PracticeSession.user_id == practice.user_id,
                PracticeSession.kind == "interview",
                PracticeSession.status == "completed",
                PracticeSession.ref.in_(ids),
            )
            .order_by(PracticeSession.completed_at, PracticeSession.id)
        )
        if s.score is not None
    ]


def _finish_calibration(session: Session, practice: PracticeSession) -> str:
    sample = find_sample(practice.ref or "")
    marks = next((read_marks(t.text) for t in reversed(practice.turns) if t.speaker == "rep"), None)
    if sample is None or marks is None:
        practice.status = "abandoned"
        return "That calibration sample is no longer available; try `/spar interview calibrate` again."
    share, card = agreement(sample, *marks)
    complete_session(practice, round(share * 100, 1))
    add_turn(session, practice, "coach", card)
    return card


def stop_interview(practice: PracticeSession) -> None:
    practice.status = "abandoned"
