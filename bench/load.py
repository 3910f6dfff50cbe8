"""Spar's Slack endpoint under load, side by side with Rasa's own Slack connector on the same model.

Run from the project root: `make bench`, or `.venv/bin/python bench/load.py [--reps 50] [--seconds 60]
[--think 10] [--no-peer] [--json FILE]`. It needs the trained model (`make model`). It prints a table; the exit code
is 0 whatever it measured (a failure to start or a process dying mid-run is 1, with the logs kept).

Each system runs on free loopback ports against a Slack Web API stand-in served from this process (SQLite in a
temp dir; the scheduler is not started):

- Spar: `spar run actions|rasa|bot`, events signed and posted to the bot's `/slack/events`;
- the peer: the same action server and model under `rasa run` with `rasa.core.channels.slack.SlackInput`
  (`bench/rasa_slack_peer.py` only points its replies at the stand-in) and Rasa's own SQL tracker store, events
  posted to `/webhooks/slack/webhook`.

N simulated reps then practise for T seconds, all at once. Each asks for a role-play by its scenario's title
("let's practise Discovery with a CFO"), presses the offer's Start button, and plays the scripted rep lines of
`tests/fixtures/drills/` (strong and weak runs in turn; `stop` when a weak run has not ended the drill), then asks
for the next drill. Like a person, a rep sends its next message only after the bot's reply has arrived and stayed
quiet for `READING` seconds, and types for 0.5-1.5 times `--think` seconds first (default 10: a drill line has 19
words on average, which a fast typist types in about 20 s, so the default is a team of 50 at twice that speed, all
at once). `--think 0` answers at once: 50 reps then keep Rasa saturated, a stress test rather than a team. Slack's
rules apply to the acknowledgement: an event not answered within 3 s counts as an ack timeout and is delivered again
with `X-Slack-Retry-Num` (up to 3 retries); a button press is not retried.

Measured: acknowledgement latency (the HTTP response time of each POST; a timed-out attempt counts as 3 s);
event-to-reply time (from sending to the stand-in receiving the first chat.postMessage to that rep); messages
answered per second; errors (non-2xx acknowledgements, ack timeouts, no reply within 30 s, apologies); lost and
doubled messages, from Rasa's tracker store after the run (every message should reach the dialogue once, and every
bot utterance be posted once, counted through each system's own Slack output code); each process's peak resident
memory (sampled from /proc every 0.5 s) and CPU time per answer; and how late this process's own event loop woke up,
since that delay is part of every latency it measures.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import secrets
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import yaml
from aiohttp import web

from bot.sandbox import payloads
from bot.sandbox.slack_api import SlackStandIn
from coach.drills.scenarios import load_scenarios
from coach.migrate import upgrade
from coach.settings import INTERNAL_TOKEN_HEADER, tracker_store_url
from spar.ports import free_port

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
MODEL = ROOT / "models" / "spar.tar.gz"
SCRIPTS = ROOT / "tests" / "fixtures" / "drills"
TEAM = "T0BENCH"
SECRET = "bench-signing-secret"
TOKEN = "xoxb-bench"
INTERNAL_TOKEN = secrets.token_hex(16)  # what Spar's processes show each other (SPAR_INTERNAL_TOKEN)
ACK_TIMEOUT = 3.0  # Slack gives up on an acknowledgement after 3 s and retries
RETRIES = 3
REPLY_TIMEOUT = 30.0
READING = 0.5  # quiet after the last reply before the rep answers (a multi-part answer arrives as one)
SORRY = ("Sorry, something went wrong", "Give me a moment")
SCENARIOS = load_scenarios()


# -- the Slack side ----------------------------------------------------------


def user_of(channel: str) -> str:
    """Spar answers a DM in the user's id, Rasa's connector in the DM channel (`D…`): both are that rep."""
    return "U" + channel[1:] if channel.startswith("D") else channel


class RecordingSlack(SlackStandIn):
    """The Web API stand-in, noting when each chat.postMessage arrived and waking the rep it is for."""

    def __init__(self) -> None:
        super().__init__(TEAM, "Bench")
        self.posts: dict[str, list[tuple[float, dict[str, Any]]]] = defaultdict(list)
        self.arrived: dict[str, asyncio.Event] = defaultdict(asyncio.Event)

    def _chat_postMessage(self, body: dict[str, Any]) -> dict[str, Any]:
        result = super()._chat_postMessage(body)
        if result.get("ok"):
            user = user_of(str(body["channel"]))
            self.posts[user].append((time.monotonic(), result["message"]))
            self.arrived[user].set()
        return result


def words_of(message: dict[str, Any]) -> str:
    parts = [message.get("text") or ""]
    for block in message.get("blocks") or []:
        parts.append((block.get("text") or {}).get("text") or "")
        for element in block.get("elements") or []:
            text = element.get("text")
            parts.append(text.get("text", "") if isinstance(text, dict) else str(text or ""))
    return "\n".join(parts)


def start_button(posts: list[dict[str, Any]]) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The offer's "Start: …" button, as (message, action) for a block_actions payload."""
    for message in posts:
        for block in message.get("blocks") or []:
            for element in block.get("elements") or []:
                label = element.get("text")
                title = label.get("text", "") if isinstance(label, dict) else ""
                if element.get("type") == "button" and title.startswith("Start: "):
                    return message, {**element, "block_id": block.get("block_id", "")}
    return None


