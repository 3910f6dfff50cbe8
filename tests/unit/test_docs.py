"""The docs check: every `make` target, `spar` command and script the README and docs/ show exists, and nothing
tracked points outside the repository."""

from __future__ import annotations

import argparse
import re

import pytest

from bot.listeners.commands import SUBCOMMANDS
from spar.cli import build_parser
from tests.processes import ROOT

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
TARGETS = set(re.findall(r"^([\w-]+):", (ROOT / "Makefile").read_text(), re.M))


def shown(pattern: str) -> list[tuple[str, str]]:
    """(page, match) for every code span or block line in the docs that matches `pattern`."""
    found = []
    for page in PAGES:
        code = re.findall(r"`([^`\n]+)`", page.read_text()) + re.findall(r"```\w*\n(.*?)```", page.read_text(), re.S)
        for text in code:
            for line in text.splitlines():
                found += [(page.name, m) for m in re.findall(pattern, line)]
    return found


@pytest.mark.parametrize(("page", "target"), shown(r"\bmake ([a-z][\w-]*)"))
def test_every_make_target_in_the_docs_exists(page: str, target: str) -> None:
    assert target in TARGETS, f"{page} shows `make {target}`, which the Makefile does not have"


def subcommand_exists(words: list[str]) -> bool:
    parser: argparse.ArgumentParser = build_parser()
    for word in words:
        actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not actions:
            return True  # past the subcommands: options and arguments
        choices = actions[0].choices
        if word not in choices:
            return False
        parser = choices[word]
    return True


@pytest.mark.parametrize(("page", "command"), shown(r"(?<![/\w])spar ((?:[a-z]+)(?: [a-z]+)?)\b"))
def test_every_spar_command_in_the_docs_exists(page: str, command: str) -> None:
    words = command.split()
    assert subcommand_exists(words[:1]), f"{page} shows `spar {command}`"
    if len(words) > 1 and not subcommand_exists(words):
        # "spar eval moves": two levels; "spar run rasa": a choice of an argument, checked by parsing
        with pytest.raises(SystemExit) as exit_:
            build_parser().parse_args([*words, "--help"])
        assert exit_.value.code == 0, f"{page} shows `spar {command}`"


@pytest.mark.parametrize(("page", "subcommand"), shown(r"(?<!bin)/spar ([a-z]+)"))
def test_every_slash_subcommand_in_the_docs_exists(page: str, subcommand: str) -> None:
    assert subcommand in SUBCOMMANDS, f"{page} shows `/spar {subcommand}`"


@pytest.mark.parametrize(("page", "script"), shown(r"\b(bench/\w+\.py|scripts/[\w-]+)\b"))
def test_every_script_in_the_docs_exists(page: str, script: str) -> None:
    assert (ROOT / script).exists(), f"{page} shows {script}"


FOLDERS = ("actions", "bot", "coach", "spar", "tests", "docs", "nlu", "data", "bench", "scripts", "deploy", ".ci")
SKIP = {"build", "__pycache__"}


def test_nothing_in_the_repository_points_outside_it() -> None:
    files = [p for p in ROOT.iterdir() if p.is_file()]
    files += [p for folder in FOLDERS for p in (ROOT / folder).rglob("*") if p.is_file() and not SKIP & set(p.parts)]
    readable = [p for p in files if p.suffix in {".py", ".md", ".yml", ".toml", ".cfg", ".ini", ".txt", ""}]
    marker = "../" + "shared"  # spelled apart so this file does not match itself
    offenders = [str(p.relative_to(ROOT)) for p in readable if marker in p.read_text(errors="replace")]
    assert offenders == []
