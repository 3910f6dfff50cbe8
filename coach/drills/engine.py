"""The role-play engine: the buyer reacts to the moves the rep makes and to what has been uncovered so far.

The state is rebuilt by replaying the rep's stored messages, so a drill survives any restart; the buyer's
lines are picked with a seed per drill, so a replay reads the same and two drills read differently.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from coach.drills.moves import MoveAnalysis, analyse_moves
from coach.drills.scenarios import Fact, Scenario, Variant

QUESTIONS = {"open_question", "closed_question", "impact_question", "criteria_question"}
SPECIFIC = {"impact_question": 2, "criteria_question": 2, "acknowledge": 2, "summarize": 1, "next_step": 1}
DATED = re.compile(
    r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|mon|tue|tues|wed|thu|thur|thurs|fri)\b"
)
REACTIONS = (
    "pitch_early",
    "pitch_welcome",
    "closed",
    "no_more",
    "unclear",
    "acknowledged",
    "summary_right",
    "next_step_early",
    "next_step_vague",
    "agreed",
    "walked_away",
    "out_of_time",
)
OUTCOMES = {
    "met": "objective met",
    "walked_away": "the buyer ended the call",
    "out_of_time": "out of time before the objective",
}


@dataclass
class RepTurn:
    text: str
    analysis: MoveAnalysis
    uncovered: list[str] = field(default_factory=list)  # facts this message got the buyer to reveal
    asked: str = ""  # the words that got the buyer to reveal it
    pitched_early: bool = False
    next_step: str = ""  # "", "early", "vague", "dated" or "agreed"


@dataclass
class DrillState:
    scenario: Scenario
    difficulty: str
    seed: str
    turns: list[RepTurn] = field(default_factory=list)
    revealed: list[str] = field(default_factory=list)
    cooled: int = 0
    outcome: str | None = None  # None while the drill runs
    used: set[str] = field(default_factory=set)

    @property
    def variant(self) -> Variant:
        return self.scenario.variants[self.difficulty]

    @property
    def buyer(self) -> str:
        return str(self.scenario.persona["name"]).split()[0]

    def pick(self, kind: str, options: tuple[str, ...]) -> str:
        """One of `options`, not yet said in this drill if possible, chosen the same way on every replay."""
        fresh = [o for o in options if o not in self.used] or list(options)
        choice = random.Random(f"{self.seed}:{len(self.turns)}:{kind}").choice(fresh)
        self.used.add(choice)
        return choice

    def line(self, kind: str) -> str:
        return self.pick(kind, self.scenario.lines[kind])


def opening(state: DrillState) -> str:
    return state.pick("opening", state.variant.opening)


def _understood(state: DrillState) -> bool:
    """Has the rep earned the right to pitch: the cost of the problem (or, failing that, anything) uncovered?"""
    impact_facts = [f.id for f in state.scenario.facts if "impact_question" in f.when]
    wanted = impact_facts or [f.id for f in state.scenario.facts]
    return any(fact in state.revealed for fact in wanted)


def _fact_to_reveal(state: DrillState, moves: set[str], lowered: str) -> Fact | None:
    if state.variant.open_only and "closed_question" in moves and "open_question" not in moves:
        moves = moves - QUESTIONS  # a guarded buyer answers a yes/no question with a yes or a no
    candidates = [f for f in state.scenario.facts if f.id not in state.revealed and moves & set(f.when)]
    on_topic = [f for f in candidates if f.about and any(re.search(rf"\b{re.escape(w)}", lowered) for w in f.about)]
    fitting = on_topic or [f for f in candidates if not f.about]
    # "What is it costing you?" is open and an impact question: the buyer answers the more specific one.
    return max(fitting, key=lambda f: max(SPECIFIC.get(m, 0) for m in moves & set(f.when)), default=None)


def play(state: DrillState, text: str) -> str:
    """The buyer's answer to the rep's message; ends the drill (sets `outcome`) when it is over."""
    if state.outcome is not None:
        raise ValueError("this drill has ended")
    analysis = analyse_moves(text)
    moves = set(analysis.moves)
    turn = RepTurn(text, analysis)
    parts: list[str] = []
    if "pitch" in moves and not _understood(state):
        turn.pitched_early = True
        state.cooled += 1
        parts.append(state.line("pitch_early"))
    fact = _fact_to_reveal(state, moves, text.lower())
    if fact is not None:
        state.revealed.append(fact.id)
        turn.uncovered.append(fact.id)
        turn.asked = next((analysis.evidence[m] for m in fact.when if m in analysis.evidence), text)
        parts.append(state.pick(f"fact:{fact.id}", fact.says))
    if "next_step" in moves:
        parts.append(_answer_next_step(state, turn, text))
    elif not parts:
        parts.append(_plain_reaction(state, moves))
    state.turns.append(turn)
    if state.outcome is None and state.cooled >= state.variant.patience:
        state.outcome = "walked_away"
        parts.append(state.line("walked_away"))
    elif state.outcome is None and len(state.turns) >= state.scenario.max_turns:
        state.outcome = "out_of_time"
        parts.append(state.line("out_of_time"))
    return " ".join(parts)


def _answer_next_step(state: DrillState, turn: RepTurn, text: str) -> str:
    dated = "quantify" in turn.analysis.moves or bool(DATED.search(text.lower()))
    if not all(fact in state.revealed for fact in state.variant.needs):
        turn.next_step = "dated" if dated else "early"
        return state.line("next_step_early")
    if not dated:
        turn.next_step = "vague"
        return state.line("next_step_vague")
    turn.next_step = "agreed"
    state.outcome = "met"
    return state.line("agreed")


def _plain_reaction(state: DrillState, moves: set[str]) -> str:
    if "pitch" in moves:
        return state.line("pitch_welcome")
    if "summarize" in moves:
        return state.line("summary_right")
    if moves & QUESTIONS:  # "That's fair. What's driving it?" is answered as a question, even with nothing new
        only_closed = "closed_question" in moves and "open_question" not in moves
        return state.line("closed" if only_closed and state.variant.open_only else "no_more")
    if "acknowledge" in moves:
        return state.line("acknowledged")
    return state.line("unclear")


def replay(scenario: Scenario, difficulty: str, seed: str, messages: list[str]) -> tuple[DrillState, list[str]]:
    """The drill's state after the rep's `messages`, and the buyer's answers to them."""
    state = DrillState(scenario, difficulty, seed)
    opening(state)
    answers = [play(state, message) for message in messages]
    return state, answers
