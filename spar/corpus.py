"""The labelled corpora of nlu/moves and nlu/sar: assembled from their labelling records, and how well the two
independent labellers agreed (the protocol is nlu/LABELLING.md).

Each `nlu/<reader>/labelling/` holds the authors' raw items (`<author>.yml`, no labels), the two first-pass
labellings (`<author>-A.jsonl`, `<author>-B.jsonl`) and the adjudicator's decisions on the items where they
disagreed (`adjudicated.jsonl`). `spar readers assemble` turns them into the train, dev and test splits, by author.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import yaml

from coach import language
from coach.drills.moves import MOVES

# Which author's items go to which split. The first five move authors and the three SAR authors were split before any
# model was trained; the later move authors (M6-M13, written to cover the weakest moves; M14-M45, written to widen the
# authors, two of them in dev so that the policy is chosen on three authors' messages), S4 (written as the SAR dev
# split) and S5-S38 came after (S15-S38 written to widen the SAR authors; with two of them in dev the policy chosen
# there fell under the bar on today's dev set, see nlu/LABELLING.md), and none of them went to a test split. An
# author labelled but in no split yet is `HELD_BACK` (none now). Test splits never change (test.sha256).
SPLIT_AUTHORS = {
    "moves": {
        "train": [f"M{n}" for n in (1, 2, *range(5, 16), *range(18, 46))],
        "dev": ["M3", "M16", "M17"],
        "test": ["M4"],
    },
    "sar": {
        "train": ["S1", "S2", *(f"S{n}" for n in range(5, 39))],
        "dev": ["S4"],
        "test": ["S3"],
    },
}
HELD_BACK: dict[str, list[str]] = {"moves": [], "sar": []}
DEV_SETS = {"moves": "roleplay_moves.yml", "sar": "sar_answers.yml"}
SAR_PARTS = ("situation", "task", "action", "result", "learning")


def labelling_dir(reader: str) -> Path:
    return language.READERS_DIR / reader / "labelling"


def _jsonl(path: Path) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in map(json.loads, path.read_text().splitlines()) if item}


def _agree(reader: str, a: dict[str, Any], b: dict[str, Any]) -> bool:
    if reader == "moves":
        return set(a["moves"]) == set(b["moves"])
    return a["labels"] == b["labels"] and [(set(s["parts"]), s["quantified"]) for s in a["sentences"]] == [
        (set(s["parts"]), s["quantified"]) for s in b["sentences"]
    ]


def final_labels(reader: str, author: str) -> list[dict[str, Any]]:
    """One author's items with their final labels: the labellers' where they agreed, else the adjudicator's."""
    folder = labelling_dir(reader)
    items = yaml.safe_load((folder / f"{author}.yml").read_text())
    first, second = _jsonl(folder / f"{author}-A.jsonl"), _jsonl(folder / f"{author}-B.jsonl")
    adjudicated = _jsonl(folder / "adjudicated.jsonl")
    done = []
    for item in items:
        a, b = first[item["id"]], second[item["id"]]
        final = a if _agree(reader, a, b) else adjudicated[item["id"]]
        if reader == "moves":
            done.append(
                {
                    "id": item["id"],
                    "author": author,
                    "context": item.get("context") or "",
                    "text": item["text"],
                    "moves": [m for m in MOVES if m in final["moves"]],
                }
            )
        else:
            texts = language.sentences(item["answer"])
            if len(texts) != len(final["sentences"]):
                raise ValueError(f"{item['id']}: {len(texts)} sentences, {len(final['sentences'])} labelled")
            sentences = [
                {"text": t, "parts": [p for p in SAR_PARTS if p in s["parts"]], "quantified": bool(s["quantified"])}
                for t, s in zip(texts, final["sentences"], strict=True)
            ]
            done.append(
                {
                    "id": item["id"],
                    "author": author,
                    "question": item["question"],
                    "answer": item["answer"],
                    "sentences": sentences,
                    "labels": final["labels"],
                }
            )
    return done


def assemble(reader: str) -> dict[str, int]:
    """Write nlu/<reader>/{train,dev,test}.jsonl from the labelling records; today's dev set joins dev."""
    counts = {}
    for split, authors in SPLIT_AUTHORS[reader].items():
        items = [item for author in authors for item in final_labels(reader, author)]
        if split == "dev":
            dev_set = yaml.safe_load((language.READERS_DIR / "dev_sets" / DEV_SETS[reader]).read_text())
            items += [{**item, "author": "dev-set"} for item in dev_set]
        path = language.READERS_DIR / reader / f"{split}.jsonl"
        path.write_text("".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items))
        counts[split] = len(items)
    return counts


def agreement(reader: str) -> dict[str, Any]:
    """Cohen's kappa per label between the two independent first-pass labellings in nlu/<reader>/labelling/."""
    folder = labelling_dir(reader)
    first: dict[str, dict[str, Any]] = {}
    second: dict[str, dict[str, Any]] = {}
    for path in sorted(folder.glob("*-A.jsonl")):
        first.update(_jsonl(path))
        second.update(_jsonl(path.with_name(path.name.replace("-A.", "-B."))))
    ids = sorted(first)
    labels: dict[str, Callable[[dict[str, Any]], list[Any]]] = {}
    if reader == "moves":
        for move in MOVES:
            labels[move] = partial(_has_move, move)
    else:
        for part in SAR_PARTS:
            labels[f"sentence {part}"] = partial(_sentence_parts, part)
            labels[f"answer {part}"] = partial(_answer_label, part)
        labels["answer quantified_result"] = partial(_answer_label, "quantified_result")
        labels["answer ownership"] = partial(_answer_label, "ownership")
    return {
        "items": len(ids),
        "kappa": {
            name: round(cohen_kappa(sum((get(first[i]) for i in ids), []), sum((get(second[i]) for i in ids), [])), 3)
            for name, get in labels.items()
        },
    }


def cohen_kappa(a: list[Any], b: list[Any]) -> float:
    """Cohen's kappa of two labellings of the same items (any label values)."""
    n = len(a)
    if n == 0 or len(b) != n:
        raise ValueError("two labellings of the same items are needed")
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    values = set(a) | set(b)
    expected = sum((a.count(v) / n) * (b.count(v) / n) for v in values)
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


def _has_move(move: str, item: dict[str, Any]) -> list[Any]:
    return [move in item["moves"]]


def _sentence_parts(part: str, item: dict[str, Any]) -> list[Any]:
    return [part in sentence["parts"] for sentence in item["sentences"]]


def _answer_label(label: str, item: dict[str, Any]) -> list[Any]:
    value = item["labels"][label]
    return [value if label == "ownership" else bool(value)]
