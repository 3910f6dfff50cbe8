"""Precision, recall and F1 per label, shared by every `spar eval` command."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any


def label_scores(
    gold: Sequence[set[str]], predicted: Sequence[set[str]], labels: Iterable[str] | None = None
) -> dict[str, Any]:
    """Scores for examples that each carry a set of labels (one label for intents, several for moves)."""
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted differ in length")
    names = sorted(set(labels) if labels is not None else set().union(*gold, *predicted))
    per_label: dict[str, dict[str, Any]] = {}
    for name in names:
        tp = sum(1 for g, p in zip(gold, predicted, strict=False) if name in g and name in p)
        fp = sum(1 for g, p in zip(gold, predicted, strict=False) if name not in g and name in p)
        fn = sum(1 for g, p in zip(gold, predicted, strict=False) if name in g and name not in p)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_label[name] = {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "support": tp + fn,
            "confusion": {"tp": tp, "fp": fp, "fn": fn, "tn": len(gold) - tp - fp - fn},
        }
    scored = [v["f1"] for v in per_label.values() if v["support"]]
    return {
        "n": len(gold),
        "labels": per_label,
        "macro_f1": round(sum(scored) / len(scored), 4) if scored else 0.0,
        "accuracy": round(sum(1 for g, p in zip(gold, predicted, strict=False) if g == p) / len(gold), 4)
        if gold
        else 0.0,
    }


def render_table(report: dict[str, Any]) -> str:
    """The report as a plain-text table for people."""
    lines = [f"{'label':<22}{'precision':>10}{'recall':>10}{'f1':>8}{'support':>9}"]
    for name, s in report["labels"].items():
        lines.append(f"{name:<22}{s['precision']:>10.3f}{s['recall']:>10.3f}{s['f1']:>8.3f}{s['support']:>9}")
    lines.append(
        f"\nexamples: {report['n']}   macro F1: {report['macro_f1']:.3f}"
        + (f"   accuracy: {report['accuracy']:.3f}" if "accuracy" in report else "")
    )
    return "\n".join(lines)
