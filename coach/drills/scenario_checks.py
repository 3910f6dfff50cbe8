"""Checks on a scenario that a JSON schema cannot express: references between its parts, and its points."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from coach.content import line_of


def check_scenario(path: Path, data: Any) -> list[str]:
    """Problems as `file:line: reason`, in the order they appear."""
    problems: list[tuple[list[Any], str]] = []
    if data.get("id") != path.stem:
        problems.append((["id"], f"id {data.get('id')!r} must match the file name {path.stem!r}"))
    facts = [f["id"] for f in data["facts"]]
    for index, fact_id in enumerate(facts):
        if fact_id in facts[:index]:
            problems.append((["facts", index, "id"], f"fact {fact_id!r} is defined twice"))
    if not any("impact_question" in f["when"] for f in data["facts"]):
        problems.append((["facts"], "no fact answers an impact_question, so the buyer can never reveal a cost"))
    for where, needs in [(["objective", "needs"], data["objective"]["needs"])] + [
        (["variants", name, "needs"], variant.get("needs") or []) for name, variant in data["variants"].items()
    ]:
        problems += [
            (where + [i], f"unknown fact {f!r} (facts: {', '.join(facts)})")
            for i, f in enumerate(needs)
            if f not in facts
        ]
    rubric_ids = [line["id"] for line in data["rubric"]]
    for index, line in enumerate(data["rubric"]):
        if line["id"] in rubric_ids[:index]:
            problems.append((["rubric", index, "id"], f"rubric line {line['id']!r} is defined twice"))
        for i, fact_id in enumerate(line["rule"].get("facts") or []):
            if fact_id not in facts:
                problems.append((["rubric", index, "rule", "facts", i], f"unknown fact {fact_id!r}"))
    total = sum(line["points"] for line in data["rubric"])
    if total != 100:
        problems.append((["rubric"], f"rubric points add up to {total}, not 100"))
    return [f"{path}:{line_of(data, where)}: {reason}" for where, reason in problems]
