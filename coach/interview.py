"""Behavioural-interview practice: questions by competency, answers joined across messages, probes, score cards."""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from coach.content import DATA_DIR, load_yaml
from coach.models import PracticeSession, User
from coach.practice import add_turn, complete_session, start_session
from coach.sar import PROBES, SarAnalysis, analyse_sar

QUESTIONS_FILE = DATA_DIR / "interview" / "competencies.yml"
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


def active_interview(session: Session, user: User) -> PracticeSession | None:
    return session.scalars(
        select(PracticeSession)
        .where(
            PracticeSession.team_id == user.team_id,
            PracticeSession.user_id == user.id,
            PracticeSession.kind == "interview",
            PracticeSession.status == "active",
        )
        .order_by(PracticeSession.id.desc())
    ).first()


def answer_so_far(practice: PracticeSession) -> str:
    """Everything the rep has said in this interview, joined: an answer may come in several messages."""
    return " ".join(t.text.strip() for t in practice.turns if t.speaker == "rep")


def take_answer(session: Session, practice: PracticeSession, text: str) -> tuple[SarAnalysis, str | None]:
    """Add the rep's message; return the analysis of the whole answer and the probe to ask next (None when done)."""
    add_turn(session, practice, "rep", text)
    session.refresh(practice)
    analysis = analyse_sar(answer_so_far(practice))
    probes_asked = sum(1 for t in practice.turns if t.speaker == "coach") - 1
    # Like an interviewer, probe for the story (action, result, numbers, context, ownership), not for extras:
    # a missing task or lesson shows up in the score card instead.
    extras = {PROBES["task"], PROBES["learning"]}
    story_probes = [p for p in analysis.probes if p not in extras]
    probe = story_probes[0] if story_probes and probes_asked < MAX_PROBES else None
    if probe is not None:
        add_turn(session, practice, "coach", probe)
    return analysis, probe


def finish_interview(session: Session, practice: PracticeSession) -> str:
    """Score the whole answer, close the session, and return the score card."""
    analysis = analyse_sar(answer_so_far(practice))
    complete_session(practice, float(analysis.score))
    question = find_question(practice.ref or "")
    outline = "\n".join(f"• {line}" for line in (question.strong_answer if question else ()))
    card = analysis.feedback
    if question:
        card += f"\n\nA strong *{question.competency_name}* answer has:\n{outline}"
    add_turn(session, practice, "coach", card)
    return card


def stop_interview(practice: PracticeSession) -> None:
    practice.status = "abandoned"
