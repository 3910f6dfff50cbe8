"""The benchmarks keep working: each runs at a tiny size and prints its figures (no timing is asserted)."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from tests.processes import ROOT


def test_the_team_summary_benchmark_prints_its_table() -> None:
    result = subprocess.run(
        [sys.executable, "bench/team_summary.py", "--reps", "3", "--sessions", "300", "--engines", "sqlite"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "SQLALCHEMY_SILENCE_UBER_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert re.search(r"^sqlite: setup \d+ rows", result.stdout, re.MULTILINE), result.stdout
    for days in (7, 30):
        figure = rf"^sqlite\s+{days} days\s+5(\s+\d+\.\d){{3}}\s+(yes|no)\s+[0-9a-f]{{12}}$"
        assert re.search(figure, result.stdout, re.MULTILINE), result.stdout


def test_the_readers_benchmark_prints_speed_and_both_memory_figures() -> None:
    result = subprocess.run(
        [sys.executable, "bench/readers.py", "--rounds", "1"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    for reader in ("moves", "sar"):
        assert re.search(rf"^{reader}\s+\d+\s+\d+\.\d\s+\d+\.\d\s+\d+ (ok|MISSED)$", result.stdout, re.MULTILINE)
    assert re.search(r"grew by \d+ MiB from a bare interpreter", result.stdout), result.stdout
    assert re.search(r"the action server grew by \d+ MiB", result.stdout), result.stdout