# -- the processes -------------------------------------------------------------


class Process:
    """One server process, its output in a log file."""

    def __init__(self, name: str, argv: list[str], env: dict[str, str], logs: Path) -> None:
        self.name, self.log = name, logs / f"{name}.log"
        full_env = {**os.environ, "SQLALCHEMY_SILENCE_UBER_WARNING": "1", "RASA_TELEMETRY_ENABLED": "false", **env}
        with self.log.open("ab") as log:
            self.popen = subprocess.Popen(argv, cwd=ROOT, env=full_env, stdout=log, stderr=subprocess.STDOUT)

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.terminate()
            try:
                self.popen.wait(15)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait(5)

    def tail(self, lines: int = 30) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


@dataclass
class System:
    label: str
    events_url: str
    ready_urls: list[str]
    tracker_db: Path
    processes: list[Process]

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.stop()


def start_spar(folder: Path, api_url: str) -> System:
    db_url = f"sqlite:///{folder / 'spar.db'}"
    upgrade(db_url)
    rasa, actions, bot = free_port(), free_port(), free_port()
    common = {
        "DATABASE_URL": db_url,
        "RASA_URL": f"http://127.0.0.1:{rasa}",
        "ACTIONS_URL": f"http://127.0.0.1:{actions}",
        "SPAR_INTERNAL_TOKEN": INTERNAL_TOKEN,
    }
    for key in ("SLACK_APP_TOKEN", "ACTION_ENDPOINT_URL", "RASA_TRACKER_URL", "RASA_MODEL"):
        os.environ.pop(key, None)
    spar = str(BIN / "spar")
    slack = {"SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": api_url, "PORT": str(bot)}
    processes = [
        Process("actions", [spar, "run", "actions"], common, folder),
        Process("rasa", [spar, "run", "rasa"], common, folder),
        Process("bot", [spar, "run", "bot"], {**common, **slack}, folder),
    ]
    tracker = Path(tracker_store_url(db_url).removeprefix("sqlite:///"))
    return System(
        "Spar", f"http://127.0.0.1:{bot}/slack/events", [f"http://127.0.0.1:{bot}/readyz"], tracker, processes
    )


