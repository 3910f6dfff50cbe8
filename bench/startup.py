"""Start-up time and memory of `make run` on an existing setup.

Run from the project root: `.venv/bin/python bench/startup.py`. It starts `make run`, times how long until
`GET /readyz` answers 200 (database, Rasa and the action server all up), reads each process's resident
memory, sends one DM through the sandbox and reads memory again, then stops everything.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
PORT = int(os.environ.get("PORT", "3000"))
NAMES = ("bot", "rasa", "actions", "scheduler")


def rss_by_process() -> dict[str, float]:
    """Resident memory in MiB of each `spar run NAME` process (with its children)."""
    found: dict[str, float] = {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().split(b"\0")
            status = (proc / "status").read_text()
        except OSError:
            continue
        words = [w.decode(errors="replace") for w in cmdline]
        name = next(
            (n for n in NAMES if "run" in words and n in words and any(w.endswith("spar") for w in words)), None
        )
        rasa_launch = any(w.endswith("rasa") for w in words[:2]) or "spar.rasa_server" in words[:3]
        if name is None and rasa_launch and "run" in words:
            name = "actions" if "actions" in words else "rasa"
        if name is None:
            continue
        kib = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
        found[name] = found.get(name, 0.0) + kib / 1024
    return found


def main() -> int:
    env = {**os.environ, "PORT": str(PORT)}
    for key in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN"):
        env.pop(key, None)
    start = time.monotonic()
    run = subprocess.Popen(
        ["make", "run"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        while time.monotonic() - start < 300:
            try:
                if requests.get(f"http://127.0.0.1:{PORT}/readyz", timeout=1).status_code == 200:
                    break
            except requests.RequestException:
                pass
            time.sleep(0.25)
        else:
            print("not ready within 300 s", file=sys.stderr)
            return 1
        ready = time.monotonic() - start
        idle = rss_by_process()
        requests.post(f"http://127.0.0.1:{PORT}/sandbox/send", json={"user": "U0REP01", "text": "hi"}, timeout=10)
        time.sleep(3)
        busy = rss_by_process()
        print(f"make run → /readyz 200 in {ready:.1f} s (existing setup: venv installed, model trained)")
        print(f"{'process':<12}{'RSS idle MiB':>14}{'RSS after a DM':>16}")
        for name in NAMES:
            print(f"{name:<12}{idle.get(name, 0):>14.0f}{busy.get(name, 0):>16.0f}")
        return 0
    finally:
        os.killpg(run.pid, signal.SIGTERM)
        run.wait(30)


if __name__ == "__main__":
    raise SystemExit(main())
