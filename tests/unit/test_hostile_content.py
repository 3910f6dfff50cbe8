"""Hostile YAML in data/: `spar content validate` and the loader the app uses refuse it with a clear message, run no
code, and stop in bounded time and memory."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from coach.content import MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES, ContentError, load_yaml, validate_content
from coach.drills.scenarios import load_scenarios
from tests.cli import run_spar

# CPU seconds of this process, not the wall clock: the slowest case takes a second or two of CPU, a billion laughs
# would never end, and a machine busy with other work (CI at load average 10 took 20 s of wall time) changes neither.
SECONDS = 20


def laughs(levels: int = 9) -> str:
    text = 'lol: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
    for level in range(1, levels):
        text += f"l{level}: &{chr(97 + level)} [{', '.join([f'*{chr(96 + level)}'] * 9)}]\n"
    return text


HOSTILE = {
    "python-object": ('version: "3.1"\nrules: !!python/object/apply:os.system ["touch {marker}"]\n', "tags"),
    "python-name-key": ("? !!python/name:os.system\n: 1\n", "tags"),
    "local-tag": ("rules: !include /etc/passwd\n", "tags"),
    "billion-laughs": (laughs(), f"more than {MAX_NODES} values"),
    "alias-loop": ("rules: &loop [1, *loop]\n", "inside its own anchor"),
    "deep-flow": ("rules: " + "[" * 100_000 + "]" * 100_000 + "\n", f"nested deeper than {MAX_DEPTH} levels"),
    "deep-block": ("".join("  " * i + f"k{i}:\n" for i in range(200)) + "  " * 200 + "v\n", "nested deeper"),
    "many-values": ("".join(f"- {i}\n" for i in range(MAX_NODES + 10)), f"more than {MAX_NODES} values"),
    "huge": ("a: " + "x" * (MAX_FILE_BYTES + 10) + "\n", f"larger than {MAX_FILE_BYTES} bytes"),
    "control-character": ('version: "3.1"\nrules: "\x07"\n', "special characters"),
    "not-utf8": (b"rules: \xff\xfe\n", "not UTF-8"),
}


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / "dialogue" / "rules" / f"{name}.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return path


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_yaml_is_refused_clearly_and_quickly(tmp_path: Path, case: str) -> None:
    marker = tmp_path / "code-ran"
    content, reason = HOSTILE[case]
    if isinstance(content, str):
        content = content.replace("{marker}", str(marker))
    path = write(tmp_path / "data", case, content)
    started = time.process_time()
    count, errors = validate_content(tmp_path / "data")
    assert time.process_time() - started < SECONDS
    assert count == 1 and len(errors) == 1, errors
    assert errors[0].startswith(f"{path}:") and reason in errors[0], errors[0]
    assert len(errors[0]) < 300  # a message, not a dump of the document
    with pytest.raises(ContentError, match=reason):
        load_yaml(path)
    assert not marker.exists()


def test_the_command_names_the_file_and_runs_no_code(tmp_path: Path) -> None:
    marker = tmp_path / "code-ran"
    path = write(tmp_path, "tagged", HOSTILE["python-object"][0].replace("{marker}", str(marker)))
    write(tmp_path, "laughs", laughs())
    result = run_spar("content", "validate", "--data", str(tmp_path))
    assert result.returncode == 1
    assert f"{path}:2: YAML tags such as !!python/object/apply:os.system are not allowed" in result.stderr
    assert "laughs.yml:" in result.stderr and "Traceback" not in result.stderr + result.stdout
    assert "2 problem(s)" in result.stdout
    assert not marker.exists()


def test_the_app_loader_refuses_a_hostile_scenario_too(tmp_path: Path) -> None:
    (tmp_path / "bomb.yml").write_text(laughs())
    started = time.process_time()
    with pytest.raises(ContentError, match="bomb.yml:.*more than"):
        load_scenarios(tmp_path)
    assert time.process_time() - started < SECONDS


def test_anchors_and_plain_tags_within_the_limits_still_load(tmp_path: Path) -> None:
    path = write(tmp_path, "reuse", "base: &base {patience: 3}\nhard:\n  <<: *base\n  open_only: true\nid: !!str 42\n")
    data = load_yaml(path)
    assert data["hard"]["patience"] == 3 and data["hard"]["open_only"] is True and data["id"] == "42"
    small = load_yaml(write(tmp_path, "small-laughs", laughs(levels=4)))  # 9 * 9 * 9 * 9 values: fine
    assert small["l3"][0][0][0][0] == "lol"
