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
from coach.interviews.sar import HYPOTHETICAL_PROBE, PROBE_ORDER, PROBES, WE_PROBE, SarAnalysis, analyse_sar
from coach.models import PracticeSession, User
from coach.practice.memory import record_practice
from coach.practice.sessions import add_turn, complete_session, start_session

QUESTIONS_FILE = DATA_DIR / "content" / "interview" / "competencies.yml"
MAX_PROBES = 3  # like an interviewer: the story first (action, result, numbers, context), then task and lesson
STORY = ("situation", "action", "result")


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    competency: str
    competency_name: str
    strong_answer: tuple[str, ...]
    probes: tuple[tuple[str, str], ...] = ()  # (the part of the story it asks for, the probe), the competency's own

    def probe_for(self, part: str) -> str | None:
        return next((text for wanted, text in self.probes if wanted == part), None)


@lru_cache(maxsize=4)
def load_questions(path: Path = QUESTIONS_FILE) -> tuple[Question, ...]:
    data = load_yaml(path)
    return tuple(
        Question(
            q["id"],
            q["text"],
            c["id"],
            c["name"],
            tuple(c["strong_answer"]),
            tuple((p["for"], p["text"]) for p in c["probes"]),
        )
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
    """The rep's answer as finally told: an answer may come in several messages, and a later message that tells the
    story again (an action, and every part of situation, action and result told before) replaces the earlier."""
    told: list[str] = []
    for message in (t.text.strip() for t in practice.turns if t.speaker == "rep"):
        if told and _retells(message, " ".join(told)):
            told = []
        told.append(message)
    return " ".join(told)


def _retells(message: str, before: str) -> bool:
    """Does `message` tell the story again: an action and at least one more part, and every part told before?"""
    again, earlier = analyse_sar(message), analyse_sar(before)
    parts = {part for part in STORY if getattr(again, part)}
    return again.action and len(parts) >= 2 and parts >= {part for part in STORY if getattr(earlier, part)}


def take_answer(session: Session, practice: PracticeSession, text: str) -> str | None:
    """Add the rep's message; return the probe to ask next, or None when the answer is complete."""
    add_turn(session, practice, "rep", text)
    session.refresh(practice)
    if practice.kind == "calibration":
        return INSTRUCTIONS if read_marks(text) is None else None
    coach_lines = [t.text for t in practice.turns if t.speaker == "coach"]
    if len(coach_lines) - 1 >= MAX_PROBES:
        return None
    probe = next_probe(analyse_sar(answer_so_far(practice)), find_question(practice.ref or ""), coach_lines)
    if probe is not None:
        add_turn(session, practice, "coach", probe)
    return probe


def next_probe(analysis: SarAnalysis, question: Question | None, asked: list[str]) -> str | None:
    """The first thing an interviewer would still ask: what the rep did themselves after a "we" story, then each
    missing part of the story (the competency's own probe for it when it has one), then task and lesson."""
    if analysis.hypothetical:
        wanted = [HYPOTHETICAL_PROBE]
    else:
        wanted = [p for p in analysis.probes if p == WE_PROBE]
        for part in PROBE_ORDER:
            if part in analysis.missing:
                wanted.append((question.probe_for(part) if question else None) or PROBES[part])
    return next((p for p in wanted if p not in asked), None)


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
