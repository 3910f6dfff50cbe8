"""Content in `data/`: YAML read with line numbers and checked against a schema per folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jsonschema import Draft7Validator
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent, Event, NodeEvent
from ruamel.yaml.parser import RoundTripParser
from ruamel.yaml.reader import ReaderError

from coach.settings import PROJECT_ROOT

SCHEMAS = Path(__file__).resolve().parent / "schemas"
DATA_DIR = PROJECT_ROOT / "data"
# Limits that keep a hostile file cheap to refuse (the pure-Python parser reads about 10,000 values a second), far
# above what content needs: the largest shipped file has 39 KB, about 1,000 values and 6 levels.
MAX_FILE_BYTES = 256_000
MAX_NODES = 20_000  # counting each alias as the values it repeats, so a "billion laughs" stops here
MAX_DEPTH = 50
PLAIN_TAGS = {f"{prefix}{name}" for prefix in ("!!", "tag:yaml.org,2002:") for name in ("str", "int", "float", "bool")}


class ContentError(ValueError):
    """A content file that cannot be used, with where and why."""


def schema_for(data_dir: Path, path: Path) -> dict[str, Any] | None:
    """data/<a>/<b>/<name>.yml is checked by the most specific of schemas/<a>/<b>/<name>.json, schemas/<a>/<b>.json
    and schemas/<a>.json: the schemas mirror the folders of data/ (content/, dialogue/)."""
    parts = path.relative_to(data_dir).with_suffix("").parts
    for depth in range(len(parts), 0, -1):
        schema_file = SCHEMAS.joinpath(*parts[:depth]).with_suffix(".json")
        if schema_file.exists():
            return json.loads(schema_file.read_text())
    return None


class _Refused(Exception):
    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line, self.reason = line, reason


class _GuardedParser(RoundTripParser):  # type: ignore[misc]
    """The parser, refusing as the loader reads: tags (no custom types, so no code runs), nesting deeper than
    MAX_DEPTH, an alias inside its own anchor, and more than MAX_NODES values once aliases are expanded (a "billion
    laughs" file is a few lines that stand for billions of values). Checked on events, so nothing large is built."""

    def reset_parser(self) -> None:
        super().reset_parser()
        self.open: list[list[Any]] = []  # per collection being read: [its anchor, its values so far]
        self.sizes: dict[str, int] = {}  # per anchor: the values an alias to it stands for
        self.nodes = 0

    def get_event(self) -> Event:
        event = super().get_event()
        line = event.start_mark.line + 1 if event.start_mark else 0
        tag = getattr(event, "tag", None)
        if tag is not None and tag not in PLAIN_TAGS:
            raise _Refused(line, f"YAML tags such as {tag} are not allowed")
        if isinstance(event, CollectionStartEvent):
            if len(self.open) >= MAX_DEPTH:
                raise _Refused(line, f"nested deeper than {MAX_DEPTH} levels")
            self._count(line, 1)
            self.open.append([event.anchor, 1])
        elif isinstance(event, CollectionEndEvent) and self.open:
            anchor, size = self.open.pop()
            if anchor is not None:
                self.sizes[anchor] = size
            if self.open:
                self.open[-1][1] += size
        elif isinstance(event, AliasEvent):
            if any(anchor == event.anchor for anchor, _ in self.open):
                raise _Refused(line, f"alias *{event.anchor} is inside its own anchor &{event.anchor}")
            self._add(line, self.sizes.get(event.anchor, 1))
        elif isinstance(event, NodeEvent):  # a scalar
            if event.anchor is not None:
                self.sizes[event.anchor] = 1
            self._add(line, 1)
        return event

    def _count(self, line: int, size: int) -> None:
        self.nodes += size
        if self.nodes > MAX_NODES:
            raise _Refused(line, f"more than {MAX_NODES} values (aliases counted as what they repeat)")

    def _add(self, line: int, size: int) -> None:
        self._count(line, size)
        if self.open:
            self.open[-1][1] += size


def load_yaml(path: Path) -> Any:
    """Parse one YAML file safely, keeping line numbers; a file that is too big, uses tags, nests too deep or
    expands too far through aliases is refused with a ContentError before it costs much time or memory."""
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ContentError(f"{path}: larger than {MAX_FILE_BYTES} bytes")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ContentError(f"{path}: not UTF-8 text") from None
    yaml = YAML(typ="rt", pure=True)
    yaml.Parser = _GuardedParser
    try:
        return yaml.load(text)
    except _Refused as refused:
        raise ContentError(f"{path}:{refused.line}: {refused.reason}") from None
    except MarkedYAMLError as error:
        line = error.problem_mark.line + 1 if error.problem_mark else "?"
        raise ContentError(f"{path}:{line}: {error.problem}") from None
    except ReaderError as error:  # a control character, say: the reader knows only its position
        line = text.count("\n", 0, error.position) + 1
        code = error.character if isinstance(error.character, int) else ord(error.character)
        raise ContentError(f"{path}:{line}: {error.reason} (character #x{code:04x})") from None
    except YAMLError as error:
        raise ContentError(f"{path}: {' '.join(str(error).split())}") from None
    except RecursionError:  # the guard stops nesting well before this; kept so no traceback can get out
        raise ContentError(f"{path}: nested too deeply") from None


def _line(node: Any, key: Any = None) -> int | str:
    lc = getattr(node, "lc", None)
    if lc is None:
        return "?"
    if key is not None:
        try:
            return (lc.key(key) if isinstance(node, CommentedMap) else lc.item(key))[0] + 1
        except (KeyError, IndexError, TypeError):
            pass
    return lc.line + 1


def line_of(data: Any, path: list[Any]) -> int | str:
    """The line of the deepest node on `path` (a jsonschema error path) that still has line info."""
    node, line = data, _line(data)
    for key in path:
        if isinstance(node, (CommentedMap, CommentedSeq)):
            line = _line(node, key)
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            break
    return line


def validate_file(data_dir: Path, path: Path) -> list[str]:
    try:
        data = load_yaml(path)
    except ContentError as error:
        return [str(error)]
    schema = schema_for(data_dir, path)
    if schema is None:
        return [f"{path}: no schema for files in data/{path.relative_to(data_dir).parent.as_posix()}/"]
    plain = json.loads(json.dumps(data, default=str))
    errors = [
        f"{path}:{line_of(data, list(e.absolute_path))}: {_path_text(e.absolute_path)}{e.message}"
        for e in sorted(Draft7Validator(schema).iter_errors(plain), key=lambda e: list(map(str, e.path)))
    ]
    if not errors and path.parent.name == "scenarios":
        from coach.drills.scenario_checks import check_scenario  # it needs line_of from here

        errors = check_scenario(path, data)
    return errors


def _path_text(path: Any) -> str:
    parts = [str(p) for p in path]
    return f"{'.'.join(parts)}: " if parts else ""


def validate_content(data_dir: Path = DATA_DIR) -> tuple[int, list[str]]:
    """Check every YAML file under `data_dir`; returns how many were read and the problems found."""
    files = sorted(p for p in data_dir.rglob("*") if p.suffix in (".yml", ".yaml") and p.is_file())
    errors = [problem for path in files for problem in validate_file(data_dir, path)]
    return len(files), errors
