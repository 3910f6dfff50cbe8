"""`spar eval nlu`: the trained model's intents against a labelled file."""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from coach.content import ContentError, load_yaml
from coach.evaluation import label_scores, render_table
from spar.labelled import read_labelled


def read_utterances(path: Path) -> list[tuple[str, str]]:
    return [(i["text"], i["intent"]) for i in read_labelled(path, {"text": str, "intent": str})]


def predict_intents(model: Path, texts: list[str]) -> list[str]:
    logging.getLogger("rasa").setLevel(logging.ERROR)
    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.ERROR)  # Rasa logs every parse at debug level on stdout otherwise

    agent = Agent.load(str(model))

    async def parse_all() -> list[str]:
        return [(await agent.parse_message(text))["intent"]["name"] for text in texts]

    return asyncio.run(parse_all())


def _load(path: Path, model: Path, read: Callable[[Path], Any]) -> Any:
    """What `read` makes of the labelled file; None (the error said) when it or the trained model is missing."""
    if not model.exists():
        print(f"error: no trained model at {model}; run `make model` first", file=sys.stderr)
        return None
    try:
        return read(path)
    except (ContentError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return None


def evaluate_nlu(path: Path, model: Path, as_json: bool) -> int:
    examples = _load(path, model, read_utterances)
    if examples is None:
        return 2
    predicted = predict_intents(model, [text for text, _ in examples])
    gold = [intent for _, intent in examples]
    report = label_scores([{g} for g in gold], [{p} for p in predicted], labels=set(gold))
    if as_json:
        print(json.dumps(report))
    else:
        print(render_table(report))
        for (text, intent), guess in zip(examples, predicted, strict=False):
            if guess != intent:
                print(f"  missed: {text!r}: expected {intent}, got {guess}")
    return 0


NOT_A_REQUEST = {"nlu_fallback", "out_of_scope"}


def evaluate_nonsense(path: Path, model: Path, as_json: bool) -> int:
    """Lines that are no request (a YAML mapping of kind -> lines): how many the model takes for one, per kind."""
    kinds = _load(path, model, load_yaml)
    if kinds is None:
        return 2
    report: dict[str, dict[str, object]] = {}
    for kind, lines in kinds.items():
        texts = [str(line) for line in lines]
        taken = [(t, i) for t, i in zip(texts, predict_intents(model, texts), strict=True) if i not in NOT_A_REQUEST]
        report[kind] = {"lines": len(texts), "taken_for_a_request": len(taken), "taken": taken}
    if as_json:
        print(json.dumps(report))
    else:
        for kind, found in report.items():
            print(f"{kind}: {found['taken_for_a_request']} of {found['lines']} taken for a request")
            for text, intent in found["taken"]:  # type: ignore[attr-defined]
                print(f"  {intent}: {text[:80]!r}")
    return 0
