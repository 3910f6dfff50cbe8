"""The setup finds Python 3.10 by itself, or says clearly that there is none."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tests.processes import ROOT

FINDER = ROOT / "scripts" / "find-python310"


def test_finds_a_working_python_310() -> None:
    result = subprocess.run([str(FINDER)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    version = subprocess.run([result.stdout.strip(), "--version"], capture_output=True, text=True).stdout
    assert version.startswith("Python 3.10.")


def test_without_python_310_it_fails_with_a_clear_message(tmp_path: Path) -> None:
    fake_pyenv = tmp_path / "pyenv"
    (fake_pyenv / "versions" / "3.11.7" / "bin").mkdir(parents=True)
    tools = tmp_path / "bin"  # a PATH with only what the script needs, and no python3.10 on it
    tools.mkdir()
    for tool in ("ls", "sort"):
        (tools / tool).symlink_to(shutil.which(tool) or f"/bin/{tool}")
    env = {"PATH": str(tools), "PYENV_ROOT": str(fake_pyenv), "HOME": str(tmp_path)}
    result = subprocess.run(["/bin/bash", str(FINDER)], capture_output=True, text=True, env=env)
    assert result.returncode == 1
    assert "Spar needs Python 3.10" in result.stderr and str(fake_pyenv / "versions") in result.stderr
