"""Scoring a finished role-play against its scenario's rubric: partial credit, the rep's own words as evidence."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import takewhile
from typing import Any

from coach.drills import habits as habit_kinds
from coach.drills import hearing
from coach.drills.engine import OUTCOMES, DrillState, RepTurn, since_misread
from coach.drills.habits import Habit, habits_of
from coach.drills.moves import question_kind
from coach.drills.scenarios import RubricLine
from coach.drills.topics import content_words
from coach.mrkdwn import shown

# A next step the buyer agreed to earns the line; one proposed with no day, before the buyer was ready or not, earns
# half: it keeps the door open. A dated meeting pushed before the buyer was ready earns less: a hard close the buyer
# had to turn down (at 0.3 for all three, the managers' middling reps, whose next step is a soft one, scored under 35
# in 445 of 1,060 kept-out scripts; at 0.5 for the soft ones, on the 26 tuning and 21 read sets, middling reps in
# between 1167 -> 1300 of 1920 and pairs at 0.85 865 -> 872 of 980, no gaming rep over its bound more; at 0.5 for all
# three, pairs 853). One asked for at the end of a string of questions goes unanswered (the buyer takes up only the
# first) and earns nothing.
NEXT_STEP_CREDIT = {"agreed": 1.0, "dated": 0.3, "vague": 0.5, "early": 0.5, "stacked": 0.0, "corrected": 0.0, "": 0.0}
# Moves a question makes when the buyer answers it as one, whatever the move reader read in it.
ANSWERED_AS = ("impact_question", "criteria_question")
QUESTIONS_WANTED = 3  # questions about the buyer's situation, each heard on its own, that earn the discovery line
MAX_QUOTE = 160
LOW = 10  # under this, a point earned or lost counts a quarter (on_the_scale)


@dataclass(frozen=True)
class LineResult:
    line: RubricLine
    credit: float  # 0..1
    evidence: tuple[str, ...]  # the rep's words that met the line
    missing: str  # what was not done, when credit < 1

    @property
    def points(self) -> float:
        return round(self.line.points * self.credit, 1)


@dataclass(frozen=True)
class ScoreCard:
    score: float
    outcome: str
    lines: tuple[LineResult, ...]
    tips: tuple[str, ...]
    habits: tuple[Habit, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """What is stored with the session: enough for reports on skills, without the rubric text."""
        return {
            "score": self.score,
            "outcome": self.outcome,
            "lines": [
                {"id": r.line.id, "skills": list(r.line.skills), "credit": round(r.credit, 3), "points": r.points}
                for r in self.lines
            ],
            "habits": {h.kind.name: len(h.messages) for h in self.habits},
        }


def _quote(text: str) -> str:
    """The rep's words as the card quotes them: on one line, cut short, and shown as typed (no ping, no link)."""
    text = " ".join(text.split())
    return shown(text if len(text) <= MAX_QUOTE else text[: MAX_QUOTE - 1].rstrip() + "…")


def _first(turns: list[RepTurn], move: str) -> int | None:
    return next((i for i, t in enumerate(turns) if move in t.moves), None)


STACKED = "it came in a string of questions, so the buyer could take up only one of them"


def _made(state: DrillState, turn: RepTurn, move: str) -> str | None:
    """The words with which `turn` made `move`: the move as the buyer heard it, or, for a question about impact or
    criteria, an open question the buyer answered as one, since it brought out a fact only such a question brings out
    ("How are your hold times looking these days?" told what the gaps cost, though the move reader read no impact
    question in it), or one asked with leave ("Can I ask what's been going wrong with the data?")."""
    told = _told_to(state, turn, move)
    if move in turn.moves:
        return told if move in ANSWERED_AS and told else turn.evidence[move]
    if move not in ANSWERED_AS:
        return None
    return told if told and ("open_question" in question_kind(told) or hearing.asks_indirectly(told)) else None


