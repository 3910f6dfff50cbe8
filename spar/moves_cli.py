"""`spar score moves` and `spar eval moves`: role-play move recognition from the command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from coach.content import ContentError
from coach.drills.moves import MOVES, analyse_moves
from coach.evaluation import label_scores, render_table
from spar.labelled import read_labelled


def score_moves(text: str) -> int:
    if not text.strip():
        print("error: give the rep's message on standard input", file=sys.stderr)
        return 2
    analysis = analyse_moves(text)
    labels = {move: move in analysis.moves for move in MOVES}
    print(json.dumps({"moves": analysis.moves, "labels": labels, "evidence": analysis.evidence}))
    return 0


def eval_moves(path: Path, as_json: bool) -> int:
    try:
        items = read_labelled(path, {"text": str, "moves": list})
    except (ContentError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    gold = [set(item["moves"]) for item in items]
    predicted = [set(analyse_moves(item["text"]).moves) for item in items]
    report = label_scores(gold, predicted, labels=MOVES)
    if as_json:
        print(json.dumps(report))
        return 0
    print(render_table(report))
    for item, g, p in zip(items, gold, predicted, strict=True):
        if g != p:
            print(f"  {item.get('id', '?')}: missed {sorted(g - p)}, extra {sorted(p - g)}: {item['text']!r}")
    return 0
