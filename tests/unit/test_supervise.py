"""`make run`'s supervision: supervisord's configuration, and the listener that slows down a crashing process."""

from __future__ import annotations

import configparser
from pathlib import Path
from xmlrpc.client import Fault

import pytest

from spar import restarts
from spar.restarts import CRASH_LOOP, Restarts
from spar.supervise import STOP_WAIT, config, procfile
from tests.processes import ROOT


def parsed(run_dir: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read_string(config(procfile(), run_dir, "s3cret"))
    return parser


def test_every_procfile_process_is_supervised_and_restarted(tmp_path: Path) -> None:
    conf = parsed(tmp_path)
    for name, argv in procfile().items():
        section = conf[f"program:{name}"]
        assert section["command"].split() == [str(ROOT / argv[0]), *argv[1:]]
        assert section["autorestart"] == "true"
        assert section["stopasgroup"] == section["killasgroup"] == "true"  # no grandchild left behind
    assert set(procfile()) == {"bot", "rasa", "actions", "scheduler"}


def test_the_bot_stops_first_and_the_actions_last_all_within_20_seconds(tmp_path: Path) -> None:
    conf = parsed(tmp_path)
    priority = {name: int(conf[f"program:{name}"]["priority"]) for name in procfile()}
    assert sorted(priority, key=priority.get, reverse=True)[:2] == ["bot", "scheduler"]  # stopped in reverse
    assert sorted(priority, key=priority.get)[0] == "actions"
    assert sum(int(conf[f"program:{name}"]["stopwaitsecs"]) for name in procfile()) == sum(STOP_WAIT.values()) < 20


def test_the_control_socket_is_private_and_asks_for_the_password(tmp_path: Path) -> None:
    conf = parsed(tmp_path)
    assert conf["unix_http_server"]["file"].startswith(str(tmp_path))
    assert conf["unix_http_server"]["chmod"] == "0700"
    assert conf["unix_http_server"]["password"] == conf["supervisorctl"]["password"] == "s3cret"
    assert 'SUPERVISOR_PASSWORD="s3cret"' in conf["eventlistener:restarts"]["environment"]


class FakeSupervisor:
    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []

    def stopProcess(self, name: str, wait: bool) -> None:  # noqa: N802 - supervisord's XML-RPC names
        self.calls.append(("stop", name))
        raise Fault(70, "NOT_RUNNING")

    def startProcess(self, name: str, wait: bool) -> None:  # noqa: N802
        self.calls.append(("start", name))


class FakeRpc:
    def __init__(self) -> None:
        self.supervisor = FakeSupervisor()


@pytest.fixture
def watcher(monkeypatch: pytest.MonkeyPatch) -> tuple[Restarts, list[float], list[str]]:
    now = [1000.0]
    said: list[str] = []
    monkeypatch.setattr(restarts, "say", said.append)
    return Restarts(FakeRpc(), clock=lambda: now[0]), now, said


def exit_of(name: str) -> dict[str, str]:
    return {"processname": name, "groupname": name, "from_state": "RUNNING", "expected": "0", "pid": "42"}


def test_each_unexpected_exit_is_named_and_counted(watcher: tuple) -> None:
    restarts_, now, said = watcher
    restarts_.handle("PROCESS_STATE_EXITED", exit_of("actions"))
    now[0] += 30
    restarts_.handle("PROCESS_STATE_EXITED", exit_of("actions"))
    assert said == [
        "actions (pid 42) exited unexpectedly, once in the last 10 minutes; restarting it",
        "actions (pid 42) exited unexpectedly, 2 times in the last 10 minutes; restarting it",
    ]
    now[0] += 3
    restarts_.handle("PROCESS_STATE_RUNNING", {"processname": "actions"})
    assert said[-1] == "actions is running again, 33.0 s after it stopped"
    assert restarts_.rpc.supervisor.calls == []  # supervisord restarts it by itself


def test_a_death_while_starting_counts_too(watcher: tuple) -> None:
    restarts_, now, said = watcher
    restarts_.handle("PROCESS_STATE_BACKOFF", {"processname": "rasa", "from_state": "STARTING", "tries": "0"})
    assert said == ["rasa exited unexpectedly while starting, once in the last 10 minutes; restarting it"]
    now[0] += 14
    restarts_.handle("PROCESS_STATE_RUNNING", {"processname": "rasa"})
    assert said[-1] == "rasa is running again, 14.0 s after it stopped"


def test_a_process_that_keeps_crashing_is_paused_longer_each_time(watcher: tuple) -> None:
    restarts_, now, said = watcher
    for _ in range(CRASH_LOOP):
        now[0] += 10
        restarts_.handle("PROCESS_STATE_EXITED", exit_of("rasa"))
    assert said[-1].startswith("ERROR rasa keeps crashing (it died 5 times in 10 minutes); the other processes")
    assert "again in 60 s" in said[-1]
    assert restarts_.rpc.supervisor.calls == [("stop", "rasa")]
    now[0] += 59
    restarts_.handle("TICK_5", {})
    assert restarts_.rpc.supervisor.calls == [("stop", "rasa")]  # not yet
    now[0] += 1
    restarts_.handle("TICK_5", {})
    assert restarts_.rpc.supervisor.calls[-1] == ("start", "rasa")
    restarts_.handle("PROCESS_STATE_FATAL", {"processname": "rasa"})  # it failed to start again
    assert "failed to start 4 times in a row" in said[-1] and "again in 120 s" in said[-1]


def test_the_other_processes_are_left_alone(watcher: tuple) -> None:
    restarts_, now, _ = watcher
    restarts_.handle("PROCESS_STATE_FATAL", {"processname": "bot"})
    now[0] += 3600
    restarts_.handle("TICK_5", {})
    assert {name for _, name in restarts_.rpc.supervisor.calls} == {"bot"}