def _quoted(state: DrillState, move: str, index: int, until: int | None) -> str:
    """The words to quote for `move`, first made in message `index`: for a question about impact or criteria, the
    question the buyer answered as one, in that message or a later one before `until` (the pitch), when the move
    reader's find in message `index` was not it ("Who signs, and what does the timeline look like?" brought out who
    signs; the cost came out to "do you know what a delay would cost them?" two messages later)."""
    first = _made(state, state.turns[index], move) or ""
    if move not in ANSWERED_AS or _told_to(state, state.turns[index], move):
        return first
    later = state.turns[index : until if until is not None and until > index else len(state.turns)]
    return next((q for t in later if _told_to(state, t, move) and (q := _made(state, t, move))), first)


def _told_to(state: DrillState, turn: RepTurn, move: str) -> str:
    """The question of `turn` the buyer answered with a fact that `move` brings out, or ""."""
    return next((q for f, q in zip(turn.uncovered, turn.asked, strict=True) if move in state.scenario.fact(f).when), "")


def _first_heard(state: DrillState, move: str) -> tuple[int | None, float]:
    """The first message making `move`, and the share of the credit it earns: a question's half when it came stacked
    with other questions (the buyer took up only the first of them), unless a later message asked it on its own. What
    is no question ("I'm sorry." before the string) keeps its worth."""
    made = [i for i, t in enumerate(state.turns) if _made(state, t, move) is not None]
    if not made or move not in hearing.QUESTION_MOVES or "stacked" not in state.turns[made[0]].habits:
        return (made[0] if made else None), 1.0
    alone = next((i for i in made if "stacked" not in state.turns[i].habits), None)
    return (alone, 1.0) if alone is not None else (made[0], 0.5)


def _move(state: DrillState, rule: dict[str, Any]) -> tuple[float, list[str], str]:
    move, within = rule["move"], rule.get("within")
    index, share = _first_heard(state, move)
    if index is None:
        return 0.0, *_unheard(state, move, rule.get("missing", f"no {move.replace('_', ' ')}"))
    until = None if within is None else within if index < within else index + 1  # "it came late" names `index`
    evidence = [_quoted(state, move, index, until)]
    if within is not None and index >= within:
        return 0.5 * share, evidence, f"it came late, in message {index + 1}; aim for the first {within}"
    return share, evidence, "" if share == 1.0 else STACKED


UNHEARD = "asked only inside a string of questions, of which the buyer took up another"


def _unheard(state: DrillState, move: str, never: str) -> tuple[list[str], str]:
    """Why a move earned nothing: `never` made, or made only where the buyer could not hear it (a stuffer's "how much
    is that costing you" after two other questions), with the words."""
    unheard = [
        next((q.text for q in hearing.questions(t.text, t.analysis) if move in q.moves), t.analysis.evidence[move])
        for t in state.turns
        if "stacked" in t.habits and move in t.analysis.moves
    ]
    return (unheard[:1], UNHEARD) if unheard else ([], never)


def _move_before_pitch(state: DrillState, rule: dict[str, Any]) -> tuple[float, list[str], str]:
    move = rule["move"]
    (index, share), pitch = _first_heard(state, move), _first(state.turns, "pitch")
    pitched = (
        f"you pitched first: \u201c{_quote(state.turns[pitch].evidence['pitch'])}\u201d" if pitch is not None else ""
    )
    if index is None:
        never = rule.get("missing", f"no {move.replace('_', ' ')} at all")
        evidence, missing = _unheard(state, move, never)
        return 0.0, evidence, "; ".join(filter(None, [missing, pitched if missing == never else ""]))
    evidence = [_quoted(state, move, index, pitch)]
    if pitch is not None and pitch < index:
        return 0.5 * share, evidence, pitched
    if move in ASKED_TO_HEAR and _misheard(state):  # asked, answered, then played back wrong: asked, not heard
        return 0.5 * share, evidence, MISHEARD
    return share, evidence, "" if share == 1.0 else STACKED


# Questions whose worth is in hearing the answer: a play-back that gets the answers wrong halves them.
ASKED_TO_HEAR = frozenset({"impact_question", "criteria_question"})


