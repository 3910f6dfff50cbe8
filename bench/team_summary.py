"""How long a manager waits for the team summary, on a year of a busy team's history.

Run from the project root: `.venv/bin/python bench/team_summary.py [--reps 50 --sessions 100000
--engines sqlite,postgresql --runs 5 --seed 7 --now 2026-03-06T17:00:00+00:00]`. For each engine it makes a fresh
database (a temporary SQLite file; a uniquely named database on the PostgreSQL at 127.0.0.1:5432, user postgres,
dropped afterwards; `SPAR_BENCH_PG_URL` names another server), migrates it with the project's Alembic migrations,
and bulk-inserts one workspace: a manager, `--reps` reps in ten time zones and a year of history up to `--now`
(default: the current time), then writes the reps' streak marks as the upgrade to them does for history it finds.
Each rep practises on most working days (how often, and how many sessions a day, differs by rep; some stopped a
week or more ago, some took a vacation pause): drills with the real scenarios' rubric lines in `detail`,
interviews, micro-drills and checklist sessions, about 10% abandoned and a few left open; some sessions have a few
turns. Reps also have deals, pre-call checklist runs (open, planned, debriefed with an outcome,
abandoned) and a weekly commitment most weeks.

Then it times `team_summary(session, manager, 7)` and `(..., 30)`, `--runs` times each, each in a fresh session
(PostgreSQL is vacuumed and analysed first, as autovacuum would after a bulk load), and prints the median and the
slowest run against the 300 ms goal, this process's median CPU time (on a busy machine, the part that was Spar's
own work; PostgreSQL's is not in it) and a digest of the summary: the same data (`--seed`, `--now`) gives the same
digest, so a faster implementation can be checked to say the same thing.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from coach.buddies.commitments import read_commitment
from coach.content import DATA_DIR, load_yaml
from coach.db import engine_for, session_scope
from coach.drills.scenarios import load_scenarios
from coach.migrate import upgrade
from coach.models import (
    ChecklistRun,
    Commitment,
    Deal,
    PracticePause,
    PracticeSession,
    SessionSkill,
    SkillMemory,
    Turn,
    User,
    Workspace,
)
from coach.practice.memory import evidence
from coach.practice.sessions import PRACTICE_KINDS
from coach.practice.streak_marks import fill_marks
from coach.precall.buying_process import load_stages
from coach.reports.team_summary import team_summary

PG_ADMIN_URL = os.environ.get("SPAR_BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
GOAL_MS = 300.0
TEAM = "TBENCH"
TIME_ZONES = ("America/New_York", "America/Los_Angeles", "America/Sao_Paulo", "Europe/London", "Europe/Berlin",
              "Asia/Kolkata", "Asia/Tokyo", "Australia/Sydney", "Pacific/Auckland", "UTC")  # fmt: skip
KINDS = (("drill", 45), ("micro", 30), ("interview", 15), ("checklist", 7), ("calibration", 3))
ACCOUNTS = ("Northwind", "Contoso", "Initech", "Globex", "Umbrella", "Hooli", "Vandelay", "Wonka", "Stark", "Tyrell")
COMMITMENTS = ("3 drills, 1 interview, a checklist before every real call", "5 drills", "2 drills and 2 interviews",
               "one interview and 3 checklists", "4 role-plays, 1 interview question")  # fmt: skip
TABLES = (Workspace, User, PracticeSession, SessionSkill, SkillMemory, Turn, Deal, ChecklistRun, Commitment,
          PracticePause)  # fmt: skip


@contextmanager
def fresh_database(engine: str, keep: bool = False) -> Iterator[str]:
    """The URL of a new, migrated database of this engine, deleted afterwards (a PostgreSQL one kept with `keep`)."""
    if engine == "sqlite":
        with tempfile.TemporaryDirectory(prefix="spar-bench-") as folder:
            url = f"sqlite:///{Path(folder) / 'spar.db'}"
            upgrade(url)
            try:
                yield url
            finally:
                engine_for(url).dispose()
        return
    name = f"spar_bench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT", future=True)
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        upgrade(url)
        yield url
    finally:
        engine_for(url).dispose()
        if not keep:
            with admin.connect() as connection:
                connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


class History:
    """A year of one team's rows, as plain dicts for bulk inserts (ids assigned here, so turns can point at them)."""

    def __init__(self, reps: int, sessions: int, now: datetime, seed: int) -> None:
        self.rng = random.Random(seed)
        self.now = now
        self.rows: dict[type, list[dict[str, Any]]] = {table: [] for table in TABLES}
        self.scenarios = load_scenarios()
        # Read directly: coach.interviews.practice and .calibration import spaCy, seconds of start-up for two lists.
        competencies = load_yaml(DATA_DIR / "content" / "interview" / "competencies.yml")["competencies"]
        self.questions = [(c["id"], q["id"]) for c in competencies for q in c["questions"]]
        self.samples = [s["id"] for s in load_yaml(DATA_DIR / "content" / "interview" / "calibration.yml")]
        self.stages = load_stages()
        self.rows[Workspace].append({"team_id": TEAM, "name": "Bench Co", "practice_days": "12345", "created_at": now})
        self.manager_id = self._user("UMANAGER", "Morgan Manager", "Europe/London", "manager", None)
        self._user("UADMIN", "Ada Admin", "UTC", "admin", None)
        weights = [self.rng.uniform(0.3, 1.7) for _ in range(reps)]
        for r, weight in enumerate(weights):
            user_id = self._user(
                f"UREP{r:04d}", f"Rep {r:04d}", TIME_ZONES[r % len(TIME_ZONES)], "rep", self.manager_id
            )
            self._rep(user_id, r, round(sessions * weight / sum(weights)))

    def _user(self, slack_id: str, name: str, tz: str, role: str, manager_id: int | None) -> int:
        user_id = len(self.rows[User]) + 1
        self.rows[User].append(
            {"id": user_id, "team_id": TEAM, "slack_id": slack_id, "name": name, "tz": tz, "role": role,
             "manager_id": manager_id, "created_at": self.now - timedelta(days=400)}
        )  # fmt: skip
        return user_id

    def _rep(self, user_id: int, r: int, sessions: int) -> None:
        rng, tz = self.rng, ZoneInfo(TIME_ZONES[r % len(TIME_ZONES)])
        today = self.now.astimezone(tz).date()
        stopped = today - timedelta(days=rng.randint(8, 40)) if r % 7 == 3 else today  # some stopped practising
        skips = rng.uniform(0.05, 0.5)  # how often a working day goes without practice
        days = []
        for n in range(365):
            day = today - timedelta(days=n)
            if day <= stopped and rng.random() > (skips if day.weekday() < 5 else 0.95):  # weekends mostly off
                days.append(day)
        if r % 5 == 1:  # a week's vacation, paused, a couple of months ago
            start = today - timedelta(days=rng.randint(40, 90))
            self.rows[PracticePause].append(
                {"team_id": TEAM, "user_id": user_id, "starts_on": start, "ends_on": start + timedelta(days=6)}
            )
            days = [d for d in days if not start <= d <= start + timedelta(days=6)]
        shown: dict[str, tuple[datetime, float, int]] = {}  # skill: the last evidence's time and credit, how often
        for _ in range(sessions):
            self._session(user_id, tz, rng.choice(days) if days else today - timedelta(days=300), shown)
        for skill, (last, credit, reviews) in shown.items():
            self._memory(user_id, skill, last, credit, reviews)
        deals = [self._deal(user_id, account) for account in rng.sample(ACCOUNTS, 6)]
        for _ in range(max(1, sessions // 20)):
            self._checklist_run(user_id, tz, rng.choice(deals), today)
        monday = today - timedelta(days=today.weekday())
        for week in range(52):
            if rng.random() < 0.7:
                text = rng.choice(COMMITMENTS)
                counts = read_commitment(text) or {}
                self.rows[Commitment].append(
                    {"team_id": TEAM, "user_id": user_id, "week_start": monday - timedelta(weeks=week), "text": text,
                     "drills": counts.get("drills", 0), "interviews": counts.get("interviews", 0),
                     "checklists": counts.get("checklists", 0), "created_at": self.now - timedelta(weeks=week)}
                )  # fmt: skip

    def _at(self, day: date, tz: ZoneInfo) -> datetime:
        """A moment in working hours on the rep's local day, in UTC, never after now."""
        local = datetime(day.year, day.month, day.day, 8, tzinfo=tz) + timedelta(minutes=self.rng.randint(0, 11 * 60))
        return min(local.astimezone(timezone.utc), self.now - timedelta(minutes=self.rng.randint(1, 90)))

    def _memory(self, user_id: int, skill: str, last: datetime, credit: float, reviews: int) -> None:
        """The rep's memory of a skill as the spaced-practice model keeps it: a card last reviewed with the skill's
        last evidence, held for a few days to two months (its due date, at the model's 90% retention)."""
        stability = self.rng.uniform(2.0, 60.0)
        due = last + timedelta(days=round(stability))
        card = {
            "card_id": len(self.rows[SkillMemory]) + 1,
            "state": 2,
            "step": None,
            "stability": stability,
            "difficulty": self.rng.uniform(3.0, 8.0),
            "due": due.isoformat(),
            "last_review": last.isoformat(),
        }
        self.rows[SkillMemory].append(
            {"team_id": TEAM, "user_id": user_id, "skill": skill, "card": card, "due_at": due, "reviews": reviews,
             "last_credit": round(credit, 3), "updated_at": last, "stability": stability}
        )  # fmt: skip

    def _session(self, user_id: int, tz: ZoneInfo, day: date, shown: dict[str, tuple[datetime, float, int]]) -> None:
        rng = self.rng
        kind = rng.choices([k for k, _ in KINDS], [w for _, w in KINDS])[0]
        completed_at = self._at(day, tz)
        status = rng.choices(("completed", "abandoned", "active"), (88, 10, 2))[0]
        row: dict[str, Any] = {
            "id": len(self.rows[PracticeSession]) + 1,
            "team_id": TEAM,
            "user_id": user_id,
            "kind": kind,
            "ref": None,
            "status": status,
            "score": None,
            "started_at": completed_at - timedelta(minutes=rng.randint(2, 25)),
            "completed_at": completed_at if status == "completed" else None,
            "detail": None,
            "useful": None,
        }
        if kind == "drill":
            scenario = rng.choice(self.scenarios)
            row["ref"] = f"{scenario.id}:{rng.choice(('easy', 'standard', 'hard'))}"
            credits = [rng.choice((0.0, 0.2, 0.3, 0.5, 0.5, 1.0, 1.0, 1.0)) for _ in scenario.rubric]
            lines = [
                {"id": line.id, "skills": list(line.skills), "credit": credit, "points": round(line.points * credit, 1)}
                for line, credit in zip(scenario.rubric, credits, strict=True)
            ]
            score = round(sum(line["points"] for line in lines), 1)
            outcome = rng.choice(("met", "walked_away", "out_of_time"))
            if status == "completed":
                row["score"], row["detail"] = score, {"score": score, "outcome": outcome, "lines": lines}
                row["useful"] = rng.choice((None, None, True, True, True, False))
        elif kind in ("interview", "micro"):
            competency, question = rng.choice(self.questions)
            row["ref"] = question if kind == "interview" else f"interview:{competency}:{question}"
            row["detail"] = {"skill": competency}
            if status == "completed":
                row["score"] = float(rng.randint(10, 100))
        elif kind == "calibration":
            row["ref"] = rng.choice(self.samples)
            row["score"] = float(rng.randint(30, 100)) if status == "completed" else None
        else:
            row["ref"] = rng.choice(ACCOUNTS)
        self.rows[PracticeSession].append(row)
        if status == "completed" and kind in PRACTICE_KINDS:  # what coach/practice/session_skills.py keeps
            for skill, credit in evidence(kind, row["detail"], row["score"]).items():
                self.rows[SessionSkill].append(
                    {"team_id": TEAM, "session_id": row["id"], "user_id": user_id, "skill": skill, "credit": credit,
                     "completed_at": completed_at}
                )  # fmt: skip
                last, last_credit, reviews = shown.get(skill, (completed_at, credit, 0))
                if completed_at >= last:  # sessions are made in no order of time
                    last, last_credit = completed_at, credit
                shown[skill] = (last, last_credit, reviews + 1)
        if rng.random() < 0.15:  # a couple of turns kept for some
            for n in range(rng.randint(2, 4)):
                self.rows[Turn].append(
                    {"team_id": TEAM, "session_id": row["id"], "speaker": ("coach", "rep")[n % 2],
                     "text": rng.choice(("What is that costing you?", "Tell me about a deal you lost.",
                                         "We already have a vendor for that.", "Can we meet Tuesday at 10?")),
                     "created_at": row["started_at"] + timedelta(minutes=n)}
                )  # fmt: skip

    def _deal(self, user_id: int, account: str) -> int:
        deal_id = len(self.rows[Deal]) + 1
        self.rows[Deal].append(
            {"id": deal_id, "team_id": TEAM, "owner_id": user_id, "account": account,
             "buyer_name": "Jo Buyer", "buyer_role": "economic_buyer", "stage": self.rng.choice(self.stages).id,
             "created_at": self.now - timedelta(days=380), "updated_at": self.now - timedelta(days=1)}
        )  # fmt: skip
        return deal_id

    def _checklist_run(self, user_id: int, tz: ZoneInfo, deal_id: int, today: date) -> None:
        rng = self.rng
        stage = rng.choice(self.stages[:-1])
        call_at = self._at(today - timedelta(days=rng.randint(0, 364)), tz) + timedelta(days=1)
        status = rng.choices(("debriefed", "planned", "open", "abandoned"), (55, 20, 10, 15))[0]
        planned = status == "planned" or (status == "debriefed" and rng.random() < 0.7)
        answers = {c.id: rng.choice(("confirmed", "unknown", "not_met")) for c in stage.exit_criteria}
        row: dict[str, Any] = {
            "team_id": TEAM, "deal_id": deal_id, "user_id": user_id, "stage": stage.id, "call_at": call_at,
            "planned_at": call_at - timedelta(hours=rng.randint(1, 20)) if planned else None,
            "reminded_at": None, "debrief_asked_at": None, "answers": answers if planned else {},
            "objective": stage.call_objective if planned else None,
            "backup_objective": stage.backup_objective if planned else None,
            "outcome": None, "status": status, "created_at": call_at - timedelta(days=1), "completed_at": None,
        }  # fmt: skip
        if status == "debriefed" and call_at < self.now:
            advanced = rng.random() < 0.4
            confirmed = {c: rng.random() < 0.6 for c, answer in answers.items() if answer == "unknown"}
            following = self.stages[[s.id for s in self.stages].index(stage.id) + 1]
            row["outcome"] = {
                "confirmed": confirmed, "next_step": rng.choice(("Tuesday 10:00 demo", None)), "advanced": advanced,
                "from_stage": stage.id, "to_stage": following.id if advanced else stage.id,
                "had_checklist": planned,
            }  # fmt: skip
            row["debrief_asked_at"] = call_at + timedelta(hours=1)
            row["completed_at"] = min(call_at + timedelta(hours=rng.randint(1, 30)), self.now)
        elif status == "debriefed":
            row["status"] = "planned"
        self.rows[ChecklistRun].append(row)


def load(url: str, history: History) -> dict[str, int]:
    """Bulk-insert the history; the row count per table."""
    with session_scope(url) as session:
        for table in TABLES:
            rows = history.rows[table]
            for start in range(0, len(rows), 5000):
                session.execute(sa.insert(table.__table__), rows[start : start + 5000])
        if url.startswith("postgresql"):
            for table in (User, PracticeSession, Deal):  # explicit ids: move the sequences past them
                name = table.__tablename__
                session.execute(sa.text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), max(id)) FROM {name}"))
        fill_marks(session, history.now)  # the streak marks an upgrade writes for history it finds (copied, not made)
    if url.startswith("postgresql"):
        with engine_for(url).connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").execute(sa.text("VACUUM ANALYZE"))
    with session_scope(url) as session:
        return {table.__tablename__: session.scalar(sa.select(sa.func.count()).select_from(table)) for table in TABLES}


@dataclass
class Timing:
    days: int
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # this process only: PostgreSQL's own work is not in it
    digest: str = ""


def time_summary(url: str, manager_id: int, days: int, runs: int, now: datetime | None) -> Timing:
    """Each run in a fresh session: its wall-clock and this process's CPU milliseconds, and what the summary said."""
    timing = Timing(days)
    for _ in range(runs):
        with session_scope(url) as session:
            manager = session.get(User, manager_id)
            assert manager is not None
            start, cpu = time.perf_counter(), time.process_time()
            summary = team_summary(session, manager, days, now)
            timing.wall.append((time.perf_counter() - start) * 1000)
            timing.cpu.append((time.process_time() - cpu) * 1000)
        timing.digest = hashlib.sha256(json.dumps(summary, sort_keys=True, default=str).encode()).hexdigest()[:12]
    return timing


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=50)
    parser.add_argument("--sessions", type=int, default=100_000)
    parser.add_argument("--engines", default="sqlite,postgresql", help="comma-separated: sqlite, postgresql")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per engine and period")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--now", type=datetime.fromisoformat, help="the end of the history (ISO, with an offset)")
    args = parser.parse_args()
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    unknown = set(engines) - {"sqlite", "postgresql"}
    if unknown:
        parser.error(f"unknown engine(s): {', '.join(sorted(unknown))}")
    now = (args.now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    start = time.perf_counter()
    history = History(args.reps, args.sessions, now, args.seed)
    print(f"{args.reps} reps, about {args.sessions} sessions over a year to {now:%Y-%m-%d %H:%M} UTC, seed {args.seed}")
    print(f"history generated in {time.perf_counter() - start:.1f} s")
    results: list[tuple[str, Timing]] = []
    for engine in engines:
        with fresh_database(engine) as url:
            start = time.perf_counter()
            counts = load(url, history)
            print(f"{engine}: setup {sum(counts.values())} rows in {time.perf_counter() - start:.1f} s ("
                  + ", ".join(f"{table} {n}" for table, n in counts.items()) + ")")  # fmt: skip
            for days in (7, 30):
                results.append((engine, time_summary(url, history.manager_id, days, args.runs, args.now and now)))
    print(f"\n{'engine':<12}{'period':>8}{'runs':>6}{'median ms':>11}{'max ms':>9}{'cpu ms':>8}  under 300 ms  digest")
    for engine, t in results:
        median, slowest, cpu = statistics.median(t.wall), max(t.wall), statistics.median(t.cpu)
        under = "yes" if slowest < GOAL_MS else "no"
        figures = f"{len(t.wall):>6}{median:>11.1f}{slowest:>9.1f}{cpu:>8.1f}"
        print(f"{engine:<12}{t.days:>3} days{figures}  {under:<13}{t.digest}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
