"""Which moves a rep's message makes in a role-play (docs/scoring.md section 2), by rules over its sentences."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from coach.drills import moves_rules as rules
from coach.interviews.sar import sentence_splitter
from coach.text import storable

MOVES = (
    "open_question",
    "closed_question",
    "impact_question",
    "criteria_question",
    "next_step",
    "acknowledge",
    "pitch",
    "summarize",
    "quantify",
)


@dataclass
class MoveAnalysis:
    moves: list[str] = field(default_factory=list)
    evidence: dict[str, str] = field(default_factory=dict)


def _sentences(text: str) -> list[str]:
    """spaCy's rule-based sentencizer (the blank English pipeline the SAR analysis uses); a dash splits too."""
    doc = sentence_splitter()(storable(text).replace(" - ", ". "))
    parts = [s.text.strip() for s in doc.sents if s.text.strip()]
    return parts or [text.strip()]


def _question_kind(sentence: str) -> set[str]:
    """open and/or closed, for a sentence that asks something."""
    lowered = rules.FILLER.sub("", sentence.lower().strip()).strip()
    # "Before I show you anything, can you...": the question starts after a leading clause.
    lowered = re.sub(r"^(before|if|once|after|since|while)\b[^,]*,\s*", "", lowered) if "," in lowered else lowered
    # "Besides the price, what matters most?": any leading phrase before a wh-question.
    lowered = re.sub(rf"^(?!{rules.WH}\b)[^,?]*,\s*(?={rules.WH}\b)", "", lowered)
    # A question mark, or no closing punctuation at all (Slack-style "who else weighs in"), makes a question.
    asks = sentence.rstrip().endswith("?") or not re.search(r"[.!?)\]]$", sentence.rstrip())
    polite = bool(rules.POLITE_INFO_REQUEST.search(lowered))
    kinds: set[str] = set()
    if lowered.startswith("how about"):
        kinds.add("closed_question")
    elif (rules.OPEN_START.search(lowered) or rules.OPEN_AFTER_CLAUSE.search(lowered)) and asks:
        kinds.add("open_question")
    elif rules.CLOSED_START.search(lowered) and asks:
        kinds.add("open_question" if polite and not lowered.startswith("want") else "closed_question")
    elif polite and re.match(r"^(tell|walk|help|describe|explain|curious)", lowered):
        kinds.add("open_question")
    elif sentence.rstrip().endswith("?"):
        kinds.add("closed_question")
    if kinds and re.search(r"(,|\band|\bor|—) (is|are|does|do|did|would|will|was|were|has|have|can|could)\b", lowered):
        kinds.add("closed_question")
    return kinds


def analyse_moves(text: str) -> MoveAnalysis:
    """The set of moves in one message, each with the words that made it."""
    analysis = MoveAnalysis()
    found: dict[str, str] = {}
    for index, sentence in enumerate(_sentences(text or "")):
        lowered = sentence.lower()
        kinds = _question_kind(sentence)
        for kind in kinds:
            found.setdefault(kind, sentence)
        if kinds and rules.IMPACT.search(lowered):
            found.setdefault("impact_question", sentence)
        if kinds and rules.CRITERIA.search(lowered):
            found.setdefault("criteria_question", sentence)
        if rules.NEXT_STEP.search(lowered):
            found.setdefault("next_step", sentence)
        if rules.ACKNOWLEDGE.search(lowered.strip()):
            found.setdefault("acknowledge", sentence)
        if rules.PITCH.search(lowered):
            found.setdefault("pitch", sentence)
        if (index == 0 and rules.SUMMARY_OPENING.search(lowered.strip())) or rules.SUMMARY_ANYWHERE.search(lowered):
            found.setdefault("summarize", sentence)
        if rules.NUMBER.search(lowered):
            found.setdefault("quantify", sentence)
    analysis.moves = [move for move in MOVES if move in found]
    analysis.evidence = {move: found[move] for move in analysis.moves}
    return analysis
