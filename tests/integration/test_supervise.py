"""supervisord as `make run` configures it, over two stand-in processes: one that can't start is retried, reported
loudly and slowed down, while the other keeps running; SIGTERM stops both."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.processes import ROOT


def wait_for(log: Path, words: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while words not in log.read_text(errors="replace"):
        assert time.monotonic() < deadline, f"never said {words!r}:\n{log.read_text(errors='replace')[-3000:]}"
        time.sleep(0.2)


def test_a_process_that_keeps_crashing_is_slowed_down_and_the_others_keep_running(tmp_path: Path) -> None:
    steady_file = tmp_path / "steady.pid"
    procfile = tmp_path / "Procfile"
    procfile.write_text(
        f"steady: {sys.executable} -c \"import os, time; open('{steady_file}', 'w').write(str(os.getpid()));"
        ' time.sleep(600)"\n'
        f'crasher: {sys.executable} -c "import sys; sys.exit(3)"\n'
    )
    log = tmp_path / "supervise.log"
    run = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"from pathlib import Path; from spar.supervise import supervise; supervise(Path('{procfile}'))",
        ],
        cwd=ROOT,
        env={**os.environ, "SPAR_RESTART_PAUSE": "3"},
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_for(log, "exited: crasher (exit status 3; not expected)", 30)
        wait_for(log, "gave up: crasher entered FATAL state, too many start retries too quickly", 60)
        wait_for(log, "spar: ERROR crasher keeps crashing (it failed to start 4 times in a row)", 10)
        wait_for(log, "spar: starting crasher again after its pause", 20)
        wait_for(log, "Trying crasher again in 6 s", 60)  # it failed again: a longer pause
        steady = int(steady_file.read_text())
        os.kill(steady, 0)  # the same steady process all along
        assert "exited: steady" not in log.read_text()
    finally:
        os.killpg(run.pid, signal.SIGTERM)
        run.wait(20)
    assert "stopped: steady" in log.read_text()
    time.sleep(0.5)
    assert not Path(f"/proc/{steady}").exists() or "Z" in Path(f"/proc/{steady}/stat").read_text().split(")")[1][:3]