def start_peer(folder: Path, api_url: str) -> System:
    db_url = f"sqlite:///{folder / 'spar.db'}"
    upgrade(db_url)
    rasa, actions = free_port(), free_port()
    credentials = folder / "credentials.yml"
    credentials.write_text(
        yaml.safe_dump({"rasa_slack_peer.StandInSlackInput": {"slack_token": TOKEN, "slack_signing_secret": SECRET}})
    )
    tracker = folder / "rasa_tracker.db"
    actions_env = {
        "DATABASE_URL": db_url,
        "ACTIONS_URL": f"http://127.0.0.1:{actions}",
        "SPAR_INTERNAL_TOKEN": INTERNAL_TOKEN,
    }
    rasa_env = {
        "DATABASE_URL": db_url,
        "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{actions}/webhook",
        "RASA_TRACKER_URL": f"sqlite:///{tracker}",
        "SLACK_API_URL": api_url,
        "PYTHONPATH": str(ROOT / "bench"),
    }
    rasa_argv = [str(BIN / "rasa"), "run", "--port", str(rasa), "--model", str(MODEL)]
    endpoints = folder / "endpoints.yml"  # Rasa's own SQL tracker store, as a team would deploy it
    endpoints.write_text(
        yaml.safe_dump(
            {
                "action_endpoint": {
                    "url": "${ACTION_ENDPOINT_URL}",
                    "headers": {INTERNAL_TOKEN_HEADER: INTERNAL_TOKEN},
                },
                "tracker_store": {"type": "SQL", "url": "${RASA_TRACKER_URL}"},
            }
        )
    )
    rasa_argv += ["--endpoints", str(endpoints), "--credentials", str(credentials)]
    processes = [
        Process("actions", [str(BIN / "spar"), "run", "actions"], actions_env, folder),
        Process("rasa", rasa_argv, rasa_env, folder),
    ]
    return System(
        "Rasa SlackInput",
        f"http://127.0.0.1:{rasa}/webhooks/slack/webhook",
        [f"http://127.0.0.1:{actions}/health", f"http://127.0.0.1:{rasa}/webhooks/slack/"],
        tracker,
        processes,
    )


