"""The `spar` command run in-process, as a test would run it in a shell: arguments, standard input, exit code and
what it printed (no subprocess, so the unit tier stays fast)."""

from __future__ import annotations

import contextlib
import io
import sys
from dataclasses import dataclass

from spar.cli import main


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


def run_spar(*argv: str, stdin: str = "") -> Ran:
    out, err = io.StringIO(), io.StringIO()
    real_stdin = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                main(list(argv))
                code = 0
            except SystemExit as exit_:
                code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    finally:
        sys.stdin = real_stdin
    return Ran(code, out.getvalue(), err.getvalue())
