"""Reading the labelled files every `spar eval` command takes (shaped like those in nlu/dev_sets/)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from coach.content import ContentError, load_yaml


def read_labelled(path: Path, fields: dict[str, type]) -> list[dict[str, Any]]:
    """A list of mappings, each with `fields` of the given types; anything else is a ContentError naming the file."""
    items = load_yaml(path)
    if not isinstance(items, list) or not all(
        isinstance(item, dict) and all(isinstance(item.get(name), kind) for name, kind in fields.items())
        for item in items
    ):
        raise ContentError(f"{path}: expected a list of {{{', '.join(fields)}}}")
    return items