async def wait_ready(system: System, http: aiohttp.ClientSession, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    for url in system.ready_urls:
        while True:
            for process in system.processes:
                if process.popen.poll() is not None:
                    raise RuntimeError(f"{process.name} exited with {process.popen.returncode}:\n{process.tail()}")
            try:
                async with http.get(url, timeout=aiohttp.ClientTimeout(total=2)) as response:
                    if response.status == 200:
                        break
            except (aiohttp.ClientError, asyncio.TimeoutError):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{system.label}: {url} not ready in {timeout:.0f} s")
            await asyncio.sleep(0.5)


def rss_mib(pid: int) -> float:
    """Resident memory of a process and its children, in MiB (VmRSS, as bench/startup.py reads it)."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            for task in Path(f"/proc/{current}/task").iterdir():
                todo.extend(int(child) for child in (task / "children").read_text().split())
        except OSError:
            continue
        total += next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
    return total / 1024


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process and its children so far."""
    total, todo = 0.0, [pid]
    while todo:
        current = todo.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            for task in Path(f"/proc/{current}/task").iterdir():
                todo.extend(int(child) for child in (task / "children").read_text().split())
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime
    return total


async def sample_memory(system: System, peaks: dict[str, float], lags: list[float], stop: asyncio.Event) -> None:
    """Every 0.5 s: each process's memory, and how late this loop woke up (were the reps' clocks on time?)."""
    while not stop.is_set():
        for process in system.processes:
            peaks[process.name] = max(peaks.get(process.name, 0.0), rss_mib(process.popen.pid))
        for _ in range(10):
            asleep = time.monotonic()
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(stop.wait(), 0.05)
            lags.append(time.monotonic() - asleep - 0.05)


# -- the reps ------------------------------------------------------------------


@dataclass
class Tally:
    acks: list[float] = field(default_factory=list)
    replies: list[float] = field(default_factory=list)
    sent: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # per rep: distinct messages
    answered: int = 0
    non_2xx: int = 0
    ack_timeouts: int = 0
    missing: int = 0
    apologies: int = 0
    first_sent: float = 0.0
    last_answer: float = 0.0


class Rep:
    """One person practising drills, one message at a time."""

    def __init__(
        self, number: int, system: System, slack: RecordingSlack, http: aiohttp.ClientSession, think: float = 0.0
    ) -> None:
        self.user = f"UBENCH{number:04d}"
        self.think, self.pace = think, random.Random(number)
        self.channel = "D" + self.user[1:]
        self.system, self.slack, self.http = system, slack, http
        self.seen = 0
        self.scenario = SCENARIOS[number % len(SCENARIOS)]
        self.strong = number % 2 == 0
        slack.add_user(self.user, f"Bench Rep {number}", tz="Europe/London")

    def script(self) -> list[str]:
        lines = yaml.safe_load((SCRIPTS / f"{self.scenario.id}.yml").read_text())
        return list(lines["strong" if self.strong else "weak"])

    async def post(self, body: str, content_type: str, tally: Tally, retry: bool) -> bool:
        """Deliver one request as Slack does; True once it was acknowledged with a 2xx."""
        for attempt in range(RETRIES + 1 if retry else 1):
            headers = payloads.signed_headers(SECRET, body, content_type)
            if attempt:
                headers |= {"X-Slack-Retry-Num": str(attempt), "X-Slack-Retry-Reason": "http_timeout"}
            started = time.monotonic()
            try:
                async with self.http.post(
                    self.system.events_url,
                    data=body.encode(),
                    headers=headers,
                    timeout=aiohttp.ClientTimeout(total=ACK_TIMEOUT),
                ) as response:
                    await response.read()
                    tally.acks.append(time.monotonic() - started)
                    if 200 <= response.status < 300:
                        return True
                    tally.non_2xx += 1
                    return False  # a 4xx/5xx is an answer: the next retry would get the same
            except asyncio.TimeoutError:
                tally.acks.append(ACK_TIMEOUT)
                tally.ack_timeouts += 1
            except aiohttp.ClientError:
                tally.acks.append(time.monotonic() - started)
                tally.non_2xx += 1
                return False
        return False

    async def say(self, body_and_type: tuple[str, str], tally: Tally, retry: bool = True) -> list[dict[str, Any]]:
        """Send one message and wait for the bot's whole answer; return its posts (empty: none came)."""
        body, content_type = body_and_type
        if self.think:  # typing, 0.5-1.5 times the mean, so the reps drift apart
            await asyncio.sleep(self.pace.uniform(0.5, 1.5) * self.think)
        arrived = self.slack.arrived[self.user]
        arrived.clear()
        sent_at = time.monotonic()
        tally.sent[self.user] += 1
        tally.first_sent = tally.first_sent or sent_at
        if not await self.post(body, content_type, tally, retry):
            return []
        posts = self.slack.posts[self.user]
        deadline = sent_at + REPLY_TIMEOUT
        while len(posts) == self.seen:
            arrived.clear()
            if len(posts) > self.seen:
                break
            try:
                await asyncio.wait_for(arrived.wait(), max(0.0, deadline - time.monotonic()))
            except asyncio.TimeoutError:
                tally.missing += 1
                return []
        tally.replies.append(posts[self.seen][0] - sent_at)
        tally.answered += 1
        while True:  # the rest of a multi-part answer
            arrived.clear()
            count = len(posts)
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(arrived.wait(), READING)
            if len(posts) == count:
                break
        tally.last_answer = posts[-1][0]
        answer = [message for _, message in posts[self.seen :]]
        self.seen = len(posts)
        tally.apologies += sum(1 for m in answer if (m.get("text") or "").startswith(SORRY))
        return answer

    async def dm(self, text: str, tally: Tally) -> list[dict[str, Any]]:
        return await self.say(payloads.dm_event(TEAM, self.user, self.channel, text), tally)

    async def practise(self, until: float, tally: Tally) -> None:
        while time.monotonic() < until:
            offer = await self.dm(f"let's practise {self.scenario.title}", tally)
            found = start_button(offer)
            if found is None:
                if time.monotonic() < until:
                    await self.dm("stop", tally)  # whatever that was, end it and ask again
                continue
            message, action = found
            click = payloads.block_action(TEAM, self.user, action, message=message, channel=message["channel"])
            await self.say(click, tally, retry=False)  # Slack never retries a button press
            ended = False
            for line in self.script():
                if time.monotonic() >= until:
                    return
                answer = await self.dm(line, tally)
                if any("Score:" in words_of(m) for m in answer):
                    ended = True
                    break
            if not ended and time.monotonic() < until:
                await self.dm("stop", tally)
            self.strong = not self.strong


# -- exactly once: Rasa's tracker store against what the stand-in received ------


def expected_posts(system: str, bot_event: dict[str, Any]) -> int:
    """How many chat.postMessage calls one bot utterance makes through each system's Slack path."""
    from rasa.core.channels.channel import CollectingOutputChannel
    from rasa.core.channels.slack import SlackBot
    from rasa.shared.core.events import BotUttered

    from bot.blocks import notices_in, rasa_reply_to_message

    message = BotUttered(bot_event.get("text"), bot_event.get("data") or {}, bot_event.get("metadata") or {}).message()
    if system == "Spar":
        collected = CollectingOutputChannel()
        asyncio.run(collected.send_response("x", message))
        return sum((rasa_reply_to_message(reply) is not None) + len(notices_in(reply)) for reply in collected.messages)

    class Counting(SlackBot):
        posted = 0

        async def _post_message(self, channel: str, **kwargs: Any) -> None:
            Counting.posted += 1

    asyncio.run(Counting(TOKEN, "D0").send_response("x", message))
    return Counting.posted


async def settled(system: System, quiet: float = 2.0, longest: float = 60.0) -> None:
    """Wait until Rasa has stopped writing its tracker store. Rasa's Slack connector posts a reply before it saves
    the turn, so a busy Rasa's last turns would otherwise read as lost (and their replies as doubled)."""

    def events() -> int:
        with contextlib.closing(sqlite3.connect(system.tracker_db)) as db:
            return int(db.execute("SELECT count(*) FROM events").fetchone()[0])

    deadline, last, since = time.monotonic() + longest, -1, time.monotonic()
    while time.monotonic() < deadline:
        count = await asyncio.to_thread(events)
        if count != last:
            last, since = count, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return
        await asyncio.sleep(0.25)


def exactly_once(system: System, slack: RecordingSlack, tally: Tally) -> tuple[int, int]:
    """(lost, doubled) messages: each message sent should be one user turn in the tracker, and every bot
    utterance there reach the stand-in once."""
    lost = doubled = 0
    with contextlib.closing(sqlite3.connect(system.tracker_db)) as db:
        for user, sent in tally.sent.items():
            rows = db.execute(
                "SELECT type_name, data FROM events WHERE sender_id = ? AND type_name IN ('user', 'bot') ORDER BY id",
                (f"{TEAM}:{user}",),
            ).fetchall()
            turns = sum(1 for kind, _ in rows if kind == "user")
            wanted = sum(expected_posts(system.label, json.loads(data)) for kind, data in rows if kind == "bot")
            got = sum(1 for _, m in slack.posts[user] if not (m.get("text") or "").startswith(SORRY))
            lost += max(0, sent - turns) + max(0, wanted - got)
            doubled += max(0, turns - sent) + max(0, got - wanted)
            if (sent, wanted) != (turns, got):
                print(
                    f"{system.label}: {user} sent {sent} messages, the dialogue took {turns};"
                    f" its {wanted} replies arrived {got} times",
                    file=sys.stderr,
                )
    return lost, doubled


# -- one run ------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


async def measure(label: str, reps: int, seconds: float, think: float = 0.0) -> dict[str, Any]:
    slack = RecordingSlack()
    api_port = free_port()
    root = web.Application()
    root.add_subapp("/api/", slack.web_app())
    runner = web.AppRunner(root, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", api_port).start()
    api_url = f"http://127.0.0.1:{api_port}/api/"
    folder = Path(tempfile.mkdtemp(prefix="spar-bench-"))
    system = (start_spar if label == "Spar" else start_peer)(folder, api_url)
    peaks: dict[str, float] = {}
    lags: list[float] = []
    stop_sampling = asyncio.Event()
    http = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
    failed = True
    try:
        print(f"{system.label}: starting", file=sys.stderr, flush=True)
        await wait_ready(system, http)
        warm = Rep(9999, system, slack, http)  # first use of every code path, not measured
        await warm.practise(time.monotonic() + 1, Tally())
        sampler = asyncio.create_task(sample_memory(system, peaks, lags, stop_sampling))
        print(f"{system.label}: {reps} reps for {seconds:.0f} s", file=sys.stderr, flush=True)
        load = os.getloadavg()[0]  # other work on the machine: the run competes with it for the cores
        tally = Tally()
        crowd = [Rep(n, system, slack, http, think) for n in range(reps)]
        cpu_before = {p.name: cpu_seconds(p.popen.pid) for p in system.processes}
        started = time.monotonic()
        until = started + seconds
        await asyncio.gather(*(rep.practise(until, tally) for rep in crowd))
        elapsed = max(tally.last_answer, until) - started
        cpu = {p.name: cpu_seconds(p.popen.pid) - cpu_before[p.name] for p in system.processes}
        for process in system.processes:
            if process.popen.poll() is not None:
                raise RuntimeError(
                    f"{process.name} exited during the run ({process.popen.returncode}):\n{process.tail()}"
                )
        await settled(system)  # late posts would be doubles, unsaved turns lost: let Rasa finish first
        stop_sampling.set()
        await sampler
        lost, doubled = await asyncio.to_thread(exactly_once, system, slack, tally)
        result = {
            "ack_p50_ms": percentile(tally.acks, 0.50) * 1000,
            "ack_p99_ms": percentile(tally.acks, 0.99) * 1000,
            "reply_p50_ms": percentile(tally.replies, 0.50) * 1000,
            "reply_p95_ms": percentile(tally.replies, 0.95) * 1000,
            "throughput_per_s": tally.answered / elapsed,
            "messages": sum(tally.sent.values()),
            "answered": tally.answered,
            "non_2xx": tally.non_2xx,
            "ack_timeouts": tally.ack_timeouts,
            "missing_replies": tally.missing,
            "apologies": tally.apologies,
            "lost": lost,
            "doubled": doubled,
            "rss_mib": {name: round(peak, 1) for name, peak in peaks.items()},
            "cpu_ms_per_answer": {name: 1000 * used / max(1, tally.answered) for name, used in cpu.items()},
            "load_average": load,
            "bench_lag_p99_ms": percentile([max(0.0, lag) for lag in lags], 0.99) * 1000,
        }
        failed = False
        return result
    finally:
        stop_sampling.set()
        await http.close()
        system.stop()
        await runner.cleanup()
        if failed:
            print(f"{system.label}: logs kept in {folder}", file=sys.stderr)
        else:
            shutil.rmtree(folder, ignore_errors=True)


# -- the report ---------------------------------------------------------------

ROWS = [
    ("ack p50 (ms)", "ack_p50_ms", "{:.1f}"),
    ("ack p99 (ms)", "ack_p99_ms", "{:.1f}"),
    ("reply p50 (ms)", "reply_p50_ms", "{:.0f}"),
    ("reply p95 (ms)", "reply_p95_ms", "{:.0f}"),
    ("answered / s", "throughput_per_s", "{:.1f}"),
    ("messages sent", "messages", "{}"),
    ("errors: non-2xx ack", "non_2xx", "{}"),
    ("errors: ack timeout", "ack_timeouts", "{}"),
    ("errors: no reply", "missing_replies", "{}"),
    ("errors: apologies", "apologies", "{}"),
    ("lost messages", "lost", "{}"),
    ("doubled messages", "doubled", "{}"),
    ("load average at start", "load_average", "{:.1f}"),
]


def errors(result: dict[str, Any]) -> int:
    return int(result["non_2xx"] + result["ack_timeouts"] + result["missing_replies"] + result["apologies"])


def _cell(value: float | None, form: str) -> str:
    return "-" if value is None else form.format(value)


def table(spar: dict[str, Any], peer: dict[str, Any] | None) -> str:
    rows = [(title, spar[key], peer[key] if peer else None, form) for title, key, form in ROWS]
    for name in ("bot", "rasa", "actions"):
        theirs = peer["rss_mib"].get(name) if peer else None
        rows.append((f"peak RSS {name} (MiB)", spar["rss_mib"].get(name), theirs, "{:.0f}"))
    total = sum(peer["rss_mib"].values()) if peer else None
    rows.append(("peak RSS total (MiB)", sum(spar["rss_mib"].values()), total, "{:.0f}"))
    for name in ("bot", "rasa", "actions"):
        theirs = peer["cpu_ms_per_answer"].get(name) if peer else None
        rows.append((f"CPU ms per answer: {name}", spar["cpu_ms_per_answer"].get(name), theirs, "{:.0f}"))
    lines = [f"{'metric':<26}{'Spar':>10}{'Rasa SlackInput':>18}{'ratio':>8}"]
    for title, mine, theirs, form in rows:
        ratio = f"{mine / theirs:.2f}" if mine is not None and theirs else "-"
        lines.append(f"{title:<26}{_cell(mine, form):>10}{_cell(theirs, form):>18}{ratio:>8}")
    lag = f"{spar['bench_lag_p99_ms']:.0f} ms" + (f" and {peer['bench_lag_p99_ms']:.0f} ms" if peer else "")
    lines.append(f"(the load generator's own event loop woke up late by {lag} at p99: part of every latency above)")
    return "\n".join(lines)


def goals(spar: dict[str, Any], peer: dict[str, Any] | None) -> list[tuple[str, bool | None]]:
    """Each goal with whether it held (None: it compares with the peer, which was not measured)."""
    versus = "" if peer else " (no peer measured)"
    return [
        (f"Spar ack p99 < 100 ms ({spar['ack_p99_ms']:.1f} ms)", spar["ack_p99_ms"] < 100),
        (f"Spar reply p95 < 1 s ({spar['reply_p95_ms'] / 1000:.2f} s)", spar["reply_p95_ms"] < 1000),
        (f"no errors ({errors(spar)})", errors(spar) == 0),
        (
            f"no lost or doubled message ({spar['lost']} lost, {spar['doubled']} doubled)",
            not spar["lost"] + spar["doubled"],
        ),
        (
            f"Spar ack p99 at most the peer's{versus}",
            None if peer is None else spar["ack_p99_ms"] <= peer["ack_p99_ms"],
        ),
        (
            f"Spar throughput at least the peer's{versus}",
            None if peer is None else spar["throughput_per_s"] >= peer["throughput_per_s"],
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--reps", type=int, default=50, help="simulated reps at once (default 50)")
    parser.add_argument("--seconds", type=float, default=60, help="how long they practise (default 60)")
    parser.add_argument(
        "--think", type=float, default=10, help="mean seconds a rep types before each message (10; 0: at once)"
    )
    parser.add_argument("--no-peer", action="store_true", help="measure Spar only")
    parser.add_argument("--json", metavar="FILE", help="also write the results to FILE")
    args = parser.parse_args(argv)
    if not MODEL.exists():
        print(f"no trained model at {MODEL}: run `make model`", file=sys.stderr)
        return 1
    try:
        spar = asyncio.run(measure("Spar", args.reps, args.seconds, args.think))
        peer = None if args.no_peer else asyncio.run(measure("peer", args.reps, args.seconds, args.think))
    except RuntimeError as error:  # a process that would not start or died: nothing to compare
        print(error, file=sys.stderr)
        return 1
    pace = f"typing {args.think:g} s on average" if args.think else "answering as soon as the reply is in"
    print(
        f"\n{args.reps} reps for {args.seconds:.0f} s against each, one after the other, {pace}; {os.cpu_count()} cores"
    )
    print(table(spar, peer))
    print("\nGoals:")
    for goal, held in goals(spar, peer):
        print(f"  {'n/a' if held is None else 'yes' if held else 'NO':<4} {goal}")
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {"reps": args.reps, "seconds": args.seconds, "think": args.think, "spar": spar, "peer": peer}, indent=2
            )
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