def _uncovered(state: DrillState, rule: dict[str, Any]) -> tuple[float, list[str], str]:
    """The share of the facts the buyer told; a fact told in answer to a string of questions counts half (the buyer
    took up one question of several, and told it grudgingly)."""
    wanted = list(rule["facts"])
    stacked = {f for t in state.turns if "stacked" in t.habits for f in t.uncovered}
    got = [f for f in wanted if f in state.revealed]
    evidence = [asked for t in state.turns for fact, asked in zip(t.uncovered, t.asked, strict=True) if fact in got]
    evidence += [t.evidence["summarize"] for t in state.turns if set(t.confirmed) & set(got)]  # a guess confirmed
    missing = [state.scenario.fact(f).label for f in wanted if f not in got]
    why = []
    if missing:
        why.append("not uncovered: " + "; ".join(missing))
    if stacked & set(got):
        why.append(STACKED)
    credit = sum(0.5 if f in stacked else 1.0 for f in got) / len(wanted)
    if got and _misheard(state):
        why.append(MISHEARD)
        credit /= 2
    return credit, evidence, "; ".join(why)


MISHEARD = "your play-back got what you were told wrong, so it counts half"


def _misheard(state: DrillState) -> bool:
    """Did the rep play back what the buyer never said, and never put it right with a play-back the buyer confirmed?
    Then what the buyer told was asked for but not heard."""
    since = since_misread(state.turns)
    return since is not None and not any(t.reaction == "summary_right" for t in since)


def _any_move(state: DrillState, rule: dict[str, Any]) -> tuple[float, list[str], str]:
    moves = list(rule["moves"])
    evidence = [t.evidence[m] for t in state.turns for m in moves if m in t.moves]
    need = int(rule.get("count", 1))
    return min(len(evidence) / need, 1.0), evidence[:need], "" if len(evidence) >= need else rule.get("missing", "")


def _questions(state: DrillState, rule: dict[str, Any]) -> tuple[float, list[str], str]:
    """Discovery effort: questions about the buyer's situation that the buyer heard and took up, one at a time. The
    one question a stacked message gets answered counts a third (one of three or more asked); a repeated or an
    off-topic question nothing."""
    alone = [q for t in state.turns if "stacked" not in t.habits for q in t.questions]
    stacked = [q for t in state.turns if "stacked" in t.habits for q in t.questions]
    need = int(rule.get("count", QUESTIONS_WANTED))
    if len(alone) >= need and _misheard(state):  # asked, answered, then played back wrong: asked, not heard
        return 0.5, alone[:need], MISHEARD
    if len(alone) >= need:
        return 1.0, alone[:need], ""
    credit = min((len(alone) + len(stacked) / 3) / need, 1.0)
    heard = "no question" if not alone else "one question" if len(alone) == 1 else f"{len(alone)} questions"
    missing = f"{heard} about {state.buyer}'s situation on its own; aim for {need}, asked one at a time"
    if stacked:
        missing += " (one taken up from a string of questions counts a third)"
    return credit, alone + stacked, missing


def _objective(state: DrillState, rule: dict[str, Any]) -> tuple[float, list[str], str]:
    steps = [t for t in state.turns if t.next_step]
    if not steps:
        return 0.0, [], "no next step proposed"
    best = max(steps, key=lambda t: NEXT_STEP_CREDIT[t.next_step])
    credit = NEXT_STEP_CREDIT[best.next_step]
    missing = {
        "vague": "no day or time, so the buyer stayed vague",
        "stacked": STACKED,
        "corrected": f"{state.buyer} corrected the play-back it came with, so nothing was booked",
    }.get(best.next_step, "")
    if best.next_step in ("dated", "early"):
        missing = _too_early(state, best)
    if best.next_step in ("dated", "early") and not best.waiting_for:  # asked for on a play-back the buyer corrected
        credit = 0.0
    before = takewhile(lambda t: t is not best, state.turns)  # by identity: two turns of the same words are equal
    asked = any(t.uncovered or t.questions for t in before)
    if best.next_step in ("dated", "early", "vague") and not asked:  # pushed for before asking the buyer anything:
        credit, missing = 0.0, "; ".join(filter(None, [missing, PUSHED.format(buyer=state.buyer)]))  # nothing
    return credit, [best.evidence.get("next_step", best.text)], missing


