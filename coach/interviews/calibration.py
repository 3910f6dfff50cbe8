"""Calibration practice for managers: mark a sample answer's parts, then see where you agree with the reference."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from coach.content import DATA_DIR, load_yaml
from coach.interviews.sar import LABELS, WEIGHTS

SAMPLES_FILE = DATA_DIR / "content" / "interview" / "calibration.yml"
NAMES = {
    "situation": "situation",
    "task": "task",
    "action": "action",
    "result": "result",
    "quantified_result": "numbers",
    "learning": "learning",
}
WORDS = {
    "situation": ("situation", "context", "s"),
    "task": ("task", "goal", "t"),
    "action": ("action", "actions", "a"),
    "result": ("result", "outcome", "r"),
    "quantified_result": ("numbers", "number", "quantified", "q", "n"),
    "learning": ("learning", "lesson", "l"),
}
INSTRUCTIONS = (
    "Which parts does this answer have? Reply with them and your score out of 100, for example "
    "`situation action result numbers 70` (or `none 10`). Parts: situation, task, action, result, numbers, learning."
)


@dataclass(frozen=True)
class Sample:
    id: str
    competency: str
    question: str
    answer: str
    labels: dict[str, Any]


@lru_cache(maxsize=4)
def load_samples(path: Path = SAMPLES_FILE) -> tuple[Sample, ...]:
    return tuple(
        Sample(s["id"], s["competency"], s["question"], s["answer"], dict(s["labels"])) for s in load_yaml(path)
    )


def pick_sample(rng: random.Random | None = None) -> Sample:
    return (rng or random).choice(load_samples())


def find_sample(sample_id: str) -> Sample | None:
    return next((s for s in load_samples() if s.id == sample_id), None)


def show_sample(sample: Sample) -> str:
    # One newline, not two: Rasa splits a reply into separate messages at blank lines.
    return f"*Calibration.* The question: _{sample.question}_\nThe candidate said:\n>{sample.answer}\n{INSTRUCTIONS}"


def read_marks(reply: str) -> tuple[set[str], int | None] | None:
    """The parts and score a manager typed; None when the reply names no part (nor `none`)."""
    words = re.findall(r"[a-z]+|\d+", reply.lower())
    parts = {label for label, names in WORDS.items() if any(w in names for w in words)}
    numbers = [int(w) for w in words if w.isdigit() and len(w) <= 3 and int(w) <= 100]  # never a 5,000-digit int
    if not parts and "none" not in words:
        return None
    return parts, (numbers[-1] if numbers else None)


def reference_score(labels: dict[str, Any]) -> int:
    """The reference labels scored with the same weights as a rep's answer."""
    return sum(weight for label, weight in WEIGHTS.items() if labels.get(label))


def agreement(sample: Sample, parts: set[str], score: int | None) -> tuple[float, str]:
    """How far the manager's marks agree with the reference (share of parts), and the card that shows it."""
    reference = {label for label in LABELS if sample.labels.get(label)}
    agreed = [label for label in LABELS if (label in parts) == (label in reference)]
    share = len(agreed) / len(LABELS)
    lines = [f"You agreed with the reference on {len(agreed)} of {len(LABELS)} parts ({share:.0%})."]
    extra = sorted(parts - reference, key=LABELS.index)
    missed = sorted(reference - parts, key=LABELS.index)
    if extra:
        lines.append("You saw, the reference didn't: " + ", ".join(NAMES[p] for p in extra) + ".")
    if missed:
        lines.append("The reference saw, you didn't: " + ", ".join(NAMES[p] for p in missed) + ".")
    ref_score = reference_score(sample.labels)
    if score is not None:
        lines.append(f"Your score: {score}. Reference score: {ref_score} ({abs(score - ref_score)} apart).")
    else:
        lines.append(f"Reference score: {ref_score}.")
    lines.append(f"Reference ownership: {sample.labels.get('ownership')}.")
    return share, "\n".join(lines)
