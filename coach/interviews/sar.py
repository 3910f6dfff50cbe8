"""SAR/STAR analysis of a behavioural-interview answer (docs/scoring.md section 1), with spaCy rules.

Each sentence is read for what it does: sets the scene, states the speaker's task, tells what was done (past-tense
verbs with "I" or "we" as their subject), what came of it, and what was learned. Hypothetical ("I would...") and
habitual ("I always...") sentences tell no story, so they earn no situation or action.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Span

from coach.interviews import sar_rules as rules
from coach.text import storable

LABELS = ("situation", "task", "action", "result", "quantified_result", "learning")
WEIGHTS = {"situation": 20, "task": 10, "action": 30, "result": 20, "quantified_result": 10, "learning": 10}
OWNERSHIP_PENALTY = {"i": 0, "mixed": 5, "we": 10, "none": 0}
PROBES = {
    "situation": "When and where was this? Who was involved, and what was at stake?",
    "task": "What was your own goal or responsibility in that situation?",
    "action": "What did *you* specifically do? Walk me through your steps.",
    "result": "How did it turn out in the end?",
    "quantified_result": "What was the outcome, in numbers: revenue, percentage, time saved?",
    "learning": "What did you learn from it, or what would you do differently next time?",
}
HYPOTHETICAL_PROBE = "That sounds like what you *would* do. Tell me about a specific time it actually happened."


@dataclass
class SarAnalysis:
    situation: bool = False
    task: bool = False
    action: bool = False
    result: bool = False
    quantified_result: bool = False
    learning: bool = False
    ownership: str = "none"
    hypothetical: bool = False
    score: int = 0
    evidence: dict[str, str] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    probes: list[str] = field(default_factory=list)
    pronouns: dict[str, int] = field(default_factory=dict)
    feedback: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@lru_cache(maxsize=1)
def sentence_splitter() -> Language:
    """A blank English spaCy pipeline with the rule-based sentencizer: no model to download."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def _is_past_verb(word: str) -> bool:
    if word in rules.IRREGULAR_PAST:
        return True
    return len(word) > 4 and word.endswith("ed") and word not in rules.ED_NOT_VERBS


def _sentence_kind(text: str) -> str:
    """`story`, `hypothetical` (first-person would/'d) or `background` (habits, present perfect)."""
    lowered = text.lower().replace("’", "'")
    if rules.HYPOTHETICAL_FIRST_PERSON.search(lowered) and not rules.REPORTED_SPEECH.search(lowered):
        return "hypothetical"
    if rules.BACKGROUND.search(lowered):
        return "background"
    return "story"


def _actions(sentence: Span, subject: str | None, offset: int) -> tuple[list[tuple[int, str, str]], str | None]:
    """Past-tense first-person actions in a sentence: (token index, word, "i" or "we"); and the subject carried on."""
    words = [t.lower_.replace("’", "'") for t in sentence]
    found: list[tuple[int, str, str]] = []
    if "myself" in words and subject is None:
        subject = "i"
    for k, word in enumerate(words):
        if word in rules.SUBJECTS:
            opens_clause = (
                k == 0
                or words[k - 1] in rules.CLAUSE_OPENERS
                or words[k - 1][:1].isdigit()
                or not any(_is_past_verb(w) or w in ("is", "are", "was", "were", "had") for w in words[:k])
            )
            subject = rules.SUBJECTS[word] if opens_clause else subject
            if not opens_clause:
                words[k] = "(relative)"  # "every workflow we supported": not the speaker's action
            continue
        if word in rules.OTHER_SUBJECTS:
            subject = None
            continue
        if not _is_past_verb(word) or word in rules.NOT_ACTIONS:
            continue
        before = words[max(0, k - 3) : k]
        if before and before[-1] in rules.PASSIVE:
            continue
        if any(w in rules.NEGATIONS for w in before):
            continue
        who = _explicit_subject(before)
        if who is None:
            if not (k == 0 or (before and before[-1] in rules.LINKS)):
                continue
            who = subject or "i"  # a clause with no subject of its own continues the last speaker's
        found.append((offset + k, word, who))
        subject = who
    return found, subject


def _explicit_subject(before: list[str]) -> str | None:
    """ "I"/"we" just before a verb, with nothing but adverbs between ("we then rebuilt", "I also sent")."""
    for distance, word in enumerate(reversed(before)):
        if word in rules.SUBJECTS:
            return rules.SUBJECTS[word]
        if word not in rules.ADVERBS or distance >= 2:
            return None
    return None


