"""The nonsense check (coach/nonsense.py) the Rasa model's NonsenseGuard applies: mashing and word salad are caught,
what reps really type is not."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import yaml

from coach.nonsense import is_nonsense, vocabulary_of

ROOT = Path(__file__).parent.parent.parent
HELD_OUT = ROOT / "tests" / "fixtures" / "nonsense_heldout.yml"


@lru_cache(maxsize=1)
def vocabulary() -> frozenset[str]:
    examples = []
    for path in sorted((ROOT / "nlu" / "intents").glob("*.yml")):
        for item in yaml.safe_load(path.read_text())["nlu"]:
            if item.get("intent") not in (None, "out_of_scope"):
                examples += [line[2:].strip() for line in item["examples"].splitlines() if line.strip()]
    return vocabulary_of(examples)


def test_keyboard_mashing_word_salad_and_stray_symbols_are_nonsense() -> None:
    for text in ("asdf qwerty blorp zxcv", "purple monkey dishwasher banana", "@#$%^&*()_+", "🥔🥔", "jjjjjjjjjj"):
        assert is_nonsense(text, vocabulary()), text
    salad = " ".join(["seven lanterns argue with the soup while an orange ladder sings"] * 60)  # 3,900 characters
    assert is_nonsense(salad, vocabulary())


def test_what_reps_type_is_not_nonsense() -> None:
    for text in (
        "yo",
        "heyy",
        "👍",
        "3",
        "/start_roleplay",
        "absolutely",
        "I've got a call with Northwind Freight Holdings at 3pm",
        "can we practise a pricing objection",
        "how's my team doing this month",
    ):
        assert not is_nonsense(text, vocabulary()), text
    held_out = yaml.safe_load((ROOT / "tests" / "fixtures" / "nlu_heldout.yml").read_text())
    requests = [h["text"] for h in held_out if h["intent"] != "out_of_scope"]
    assert [t for t in requests if is_nonsense(t, vocabulary())] == []


def test_the_held_out_nonsense_set_is_frozen() -> None:
    """Reported on (`spar eval nonsense tests/fixtures/nonsense_heldout.yml`), never tuned on."""
    digest = hashlib.sha256(HELD_OUT.read_bytes()).hexdigest()
    assert digest == "cfb8892f3c103995eadea68092dd1134e35756d3694a4974961b28972f7db9db"
