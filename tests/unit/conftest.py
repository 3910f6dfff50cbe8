"""The unit tier: no processes, no PostgreSQL, no Rasa model. A test here that starts a process fails at once."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator

import matplotlib.font_manager  # noqa: F401  # builds matplotlib's font cache (it runs fc-list) before any test
import pytest


@pytest.fixture(autouse=True)
def no_processes(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a unit test started a process: it belongs in tests/integration or tests/e2e")

    monkeypatch.setattr(subprocess.Popen, "__init__", refuse)
    yield