# Nothing for it: a weak rep's "can we get 60 minutes this week?" after a product pitch is no further on than a
# stealth pitcher who never asks, whom the managers rank above them (with half of an early meeting's credit, weak reps
# scored over stealth pitchers in 130 script pairs of the tuning sets, with nothing in 94; pairs at 0.85 399 -> 402).
PUSHED = "you had asked nothing about {buyer}'s situation yet, so it was pushed, not earned"


def _too_early(state: DrillState, turn: RepTurn) -> str:
    """Why the buyer said no to the meeting, in one sentence: what they had not told the rep yet."""
    labels = [state.scenario.fact(f).label for f in turn.waiting_for]
    if not labels:
        return f"too early: {state.buyer} had just corrected your play-back, so nothing was agreed to meet about"
    return f"too early: {state.buyer} hadn't yet told you {_listed(labels)}, so there was nothing to meet about"


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def _no_early_pitch(state: DrillState, rule: dict[str, Any]) -> tuple[float, list[str], str]:
    early = [t for t in state.turns if t.pitched_early]
    if not state.turns:
        return 0.0, [], "the drill ended before you said anything"
    if not early and not state.revealed:  # nothing pitched, but nothing asked that the buyer could take up either
        return 0.0, [], f"{state.buyer} never got to a problem worth solving"
    if not early:
        return 1.0, [], ""
    credit = 0.5 if len(early) == 1 and early[0] is not state.turns[0] else 0.0
    return credit, [], f"you pitched before understanding: \u201c{_quote(early[0].evidence['pitch'])}\u201d"


def _trade(state: DrillState, rule: dict[str, Any]) -> tuple[float, list[str], str]:
    """A trade earns its points only when no concession was given away for nothing: by finding out what the buyer
    can give, or by proposing the trade outright ("the cap and the exit clause in return for the three-year term")."""
    given = [t for t in state.turns if "conceded" in t.habits]
    if given:
        return 0.0, [], f"gave a concession for nothing: \u201c{_quote(given[0].evidence['conceded'])}\u201d"
    proposed = [t.price[1] for t in state.turns if t.price[0] == "trade"]
    if proposed:
        return 1.0, proposed[:1], ""
    return _uncovered(state, rule)


RULES = {
    "move": _move,
    "move_before_pitch": _move_before_pitch,
    "uncovered": _uncovered,
    "any_move": _any_move,
    "objective": _objective,
    "no_early_pitch": _no_early_pitch,
    "trade": _trade,
    "questions": _questions,
}


def score_drill(state: DrillState) -> ScoreCard:
    """Each rubric line with its credit and evidence; the score is the share of points earned (0-100)."""
    results = []
    for line in state.scenario.rubric:
        credit, evidence, missing = RULES[line.rule["type"]](state, line.rule)
        results.append(LineResult(line, credit, tuple(_quote(e) for e in evidence), missing))
    total = sum(r.line.points for r in results) or 1
    habits = habits_of(state)
    earned = round(100 * sum(r.points for r in results) / total) - sum(h.points for h in habits)
    score = on_the_scale(earned) if state.turns else 0.0
    lost = sorted((r for r in results if r.credit < 1), key=lambda r: r.line.points * (1 - r.credit), reverse=True)
    tips = [h.kind.tip for h in habits] + [_tip(r, state) for r in lost]
    tips = list(dict.fromkeys(t for t in tips if t))[:3]
    if not tips:
        tips = ["Every line met. Try the harder variant, where the buyer only opens up to open questions."]
    return ScoreCard(score, state.outcome or "stopped", tuple(results), tuple(tips), habits)


def on_the_scale(earned: int) -> float:
    """The score for `earned` points (the lines' share of 100, less the habits' deductions): as earned from 10 up;
    under 10 a point counts a quarter, so habits that cost more than the lines earned still rank the rep instead of
    all reading 0 (the managers' ranges start at 3-15 for weak, off-topic and caving reps, never at 0; a floor at 0
    tied them). 0 at 30 points or more below nothing earned."""
    if earned >= LOW:
        return float(earned)
    return max(0.0, round(LOW + (earned - LOW) / 4, 1))


