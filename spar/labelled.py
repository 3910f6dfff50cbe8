"""Reading the labelled files every `spar eval` command takes (shaped like those in nlu/dev_sets/), or a split of the
project's corpora (JSON Lines)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from coach.content import ContentError, load_yaml


def read_labelled(path: Path, fields: dict[str, type]) -> list[dict[str, Any]]:
    """A list of mappings, each with `fields` of the given types; anything else is a ContentError naming the file."""
    if path.suffix == ".jsonl":  # the project's own splits (nlu/<reader>/*.jsonl): one JSON object a line
        try:
            items: Any = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
        except json.JSONDecodeError as error:
            raise ContentError(f"{path}: not JSON Lines ({error})") from error
    else:
        items = load_yaml(path)
    if not isinstance(items, list) or not all(
        isinstance(item, dict) and all(isinstance(item.get(name), kind) for name, kind in fields.items())
        for item in items
    ):
        raise ContentError(f"{path}: expected a list of {{{', '.join(fields)}}}")
    return items
