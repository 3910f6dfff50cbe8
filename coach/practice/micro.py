"""Micro-drills: one buyer line or one interview prompt aimed at a due skill, one reply, instant feedback."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from coach.drills.moves import analyse_moves
from coach.drills.scenarios import load_scenarios
from coach.interviews.practice import load_questions
from coach.interviews.sar import analyse_sar
from coach.models import PracticeSession, User
from coach.practice.memory import due_skills, record_practice, skill_name
from coach.practice.sessions import add_turn, complete_session, start_session

# What a rep does in one message to show a role-play skill: the moves that show it, and the ask.
SKILL_MOVES: dict[str, tuple[tuple[str, ...], str]] = {
    "discovery": (("open_question", "impact_question"), "ask an open question about the problem"),
    "business_acumen": (("impact_question",), "ask what the problem costs the business"),
    "value_selling": (("impact_question",), "ask what fixing it would be worth to them"),
    "qualification": (("criteria_question",), "ask what they need to see before moving forward"),
    "stakeholder_mapping": (("criteria_question",), "ask who else decides, and how"),
    "listening": (("summarize", "acknowledge"), "play back what you heard, then go on"),
    "objection_handling": (("acknowledge",), "acknowledge the concern before you answer it"),
    "closing": (("next_step",), "propose a specific next step with a day and time"),
    "negotiation": (("criteria_question", "closed_question"), "ask what else matters, or trade: give only to get"),
    "prospecting": (("open_question",), "earn the next minute with a question about their world"),
}


@dataclass(frozen=True)
class MicroDrill:
    skill: str
    prompt: str
    ref: str  # "roleplay:<skill>:<scenario>" or "interview:<skill>:<question>"


def pick_micro(skill: str, seed: str) -> MicroDrill:
    """A one-message exercise for `skill`: a buyer line from a scenario that trains it, else an interview prompt."""
    rng = random.Random(seed)
    skill = skill_name(skill)
    if skill in SKILL_MOVES:
        training = [s for s in load_scenarios() if skill in {skill_name(k) for k in s.skills}]
        scenarios = training or list(load_scenarios())
        scenario = rng.choice(scenarios)
        line = rng.choice(scenario.variants["standard"].opening)
        buyer = f"{scenario.persona['name']}, {scenario.persona['role']}"
        prompt = (
            f"*Micro-drill: {skill.replace('_', ' ')}* (one reply, under two minutes)\n"
            f"_{scenario.summary}_\n*{buyer}:* {line}\n"
            f"Your move, in one message: {SKILL_MOVES[skill][1]}."
        )
        return MicroDrill(skill, prompt, f"roleplay:{skill}:{scenario.id}")
    questions = [q for q in load_questions() if skill_name(q.competency) == skill] or list(load_questions())
    question = rng.choice(questions)
    prompt = (
        f"*Micro-drill: {question.competency_name}* (one reply, under two minutes)\n"
        f"Answer with a real example, situation, action and result, in one message:\n>{question.text}"
    )
    return MicroDrill(skill, prompt, f"interview:{skill}:{question.id}")


def start_micro(session: Session, user: User, now: datetime | None = None) -> PracticeSession | None:
    """Open today's micro-drill on the rep's most slipping due skill; None when nothing is due."""
    due = due_skills(session, user, now)
    if not due:
        return None
    drill = pick_micro(due[0].skill, f"{user.id}:{now or ''}:{due[0].skill}")
    practice = start_session(session, user, "micro", drill.ref, now=now)
    practice.detail = {"skill": drill.skill}
    add_turn(session, practice, "coach", drill.prompt)
    return practice


def open_micro(session: Session, user: User) -> PracticeSession | None:
    """The rep's micro-drill still waiting for its one reply."""
    return session.scalars(
        select(PracticeSession)
        .where(PracticeSession.user_id == user.id, PracticeSession.kind == "micro", PracticeSession.status == "active")
        .order_by(PracticeSession.id.desc())
    ).first()


def skip_micro(practice: PracticeSession) -> None:
    """The rep said stop: the micro-drill closes unanswered (it counts for nothing)."""
    practice.status = "abandoned"


def answer_micro(
    session: Session, user: User, practice: PracticeSession, text: str, now: datetime | None = None
) -> str:
    """Judge the one reply, store it, update the skill's memory, and return the feedback."""
    kind, _, rest = (practice.ref or "").partition(":")
    skill = rest.partition(":")[0]
    add_turn(session, practice, "rep", text)
    if kind == "roleplay":
        wanted, ask = SKILL_MOVES[skill]
        analysis = analyse_moves(text)
        shown = [m for m in wanted if m in analysis.moves]
        credit = 1.0 if shown else 0.4 if set(analysis.moves) & {"open_question", "impact_question"} else 0.0
        if "pitch" in analysis.moves and not shown:
            credit = 0.0
        if shown:
            feedback = f"✅ {shown[0].replace('_', ' ').capitalize()}: \u201c{analysis.evidence[shown[0]]}\u201d"
        else:
            found = ", ".join(m.replace("_", " ") for m in analysis.moves) or "no recognisable move"
            feedback = f"❌ Not yet: I read {found}. Next time, {ask}."
    else:
        result = analyse_sar(text)
        credit = result.score / 100
        feedback = f"Score {result.score:.0f}/100.\n{result.feedback}"
    complete_session(practice, round(credit * 100, 1), now=now)
    practice.detail = {"skill": skill}
    record_practice(session, user, practice, now)
    add_turn(session, practice, "coach", feedback)
    return f"{feedback}\nThat counts as today's practice. See you tomorrow."