def _tip(result: LineResult, state: DrillState) -> str:
    """The line's tip, unless its example is what the rep already said: then what actually went wrong."""
    steps = [t for t in state.turns if t.next_step in ("dated", "early", "corrected")]
    if result.line.rule["type"] == "objective" and steps and not any(t.next_step == "vague" for t in state.turns):
        labels = [state.scenario.fact(f).label for f in steps[-1].waiting_for]
        if not labels:
            return "When the buyer corrects your play-back, ask what you got wrong before asking for the meeting."
        return f"Find out {_listed(labels)} before asking for the meeting; then ask again with a day and time."
    stacked = result.line.rule["type"] == "objective" and any(t.next_step == "stacked" for t in state.turns)
    if stacked and not any(t.next_step in ("agreed", "vague") for t in state.turns):
        return "Ask for the meeting in a message of its own: at the end of a string of questions it goes unheard."
    said = [content_words(t.text) for t in state.turns]
    clauses = _example_clauses(result.line.tip)
    left = [
        text
        for text, words in clauses
        if not any(len(words & s) >= 0.6 * len(words) for s in said) and not _told(state, result.line, words)
    ]
    if len(left) == len(clauses):
        return result.line.tip
    if left:  # half of the example was asked already: the tip gives the other half
        lead = result.line.tip.split('"')[0]
        return f'{lead}"{left[0][:1].upper()}{left[0][1:]}?"'
    return f"{result.missing[0].upper()}{result.missing[1:]}." if result.missing else ""


def _told(state: DrillState, line: RubricLine, words: set[str]) -> bool:
    """Does a tip's example ask for facts of its line that the buyer has told already ("Who else will weigh in now,
    besides you and Rachel?" once the buyer named who signs)? The facts it asks for are those whose topic words it
    uses twice or more."""
    asked = [
        f for f in line.rule.get("facts", ()) if len(words & content_words(" ".join(state.scenario.fact(f).about))) >= 2
    ]
    return bool(asked) and all(f in state.revealed for f in asked)


# Where a tip's example asks two things: "..., and what would a win look like for you personally?"
_SECOND_ASK = re.compile(r"[?;]\s*|,? and (?=what|who|how|which|when|why|where)|, or (?=what|who|how|which)")


def _example_clauses(tip: str) -> list[tuple[str, set[str]]]:
    """Each thing a tip's example asks, with its words ("Which numbers is the board holding you to this year, and what
    would a win look like for you personally?" asks two); the example whole when it is one quoted question or short."""
    quoted = tip.split('"')[1::2]
    example = quoted[0] if len(quoted) == 1 else " ".join(quoted) or tip
    clauses = [c.strip(" ,.") for c in _SECOND_ASK.split(example) if c.strip(" ,.")]
    asked = [(c, content_words(c)) for c in clauses if len(content_words(c)) >= 3]
    return asked if len(quoted) == 1 and len(asked) > 1 else [(example, content_words(example))]


def render_card(card: ScoreCard, state: DrillState) -> str:
    """The score card as Slack mrkdwn, one message (Rasa splits on blank lines, so single newlines only)."""
    outcome = OUTCOMES.get(card.outcome, card.outcome)
    rows = [f"*Score: {card.score:.0f}/100* · {state.scenario.title} ({state.difficulty}) · {outcome}"]
    for r in card.lines:
        mark = "✅" if r.credit >= 1 else "◐" if r.credit > 0 else "❌"
        row = f"{mark} {r.line.text} ({r.points:g}/{r.line.points})"
        if r.evidence:
            row += ": " + " / ".join(f"\u201c{e}\u201d" for e in r.evidence[:3])
        if r.missing:
            row += f" ({r.missing})" if r.evidence else f": {r.missing}"
        rows.append(row)
    rows.extend(habit_kinds.render(h) for h in card.habits)
    rows.append("*Try next time:*")
    rows.extend(f"{i}. {tip}" for i, tip in enumerate(card.tips, 1))
    return "\n".join(rows)
