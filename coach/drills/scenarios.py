"""Role-play scenarios from `data/content/scenarios/`: the buyer persona, variants, the buyer's lines and the rubric."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from coach.content import DATA_DIR, load_yaml

SCENARIO_DIR = DATA_DIR / "content" / "scenarios"
DIFFICULTIES = ("easy", "standard", "hard")


@dataclass(frozen=True)
class Fact:
    """Something the buyer only says when the rep asks well: one of `when` (moves), on `about` (words) if given."""

    id: str
    label: str
    when: tuple[str, ...]
    about: tuple[str, ...]
    says: tuple[str, ...]


@dataclass(frozen=True)
class RubricLine:
    id: str
    text: str
    skills: tuple[str, ...]
    points: int
    rule: dict[str, Any]
    tip: str


@dataclass(frozen=True)
class Variant:
    patience: int  # how many early pitches the buyer sits through before ending the call
    open_only: bool  # a closed question gets a short answer and no facts
    needs: tuple[str, ...]  # facts uncovered before the buyer agrees to the objective
    opening: tuple[str, ...]


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    call_type: str
    stage: str
    skills: tuple[str, ...]
    summary: str
    persona: dict[str, Any]
    scene: str
    objective: str
    facts: tuple[Fact, ...]
    variants: dict[str, Variant]
    lines: dict[str, tuple[str, ...]]
    rubric: tuple[RubricLine, ...]
    max_turns: int = 10
    keywords: tuple[str, ...] = field(default=())

    def fact(self, fact_id: str) -> Fact:
        return next(f for f in self.facts if f.id == fact_id)


def _lowered(words: list[str] | None) -> tuple[str, ...]:
    return tuple(w.lower() for w in words or ())


def _scenario(data: dict[str, Any]) -> Scenario:
    objective = data["objective"]
    variants = {
        name: Variant(
            patience=int(v["patience"]),
            open_only=bool(v.get("open_only", False)),
            needs=tuple(v.get("needs") or objective["needs"]),
            opening=tuple(v["opening"]),
        )
        for name, v in data["variants"].items()
    }
    return Scenario(
        id=data["id"],
        title=data["title"],
        call_type=data["call_type"],
        stage=data["stage"],
        skills=tuple(data["skills"]),
        summary=data["summary"],
        persona=dict(data["persona"]),
        scene=data["scene"].strip(),
        objective=objective["text"],
        facts=tuple(
            Fact(f["id"], f["label"], tuple(f["when"]), _lowered(f.get("about")), tuple(f["says"]))
            for f in data["facts"]
        ),
        variants=variants,
        lines={name: tuple(texts) for name, texts in data["lines"].items()},
        rubric=tuple(
            RubricLine(r["id"], r["text"], tuple(r["skills"]), int(r["points"]), dict(r["rule"]), r["tip"])
            for r in data["rubric"]
        ),
        max_turns=int(data.get("max_turns", 10)),
        keywords=tuple(k.lower() for k in data.get("keywords") or ()),
    )


@lru_cache(maxsize=4)
def load_scenarios(folder: Path = SCENARIO_DIR) -> tuple[Scenario, ...]:
    """Every scenario, in file-name order (content validation has checked their shape)."""
    return tuple(_scenario(load_yaml(path)) for path in sorted(folder.glob("*.yml")))


def find_scenario(scenario_id: str) -> Scenario | None:
    return next((s for s in load_scenarios() if s.id == scenario_id), None)
