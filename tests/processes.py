"""Starting Spar's real processes for tests, on free loopback ports."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

from spar.ports import free_port

ROOT = Path(__file__).resolve().parent.parent
SPAR = str(Path(sys.executable).parent / "spar")
INTERNAL_TOKEN = "test-internal-token"
TOKEN_KEY = "qZFm0sCDMlM-v0YkKwCoeL6AHRcckGvSdd8bz5ia8Wk="  # a Fernet key for the Slack tokens the tests store


class Process:
    """One `spar run NAME` child, its output in a log file for when a test fails."""

    def __init__(self, name: str, env: dict[str, str], log_dir: Path) -> None:
        self.name = name
        self.log_path = log_dir / f"{name}.log"
        self.env = {
            **os.environ,
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
            "SPAR_INTERNAL_TOKEN": INTERNAL_TOKEN,  # as `make run` gives every process one secret
            "SPAR_TOKEN_KEYS": TOKEN_KEY,
            **env,
        }
        self.popen: subprocess.Popen | None = None

    def start(self) -> Process:
        log = self.log_path.open("ab")
        self.popen = subprocess.Popen(
            [SPAR, "run", self.name.split("-")[0]], cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
        )
        return self

    def stop(self) -> None:
        if self.popen and self.popen.poll() is None:
            self.popen.terminate()
            try:
                self.popen.wait(10)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait(5)

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def wait_for_url(self, url: str, timeout: float = 180) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.popen and self.popen.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.popen.returncode}:\n{self.log_tail()}")
            try:
                if requests.get(url, timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"{self.name} did not answer {url} within {timeout}s:\n{self.log_tail()}")


class PrivatePostgres:
    """A PostgreSQL cluster of the test's own (so it can be stopped and started), on a free loopback port, trust
    auth. PostgreSQL refuses to run as root: as root, its programs run as the `postgres` user."""

    def __init__(self) -> None:
        versions = glob.glob("/usr/lib/postgresql/*/bin/initdb")
        if not versions:
            raise RuntimeError("PostgreSQL's server programs are required (/usr/lib/postgresql/VERSION/bin/initdb)")
        self.bin = max((Path(p).parent for p in versions), key=lambda b: [int(n) for n in b.parent.name.split(".")])
        self.folder = Path(tempfile.mkdtemp(prefix="spar-pg-"))  # not under pytest's folder: root-only
        self.port = free_port()
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run("initdb", "-D", str(self.folder / "data"), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync")

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bin / program), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, cwd=self.folder, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(
                f"{program} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}\n{self.log_tail()}"
            )

    def start(self) -> PrivatePostgres:
        data, log = str(self.folder / "data"), str(self.folder / "server.log")
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder} -c fsync=off"
        self._run("pg_ctl", "start", "-D", data, "-l", log, "-w", "-t", "60", "-o", options)
        return self

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "stop", "-D", str(self.folder / "data"), "-m", mode, "-w", "-t", "60")

    def running(self) -> bool:
        return (self.folder / "data" / "postmaster.pid").exists()

    def log_tail(self, lines: int = 20) -> str:
        log = self.folder / "server.log"
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:]) if log.exists() else ""

    def remove(self) -> None:
        """Stop the cluster if it runs, and delete it."""
        if self.running():
            self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)
