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


@pytest.mark.parametrize("name", CHECK_SETS)
def test_intent_accuracy(name: str) -> None:
    path, floor = CHECK_SETS[name]
    result = spar("eval", "nlu", str(path), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["accuracy"] >= floor, report
