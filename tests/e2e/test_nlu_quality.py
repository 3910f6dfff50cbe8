"""The trained model understands reps: intent accuracy on utterances it was never trained on."""

from __future__ import annotations

import json

import pytest

from tests.e2e.test_cli import spar
from tests.processes import ROOT

CHECK_SETS = {
    # Ours, written for checking only.
    "held-out": (ROOT / "tests" / "fixtures" / "nlu_heldout.yml", 0.85),
    # The shared development set (for checking, never for training): the issue asks for 0.90.
    "dev set": (ROOT / "nlu" / "dev_sets" / "nlu_utterances.yml", 0.90),
}


def evaluation(what: str, path: object) -> dict:
    """`spar eval WHAT PATH --json`, read."""
    result = spar("eval", what, str(path), "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("name", CHECK_SETS)
def test_intent_accuracy(name: str) -> None:
    path, floor = CHECK_SETS[name]
    report = evaluation("nlu", path)
    assert report["accuracy"] >= floor, report


NONSENSE_SETS = {
    # Written by a helper who never saw Spar's code; the guard's rules were checked against it.
    "nonsense, first set": (ROOT / "tests" / "fixtures" / "nonsense.yml", 0.12),
    # Written by a second helper, frozen (tests/unit/test_nonsense.py): reported on, never tuned on.
    "nonsense, held out": (ROOT / "tests" / "fixtures" / "nonsense_heldout.yml", 0.15),
}


@pytest.mark.parametrize("name", NONSENSE_SETS)
def test_nonsense_and_chatter_are_rarely_taken_for_a_request(name: str) -> None:
    path, ceiling = NONSENSE_SETS[name]
    report = evaluation("nonsense", path)
    lines = sum(kind["lines"] for kind in report.values())
    taken = sum(kind["taken_for_a_request"] for kind in report.values())
    assert lines >= 100 and taken / lines <= ceiling, report