def _result_clauses(sentence_text: str) -> list[str]:
    return [c.strip() for c in rules.CLAUSE_BREAK.split(sentence_text) if c and rules.RESULT.search(c.lower())]


def analyse_sar(answer: str) -> SarAnalysis:
    """Which parts of a story the answer has, with the words that showed each, a score and the probes to ask."""
    doc = sentence_splitter()(storable(answer or ""))  # spaCy can't take a lone surrogate
    analysis = SarAnalysis()
    kinds: list[str] = []
    subject: str | None = None
    first_action_at: int | None = None
    owners = {"i": 0, "we": 0}
    for sentence in doc.sents:
        text = sentence.text.strip()
        lowered = text.lower()
        kind = _sentence_kind(text)
        kinds.append(kind)
        if rules.LEARNING.search(lowered):
            _earn(analysis, "learning", text)
        if kind != "story":
            continue
        if rules.TASK.search(lowered):
            _earn(analysis, "task", text)
        if first_action_at is None and (
            rules.TIME_ANCHOR.search(lowered) or (len(kinds) == 1 and rules.ORGANISATION.search(lowered))
        ):
            _earn(analysis, "situation", text)
        actions, subject = _actions(sentence, subject, sentence.start)
        for index, _, who in actions:
            owners[who] += 1
            first_action_at = index if first_action_at is None else first_action_at
        if actions:
            _earn(analysis, "action", text)
        if first_action_at is not None and sentence.end > first_action_at:
            after_first_action = doc[max(first_action_at, sentence.start) : sentence.end].text
            clauses = _result_clauses(after_first_action)
            if clauses:
                _earn(analysis, "result", clauses[0])
            for clause in clauses:
                if rules.NUMBER.search(clause.lower()):
                    _earn(analysis, "quantified_result", clause)
    analysis.pronouns = _pronoun_counts(doc)
    analysis.ownership = _ownership(owners)
    analysis.hypothetical = not analysis.action and "hypothetical" in kinds
    _score(analysis)
    return analysis


def _earn(analysis: SarAnalysis, label: str, words: str) -> None:
    if not getattr(analysis, label):
        setattr(analysis, label, True)
        analysis.evidence[label] = words


def _pronoun_counts(doc: Any) -> dict[str, int]:
    words = [t.lower_ for t in doc]
    return {
        "i": sum(w in ("i", "me", "my", "myself") for w in words),
        "we": sum(w in ("we", "us", "our", "ourselves") for w in words),
    }


def _ownership(owners: dict[str, int]) -> str:
    total = owners["i"] + owners["we"]
    if total == 0:
        return "none"
    if min(owners.values()) / total >= 0.2:
        return "mixed"
    return "i" if owners["i"] > owners["we"] else "we"


def _score(analysis: SarAnalysis) -> None:
    earned = sum(weight for label, weight in WEIGHTS.items() if getattr(analysis, label))
    score = max(0, earned - OWNERSHIP_PENALTY[analysis.ownership])
    analysis.score = min(score, 20) if analysis.hypothetical else score
    analysis.missing = [label for label in LABELS if not getattr(analysis, label)]
    if analysis.hypothetical:
        analysis.probes = [HYPOTHETICAL_PROBE]
    else:
        order = ["action", "result", "quantified_result", "situation", "task", "learning"]
        analysis.probes = [PROBES[label] for label in order if label in analysis.missing][:2]
        if analysis.ownership in ("we", "mixed") and analysis.pronouns["we"] > analysis.pronouns["i"]:
            analysis.probes.insert(0, "You said 'we' a lot: what did you do yourself?")
            analysis.probes = analysis.probes[:2]
    analysis.feedback = _feedback(analysis)


def _feedback(analysis: SarAnalysis) -> str:
    shown = [f'*{label.replace("_", " ")}*: "{words}"' for label, words in analysis.evidence.items()]
    lines = [f"Score: {analysis.score}/100."]
    if shown:
        lines.append("What your answer showed:\n" + "\n".join(f"• {s}" for s in shown))
    if analysis.missing:
        lines.append("Missing: " + ", ".join(m.replace("_", " ") for m in analysis.missing) + ".")
    counts = analysis.pronouns
    lines.append(f"Ownership: you said 'I' {counts.get('i', 0)} times and 'we' {counts.get('we', 0)} times.")
    return "\n".join(lines)
