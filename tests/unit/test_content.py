"""`spar content validate`: every file in data/ checked, mistakes named with file and line."""

from __future__ import annotations

from pathlib import Path

from coach.content import validate_content
from tests.cli import run_spar
from tests.processes import ROOT


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_the_shipped_content_is_valid() -> None:
    result = run_spar("content", "validate")
    assert result.returncode == 0, result.stderr
    assert "0 problem(s)" in result.stdout


def test_a_yaml_syntax_error_is_named_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "dialogue/rules/broken.yml", 'version: "3.1"\nrules:\n  - rule: x\n    steps: [\n')
    count, errors = validate_content(tmp_path)
    assert count == 1 and len(errors) == 1
    assert errors[0].startswith(f"{path}:")


def test_a_schema_mistake_is_named_with_its_line(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "content/sandbox/team.yml",
        "team:\n  id: T1\n  name: X\nusers:\n  - id: U1\n    name: Ann\n    role: boss\n    title: AE\n    tz: UTC\n",
    )
    _, errors = validate_content(tmp_path)
    assert len(errors) == 1
    assert errors[0].startswith(f"{path}:7: users.0.role") and "'boss'" in errors[0]


def test_a_missing_field_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, "dialogue/stories/s.yml", 'version: "3.1"\nstories:\n  - story: no steps\n')
    _, errors = validate_content(tmp_path)
    assert errors == [f"{path}:3: stories.0: 'steps' is a required property"]


def test_yaml_tags_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "dialogue/rules/tagged.yml", 'version: "3.1"\nrules: !!python/object:os.system {}\n')
    _, errors = validate_content(tmp_path)
    assert len(errors) == 1 and errors[0].startswith(f"{path}:") and "tags" in errors[0]


def test_a_file_in_an_unknown_folder_is_reported(tmp_path: Path) -> None:
    write(tmp_path, "mystery/x.yml", "a: 1\n")
    _, errors = validate_content(tmp_path)
    assert "no schema for files in data/mystery/" in errors[0]


def test_the_command_exits_non_zero_and_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "dialogue/rules/bad.yml", 'version: "3.1"\nrules: 3\n')
    result = run_spar("content", "validate", "--data", str(tmp_path))
    assert result.returncode == 1
    assert f"{path}:2: rules: 3 is not of type" in result.stderr and "1 problem(s)" in result.stdout


def test_a_scenario_with_a_mistake_is_refused_with_file_line_and_reason(tmp_path: Path) -> None:
    shipped = (ROOT / "data" / "content" / "scenarios" / "cfo-discovery.yml").read_text()
    lines = shipped.splitlines()
    needs = next(i for i, line in enumerate(lines) if line.strip() == "needs: [cost, criteria]")
    lines[needs] = lines[needs].replace("criteria", "budget")  # a fact the scenario does not have
    path = write(tmp_path, "content/scenarios/cfo-discovery.yml", "\n".join(lines) + "\n")
    _, errors = validate_content(tmp_path)
    assert errors == [
        f"{path}:{needs + 1}: unknown fact 'budget' (facts: problem, cost, criteria, stakeholders, timing)"
    ]

    patience = next(i for i, line in enumerate(shipped.splitlines()) if "patience: 3" in line)
    write(tmp_path, "content/scenarios/cfo-discovery.yml", shipped.replace("patience: 3", "patience: three", 1))
    _, errors = validate_content(tmp_path)
    assert errors == [f"{path}:{patience + 1}: variants.standard.patience: 'three' is not of type 'integer'"]
