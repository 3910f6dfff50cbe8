"""`spar score sar` and `spar eval sar`: the SAR/STAR analysis from the command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from coach.content import ContentError
from coach.evaluation import label_scores, render_table
from coach.interviews.sar import LABELS, analyse_sar
from spar.labelled import read_labelled


def score_sar(text: str) -> int:
    if not text.strip():
        print("error: give the answer to score on standard input", file=sys.stderr)
        return 2
    print(json.dumps(analyse_sar(text).as_dict()))
    return 0


def eval_sar(path: Path, as_json: bool) -> int:
    try:
        items = read_labelled(path, {"answer": str, "labels": dict})
    except (ContentError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    analyses = [analyse_sar(item["answer"]) for item in items]
    gold = [{label for label in LABELS if item["labels"].get(label)} for item in items]
    predicted = [{label for label in LABELS if getattr(a, label)} for a in analyses]
    report = label_scores(gold, predicted, labels=LABELS)
    owned = sum(a.ownership == item["labels"].get("ownership") for a, item in zip(analyses, items, strict=True))
    report["ownership_accuracy"] = round(owned / len(items), 4) if items else 0.0
    if as_json:
        print(json.dumps(report))
        return 0
    print(render_table(report))
    print(f"ownership accuracy: {report['ownership_accuracy']:.3f}")
    for item, analysis, g, p in zip(items, analyses, gold, predicted, strict=True):
        if g != p or analysis.ownership != item["labels"].get("ownership"):
            print(
                f"  {item.get('id', '?')}: missed {sorted(g - p)}, extra {sorted(p - g)}, "
                f"ownership {analysis.ownership} (labelled {item['labels'].get('ownership')})"
            )
    return 0
