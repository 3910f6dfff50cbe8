"""`actions/` and `bot/listeners/` are thin adapters over `coach/`: read from their source, they never import the
bot (actions), never reach the database themselves, and never change a row's fields (coach functions do both)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
ACTIONS = sorted((ROOT / "actions").rglob("*.py"))
LISTENERS = sorted((ROOT / "bot" / "listeners").rglob("*.py"))


def imported_modules(tree: ast.AST) -> Iterator[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


def targets(node: ast.expr) -> Iterator[ast.expr]:
    """Every name an assignment target binds (`a.b, c = ...` binds `a.b` and `c`)."""
    if isinstance(node, (ast.Tuple, ast.List)):
        for element in node.elts:
            yield from targets(element)
    elif isinstance(node, ast.Starred):
        yield from targets(node.value)
    else:
        yield node


def attribute_assignments(tree: ast.AST) -> Iterator[ast.Attribute]:
    """Assignments to an attribute of anything but `self` (`practice.status = ...`, `user.tz += ...`)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            bound = [t for target in node.targets for t in targets(target)]
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            bound = list(targets(node.target))
        else:
            continue
        for target in bound:
            if isinstance(target, ast.Attribute) and not (
                isinstance(target.value, ast.Name) and target.value.id == "self"
            ):
                yield target


def parsed(path: Path) -> ast.AST:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def name(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_there_are_adapters_to_check() -> None:
    assert len(ACTIONS) >= 5 and len(LISTENERS) >= 4


@pytest.mark.parametrize("path", ACTIONS, ids=name)
def test_an_action_never_imports_the_bot(path: Path) -> None:
    bot = [m for m in imported_modules(parsed(path)) if m == "bot" or m.startswith("bot.")]
    assert bot == [], f"{name(path)} imports {bot}: what both need belongs in coach/ (or actions/)"


@pytest.mark.parametrize("path", ACTIONS + LISTENERS, ids=name)
def test_an_adapter_never_touches_the_database(path: Path) -> None:
    sqlalchemy = [m for m in imported_modules(parsed(path)) if m == "sqlalchemy" or m.startswith("sqlalchemy.")]
    assert sqlalchemy == [], f"{name(path)} imports {sqlalchemy}: queries belong in coach/"


@pytest.mark.parametrize("path", ACTIONS + LISTENERS, ids=name)
def test_an_adapter_never_changes_a_rows_fields(path: Path) -> None:
    changes = [f"line {t.lineno}: {ast.unparse(t)}" for t in attribute_assignments(parsed(path))]
    assert changes == [], f"{name(path)} sets {changes}: state changes belong in coach/"


@pytest.mark.parametrize(
    "source, found",
    [
        ("import bot.blocks", ["bot.blocks"]),
        ("from bot.jobs.calls import schedule_call", ["bot.jobs.calls"]),
        ("from sqlalchemy import select", ["sqlalchemy"]),
        ("import sqlalchemy.orm as orm", ["sqlalchemy.orm"]),
        ("from .common import words", []),  # relative: within the package
    ],
)
def test_the_import_check_sees_every_form_of_import(source: str, found: list[str]) -> None:
    assert list(imported_modules(ast.parse(source))) == found


@pytest.mark.parametrize(
    "source, found",
    [
        ("practice.status = 'abandoned'", ["practice.status"]),
        ("run.status, run.planned_at = 'planned', now", ["run.status", "run.planned_at"]),
        ("user.count += 1", ["user.count"]),
        ("user.tz: str = 'UTC'", ["user.tz"]),
        ("rows[0].status = 'x'", ["rows[0].status"]),
        ("self.name = 'drill'", []),
        ("status = practice.status", []),
    ],
)
def test_the_assignment_check_sees_every_form_of_assignment(source: str, found: list[str]) -> None:
    assert [ast.unparse(t) for t in attribute_assignments(ast.parse(source))] == found
