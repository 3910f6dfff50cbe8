"""Content in `data/`: YAML read with line numbers and checked against a schema per folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jsonschema import Draft7Validator
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError

from coach.settings import PROJECT_ROOT

SCHEMAS = Path(__file__).resolve().parent / "schemas"
DATA_DIR = PROJECT_ROOT / "data"
MAX_FILE_BYTES = 1_000_000


class ContentError(ValueError):
    """A content file that cannot be used, with where and why."""


def schema_for(data_dir: Path, path: Path) -> dict[str, Any] | None:
    """data/<folder>/<name>.yml is checked by schemas/<folder>/<name>.json, else by schemas/<folder>.json;
    a file directly in data/ (data/<name>.yml) by schemas/<name>.json."""
    parts = path.relative_to(data_dir).parts
    folder = parts[0] if len(parts) > 1 else path.stem
    for schema_file in (SCHEMAS / folder / f"{path.stem}.json", SCHEMAS / f"{folder}.json"):
        if schema_file.exists():
            return json.loads(schema_file.read_text())
    return None


def load_yaml(path: Path) -> Any:
    """Parse one YAML file safely (no tags, no custom types), keeping line numbers."""
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ContentError(f"{path}: larger than {MAX_FILE_BYTES} bytes")
    yaml = YAML(typ="rt", pure=True)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"))
    except MarkedYAMLError as error:
        line = error.problem_mark.line + 1 if error.problem_mark else "?"
        raise ContentError(f"{path}:{line}: {error.problem}") from None
    except UnicodeDecodeError:
        raise ContentError(f"{path}: not UTF-8 text") from None
    _refuse_tags(path, data)
    return data


def _refuse_tags(path: Path, node: Any) -> None:
    tag = getattr(node, "tag", None)
    if tag is not None and getattr(tag, "value", None):
        raise ContentError(f"{path}:{_line(node)}: YAML tags such as {tag.value} are not allowed")
    children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else []
    for child in children:
        _refuse_tags(path, child)


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
        return [f"{path}: no schema for files in data/{path.relative_to(data_dir).parts[0]}/"]
    plain = json.loads(json.dumps(data, default=str))
    errors = [
        f"{path}:{line_of(data, list(e.absolute_path))}: {_path_text(e.absolute_path)}{e.message}"
        for e in sorted(Draft7Validator(schema).iter_errors(plain), key=lambda e: list(map(str, e.path)))
    ]
    if not errors and path.relative_to(data_dir).parts[0] == "scenarios":
        from coach.scenario_checks import check_scenario  # it needs line_of from here

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
