"""The buying-process map (`data/content/buying_process.yml`): the buyer's stages, their exit criteria and questions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from coach.content import DATA_DIR, load_yaml

PROCESS_FILE = DATA_DIR / "content" / "buying_process.yml"
PERSONAS = {
    "economic_buyer": "economic buyer",
    "technical_buyer": "technical buyer",
    "procurement": "procurement",
    "end_user": "end user",
}


@dataclass(frozen=True)
class ExitCriterion:
    id: str
    text: str
    questions: tuple[str, ...]
    personas: dict[str, str]

    def note_for(self, persona: str | None) -> str | None:
        return self.personas.get(persona or "")


@dataclass(frozen=True)
class Stage:
    id: str
    name: str
    seller_stages: tuple[str, ...]
    buyer_objectives: tuple[str, ...]
    buyer_tasks: tuple[str, ...]
    exit_criteria: tuple[ExitCriterion, ...]
    risks_of_moving_on: tuple[str, ...]
    call_objective: str
    backup_objective: str


@lru_cache(maxsize=4)
def load_stages(path: Path = PROCESS_FILE) -> tuple[Stage, ...]:
    """The stages in the buyer's order (an organisation may replace the file; `spar content validate` checks it)."""
    data = load_yaml(path)
    return tuple(
        Stage(
            id=s["id"],
            name=s["name"],
            seller_stages=tuple(s["seller_stages"]),
            buyer_objectives=tuple(s["buyer_objectives"]),
            buyer_tasks=tuple(s["buyer_tasks"]),
            exit_criteria=tuple(
                ExitCriterion(c["id"], c["text"], tuple(c["questions"]), dict(c["personas"]))
                for c in s["exit_criteria"]
            ),
            risks_of_moving_on=tuple(s["risks_of_moving_on"]),
            call_objective=s["call_objective"],
            backup_objective=s["backup_objective"],
        )
        for s in data["stages"]
    )


def find_stage(stage_id: str | None) -> Stage | None:
    return next((s for s in load_stages() if s.id == stage_id), None)


def next_stage(stage_id: str) -> Stage | None:
    stages = load_stages()
    ids = [s.id for s in stages]
    return stages[ids.index(stage_id) + 1] if stage_id in ids and ids.index(stage_id) + 1 < len(ids) else None


def read_stage(text: str) -> Stage | None:
    """A stage from a reply: its number in the list, its id, its name, or one of the seller's names for it."""
    words = " ".join(re.findall(r"[a-z0-9]+", text.lower()))
    stages = load_stages()
    if words.isdigit() and len(words) <= 3 and 1 <= int(words) <= len(stages):  # "3", never a 5,000-digit number
        return stages[int(words) - 1]
    for stage in stages:
        names = (stage.id.replace("_", " "), stage.name, *stage.seller_stages)
        if any(" ".join(re.findall(r"[a-z0-9]+", n.lower())) == words for n in names):
            return stage
    return None


def read_persona(text: str) -> str | None:
    """The buyer's persona from a reply ("cfo" is an economic buyer, "IT" a technical buyer...)."""
    lowered = text.lower()
    rules = (
        ("procurement", r"procure|purchas|sourcing|buyer in finance|category manager|legal"),
        ("technical_buyer", r"technical|\bit\b|cto|cio|architect|engineer|security|data|developer"),
        ("end_user", r"end user|user|manager of|team lead|operator|practitioner|champion"),
        ("economic_buyer", r"economic|cfo|ceo|coo|vp|vice president|director|owner|budget|head of|founder"),
    )
    return next((persona for persona, pattern in rules if re.search(pattern, lowered)), None)
