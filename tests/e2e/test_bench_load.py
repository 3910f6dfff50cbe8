"""The load benchmark runs end to end on a tiny load and prints its table (what it measures is not checked here)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.processes import ROOT


@pytest.mark.timeout(240)
def test_a_tiny_load_run_prints_the_table_and_the_goals(tmp_path: Path) -> None:
    results = tmp_path / "load.json"
    run = subprocess.run(
        [sys.executable, "bench/load.py", "--reps", "2", "--seconds", "5", "--think", "0", "--no-peer"]
        + ["--json", str(results)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=220,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    lines = run.stdout.splitlines()
    assert any(line.split() == ["metric", "Spar", "Rasa", "SlackInput", "ratio"] for line in lines), run.stdout
    for row in ("ack p99 (ms)", "reply p95 (ms)", "answered / s", "lost messages", "doubled messages"):
        assert any(line.startswith(row) for line in lines), row
    assert "Goals:" in run.stdout and "Spar ack p99 < 100 ms" in run.stdout
    measured = json.loads(results.read_text())
    assert measured["peer"] is None and measured["spar"]["messages"] > 0
