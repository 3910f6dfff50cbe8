"""supervisord's event listener for `make run`: says which process died and how often, and slows one that keeps
crashing down to a try every minute (then less often, up to every 10 minutes) instead of at once.

supervisord itself logs why a process exited ("terminated by SIGKILL; not expected") and restarts it; a process
that fails to start 4 times in a row it gives up on (FATAL), and this listener starts it again after the pause.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections import defaultdict, deque
from collections.abc import Callable
from typing import Any
from xmlrpc.client import Fault

WINDOW = 600.0  # seconds over which exits are counted
CRASH_LOOP = 5  # exits within WINDOW that mean a process keeps crashing
LONGEST_PAUSE = 600.0


def first_pause() -> float:
    """Seconds before a crashing process is tried again (SPAR_RESTART_PAUSE, default 60); doubled each time."""
    return float(os.environ.get("SPAR_RESTART_PAUSE", "60"))


def say(line: str) -> None:
    print(f"spar: {line}", file=sys.stderr, flush=True)  # stdout is supervisord's event protocol


class Restarts:
    """What the listener remembers: recent exits, and the processes paused until a time."""

    def __init__(self, rpc: Any, clock: Callable[[], float] = time.monotonic) -> None:
        self.rpc, self.clock = rpc, clock
        self.exits: defaultdict[str, deque[float]] = defaultdict(deque)
        self.died_at: dict[str, float] = {}
        self.paused_until: dict[str, float] = {}
        self.pause: dict[str, float] = {}

    def handle(self, event: str, headers: dict[str, str]) -> None:
        name = headers.get("processname", "")
        if event == "PROCESS_STATE_EXITED" and headers.get("expected") == "0":
            self.exited(name, headers.get("pid", "?"))
        elif event == "PROCESS_STATE_BACKOFF":  # it died while starting (before startsecs): supervisord tries again
            self.exited(name, "", "while starting")
        elif event == "PROCESS_STATE_FATAL":
            self.slow_down(name, "it failed to start 4 times in a row")
        elif event == "PROCESS_STATE_RUNNING" and name in self.died_at:
            say(f"{name} is running again, {self.clock() - self.died_at.pop(name):.1f} s after it stopped")
        elif event.startswith("TICK"):
            self.resume_due()

    def exited(self, name: str, pid: str, when: str = "") -> None:
        now = self.clock()
        exits = self.exits[name]
        if exits and now - exits[-1] > WINDOW:
            self.pause.pop(name, None)  # it had been well for a while: a later crash loop starts at the first pause
        exits.append(now)
        while exits and now - exits[0] > WINDOW:
            exits.popleft()
        self.died_at.setdefault(name, now)
        times = "once" if len(exits) == 1 else f"{len(exits)} times"
        who = f"{name} (pid {pid})" if pid else name
        how = f" {when}" if when else ""
        say(f"{who} exited unexpectedly{how}, {times} in the last 10 minutes; restarting it")
        if len(exits) >= CRASH_LOOP:
            self.slow_down(name, f"it died {len(exits)} times in 10 minutes")

    def slow_down(self, name: str, why: str) -> None:
        pause = self.pause.get(name, first_pause())
        self.pause[name] = min(pause * 2, LONGEST_PAUSE)
        self.paused_until[name] = self.clock() + pause
        self.exits[name].clear()
        self.died_at.setdefault(name, self.clock())
        say(
            f"ERROR {name} keeps crashing ({why}); the other processes keep serving. "
            f"Trying {name} again in {pause:.0f} s, then less often: look at its log above."
        )
        try:
            self.rpc.supervisor.stopProcess(name, False)
        except Fault:
            pass  # already stopped (FATAL, or between restarts)

    def resume_due(self) -> None:
        now = self.clock()
        for name, until in list(self.paused_until.items()):
            if now >= until:
                del self.paused_until[name]
                say(f"starting {name} again after its pause")
                try:
                    self.rpc.supervisor.startProcess(name, False)
                except Fault as fault:
                    say(f"could not start {name}: {fault.faultString}")


def main() -> int:
    from supervisor import childutils

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # supervisord stops it last, at shutdown
    restarts = Restarts(childutils.getRPCInterface(os.environ))
    while True:
        headers, payload = childutils.listener.wait(sys.stdin, sys.stdout)
        body = childutils.get_headers(payload.split("\n", 1)[0]) if payload else {}
        restarts.handle(headers["eventname"], body)
        childutils.listener.ok(sys.stdout)


if __name__ == "__main__":
    sys.exit(main())
