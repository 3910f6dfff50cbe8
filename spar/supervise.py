"""`make run`: the Procfile's processes under supervisord, which restarts one that dies while the others serve.

supervisord restarts a process that exits at once, and one that fails to start a few times in a row with a growing
pause (1, 2, 3 s); `spar/restarts.py` listens to its events, says how often each process has died and slows down
one that keeps crashing. SIGTERM or Ctrl-C stops the bot and the scheduler first, then Rasa, then the actions.
"""

from __future__ import annotations

import os
import secrets
import shlex
import sys
import tempfile
from pathlib import Path

from dotenv import load_dotenv

from coach.settings import PROJECT_ROOT

PROCFILE = PROJECT_ROOT / "Procfile"
# Started in this order, stopped in the reverse: the bot stops taking messages before what answers them goes.
PRIORITY = {"actions": 100, "rasa": 200, "scheduler": 300, "bot": 400}
# Seconds a process must stay up to count as started (Rasa loads its model first); a quicker exit is a failed start.
STARTSECS = {"rasa": 20}
STARTRETRIES = 3  # failed starts in a row (after 1, 2 and 3 s) before supervisord gives up and restarts.py takes over
# Seconds each process has to stop on SIGTERM before SIGKILL (the bot finishes the requests in hand): all four
# together stay under 20 s.
STOP_WAIT = {"bot": 6, "rasa": 5, "scheduler": 3, "actions": 3}


def procfile(path: Path = PROCFILE) -> dict[str, list[str]]:
    """The Procfile's entries, name → command, in file order."""
    entries = {}
    for line in path.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, command = line.split(":", 1)
            entries[name.strip()] = shlex.split(command)
    return entries


def _command(argv: list[str]) -> str:
    program = argv[0]
    if "/" in program and not os.path.isabs(program):  # supervisord looks a relative path up from its own folder
        program = str(PROJECT_ROOT / program)
    return shlex.join([program, *argv[1:]])


def config(processes: dict[str, list[str]], run_dir: Path, password: str) -> str:
    """supervisord's configuration: every process logs to this terminal (supervisord too, as it runs in the
    foreground); the control socket is in `run_dir` and asks for `password`."""
    lines = [
        "[supervisord]",
        "nodaemon=true",
        "logfile=/dev/null",
        "logfile_maxbytes=0",
        "loglevel=info",
        f"pidfile={run_dir / 'supervisord.pid'}",
        f"childlogdir={run_dir}",
        *(["user=root"] if os.geteuid() == 0 else []),  # run as who started it (as root: say so, or it warns)
        "",
        "[unix_http_server]",
        f"file={run_dir / 'supervisor.sock'}",
        "chmod=0700",
        "username=spar",
        f"password={password}",
        "",
        "[rpcinterface:supervisor]",
        "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface",
        "",
        "[supervisorctl]",
        f"serverurl=unix://{run_dir / 'supervisor.sock'}",
        "username=spar",
        f"password={password}",
        "",
    ]
    for name, argv in processes.items():
        lines += [
            f"[program:{name}]",
            f"command={_command(argv)}",
            f"directory={PROJECT_ROOT}",
            f"priority={PRIORITY.get(name, 500)}",
            "autorestart=true",
            f"startsecs={STARTSECS.get(name, 5)}",
            f"startretries={STARTRETRIES}",
            f"stopwaitsecs={STOP_WAIT.get(name, 3)}",
            "stopasgroup=true",
            "killasgroup=true",
            "redirect_stderr=true",
            "stdout_logfile=/dev/stdout",
            "stdout_logfile_maxbytes=0",
            "",
        ]
    lines += [
        "[eventlistener:restarts]",
        f"command={shlex.join([sys.executable, '-m', 'spar.restarts'])}",
        f"directory={PROJECT_ROOT}",
        "events=PROCESS_STATE_EXITED,PROCESS_STATE_BACKOFF,PROCESS_STATE_FATAL,PROCESS_STATE_RUNNING,TICK_5",
        "priority=1",
        "autorestart=true",
        f'environment=SUPERVISOR_USERNAME="spar",SUPERVISOR_PASSWORD="{password}"',
        "stderr_logfile=/dev/stdout",
        "stderr_logfile_maxbytes=0",
        "",
    ]
    return "\n".join(lines)


def read_dotenv() -> None:
    """A `.env` file in the project's folder sets what the environment doesn't (`make run`, `make migrate`)."""
    load_dotenv(PROJECT_ROOT / ".env", override=False)


def supervise(procfile_path: Path = PROCFILE) -> int:
    """Run supervisord in the foreground over the Procfile's processes (this process becomes supervisord), with
    the settings of `.env` besides."""
    read_dotenv()
    # One secret for Rasa's API, its channel and the action server, held by these processes only (it stays in
    # their environment, never in a file or on a command line).
    os.environ.setdefault("SPAR_INTERNAL_TOKEN", secrets.token_urlsafe(32))
    run_dir = Path(tempfile.mkdtemp(prefix="spar-run-"))  # private (0700): the control socket lives here
    conf = run_dir / "supervisord.conf"
    conf.write_text(config(procfile(procfile_path), run_dir, secrets.token_hex(16)))
    print(
        f"spar: supervising {', '.join(procfile(procfile_path))}; see them with supervisorctl -c {conf} status",
        flush=True,
    )
    supervisord = os.path.join(os.path.dirname(sys.executable), "supervisord")
    os.chdir(PROJECT_ROOT)
    os.execv(supervisord, [supervisord, "-c", str(conf)])
    return 1  # not reached
