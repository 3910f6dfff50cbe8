"""What a whole sales organisation asks of the database: a manager's summary and the Monday digest's planning.

Run from the project root: `.venv/bin/python bench/organisation.py [--reps 10000 --workspaces 2 --team-size 10
--admins 2 --sessions-per-rep 200 --runs 5 --seed 7 --now 2026-03-02T16:00:00+00:00 --no-digests]`.

It makes a fresh database on the PostgreSQL at 127.0.0.1:5432 (user postgres; `SPAR_BENCH_PG_URL` names another
server), migrates it with the project's migrations and fills it with an organisation: `--reps` reps split evenly
over `--workspaces` Slack workspaces, a manager for every `--team-size` reps and `--admins` admins per workspace,
everyone spread over ten time zones, and a year of each rep's history up to `--now` (about `--sessions-per-rep`
practice sessions each, more for some reps and fewer for others, with turns, deals, checklist runs, commitments
and pauses). The history is `bench/team_summary.py`'s, made rep by rep and copied in with PostgreSQL's COPY a few
hundred reps at a time, so memory stays flat (under 0.5 GiB). The database is dropped at the end, unless `--keep`;
`--database URL` times such a kept database again instead of building one (it is migrated to the newest schema
first, its streak marks written through the day before `--now`, and it is left in place). On the 2-core development
machine the default organisation (9.6 million rows, 6 million of them skill credits) takes about 20 minutes to
build (the skill hours' triggers count each credit copied in) and 2 to time.

Then it times, each in a fresh session (after VACUUM ANALYZE, as autovacuum would after a bulk load):
- one manager's summary, `team_summary(session, manager, 7)` (and 30 days), and one admin's (everyone in a
  workspace), then the admin summary's first page in Block Kit and the whole of it as CSV, as `/spar team` sends;
- the Monday digest's planning, `digest_candidates(session, now)`, at `--now` (by default a Monday 16:00 UTC,
  when it is Monday 08:00 or later in seven of the ten time zones) and two days later (nobody due: what the
  scheduler's five-minute run costs the rest of the week);
- unless `--no-digests`, planning and building every due digest (the summary, its first page and, past one page,
  its CSV, as `bot/jobs/digests.py` does before posting), once.
"""

from __future__ import annotations

import argparse
import csv
import gc
import io
import statistics
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from functools import partial
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session
from team_summary import TABLES, TEAM, TIME_ZONES, History, fresh_database

from coach.db import engine_for, session_scope
from coach.migrate import upgrade
from coach.models import User, Workspace
from coach.practice.streak_marks import fill_marks
from coach.reports.digests import digest_candidates, digest_message
from coach.reports.summary_pages import pages_in, summary_csv, summary_page
from coach.reports.team_summary import team_summary

MONDAY_AFTERNOON = datetime(2026, 3, 2, 16, tzinfo=timezone.utc)  # 08:00 in Los Angeles, 01:00 Tuesday in Tokyo
REPS_PER_COPY = 250  # reps whose rows are copied in at once
COPIED: dict[str, Any] = {}  # what is left in History's lists of a row copied into the database


class Organisation(History):
    """`History`'s year of practice for many teams in several workspaces, copied into the database as it is made.

    `History` allocates ids by counting the rows it made, so a copied row leaves `COPIED` in its place: the ids
    go on, the memory does not grow.
    """

    def __init__(self, url: str, now: datetime, seed: int) -> None:
        super().__init__(0, 0, now, seed)  # the content, and the first workspace (TEAM) with a manager and an admin
        self.url = url
        self.copied = {table: 0 for table in TABLES}
        self.managers: list[int] = []
        self.admins: list[int] = []
        self.team_sizes: dict[int, int] = {}  # reports per manager

    def build(self, reps: int, workspaces: int, team_size: int, admins: int, sessions_per_rep: int) -> None:
        teams = [TEAM] + [f"{TEAM}{w + 1}" for w in range(1, workspaces)]
        rep_index = 0
        for w, team in enumerate(teams):
            if w:
                self.rows[Workspace].append(
                    {"team_id": team, "name": f"Bench Co {w + 1}", "practice_days": "12345", "created_at": self.now}
                )
            its_reps = reps // workspaces + (w < reps % workspaces)
            managers: list[int] = []
            its_admins: list[int] = []
            if w == 0:  # History made TEAM's first manager and admin
                managers = [self.manager_id]
                its_admins = [user["id"] for user in self.rows[User] if user["role"] == "admin"]
            while len(managers) < -(-its_reps // team_size):
                m = len(managers)
                managers.append(self._user(f"UMGR{w}{m:04d}", f"Manager {w}-{m}", TIME_ZONES[m % 10], "manager", None))
            while len(its_admins) < admins:
                a = len(its_admins)
                its_admins.append(self._user(f"UADM{w}{a}", f"Admin {w}-{a}", TIME_ZONES[a % 10], "admin", None))
            self.managers += managers
            self.admins += its_admins
            for r in range(its_reps):
                manager = managers[r // team_size]
                self.team_sizes[manager] = self.team_sizes.get(manager, 0) + 1
                user_id = self._user(f"UREP{w}{r:05d}", f"Rep {w}-{r}", TIME_ZONES[rep_index % 10], "rep", manager)
                self._rep(user_id, rep_index, round(sessions_per_rep * self.rng.uniform(0.3, 1.7)))
                rep_index += 1
                if rep_index % REPS_PER_COPY == 0:
                    self.copy(team)
            self.copy(team)
        self.finish()

    def copy(self, team: str) -> None:
        """COPY the rows made since the last copy into the database, all of them in workspace `team`."""
        engine = engine_for(self.url)
        connection = engine.raw_connection()
        try:
            cursor = connection.cursor()
            for table in TABLES:
                rows = self.rows[table]
                new = rows[self.copied[table] :]
                if new:
                    for row in new:
                        row["team_id"] = team  # History writes every row to TEAM
                    copy_rows(cursor, engine.dialect, table.__table__, new)
                    rows[self.copied[table] :] = [COPIED] * len(new)
                    self.copied[table] = len(rows)
            connection.commit()
        finally:
            connection.close()

    def finish(self) -> None:
        """Move the id sequences past the copied ids, write the streak marks (as the upgrade to them does for history
        it finds), and analyse the tables as autovacuum would."""
        with session_scope(self.url) as session:
            fill_marks(session, self.now)
            for table in TABLES:
                name = table.__tablename__
                if "id" in table.__table__.columns and isinstance(table.__table__.c.id.type, sa.Integer):
                    session.execute(
                        sa.text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), max(id)) FROM {name}")
                    )
        with engine_for(self.url).connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").execute(sa.text("VACUUM ANALYZE"))


def copy_rows(cursor: Any, dialect: sa.engine.Dialect, table: sa.Table, rows: Sequence[dict[str, Any]]) -> None:
    """The rows into `table` with one COPY, each value converted as an INSERT would (JSON columns serialised)."""
    names = set().union(*rows)
    columns = [column for column in table.columns if column.name in names]
    processors: list[Callable[[Any], Any] | None] = [
        c.type.dialect_impl(dialect).bind_processor(dialect) for c in columns
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        values = []
        for column, process in zip(columns, processors, strict=True):
            value = row.get(column.name)
            if process is not None:
                value = process(value)
            values.append(copy_text(value))
        writer.writerow(values)
    buffer.seek(0)
    listed = ", ".join(column.name for column in columns)
    cursor.copy_expert(f"COPY {table.name} ({listed}) FROM STDIN WITH (FORMAT csv, NULL '\\N')", buffer)


def copy_text(value: Any) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def count_rows(url: str) -> dict[str, int]:
    with session_scope(url) as session:
        return {table.__tablename__: session.scalar(sa.select(sa.func.count()).select_from(table)) for table in TABLES}


def database_mib(url: str) -> float:
    with session_scope(url) as session:
        return session.scalar(sa.text("SELECT pg_database_size(current_database())")) / 2**20


@dataclass
class Timed:
    """Milliseconds per run: wall-clock, and this process's CPU (PostgreSQL's own work is not in it)."""

    what: str
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    @contextmanager
    def run(self) -> Iterator[None]:
        start, cpu = time.perf_counter(), time.process_time()
        yield
        self.wall.append((time.perf_counter() - start) * 1000)
        self.cpu.append((time.process_time() - cpu) * 1000)


def repeat(url: str, runs: int, work: Callable[[Session], Any]) -> tuple[Timed, Any]:
    """`work` timed `runs` times, each in a fresh session, and what its last run returned."""
    timed, result = Timed(""), None
    for _ in range(runs):
        with session_scope(url) as session, timed.run():
            result = work(session)
    return timed, result


def summary_of(user_id: int, days: int, now: datetime) -> Callable[[Session], dict[str, Any]]:
    """What `/spar team` does: read the viewer, make the summary."""
    return lambda session: team_summary(session, session.get(User, user_id), days, now)


def time_digests(url: str, now: datetime) -> list[Timed]:
    """Plan and build every due digest (the summary, its first page and CSV, as bot/jobs/digests.py does) in one
    session."""
    planning, total = Timed("  planning (in the run below)"), Timed("")
    built = {"manager": Timed("  building each manager's digest"), "admin": Timed("  building each admin's digest")}
    with session_scope(url) as session, total.run():
        with planning.run():
            candidates = digest_candidates(session, now)
        for user, _ in candidates:
            with built[user.role].run():
                summary = team_summary(session, user, 7, now)
                digest_message(summary)
                if pages_in(summary) > 1:
                    summary_csv(summary)
    total.what = f"planning + building all {len(candidates)} digests"
    return [planning, *(timed for timed in built.values() if timed.wall), total]


@dataclass
class Built:
    """Who to time the summaries of: the managers (with their reports' count) and the admins, by id."""

    managers: list[int]
    admins: list[int]
    team_sizes: dict[int, int]


@contextmanager
def built_database(args: argparse.Namespace) -> Iterator[tuple[str, Built]]:
    """A database with the organisation: `--database`'s (migrated, left in place), or a fresh one built here."""
    now = args.now.astimezone(timezone.utc)
    if args.database:
        upgrade(args.database)
        with session_scope(args.database) as session:  # an upgrade writes them through the real yesterday
            fill_marks(session, now)
        with engine_for(args.database).connect() as connection:  # what a migration filled, analysed
            connection.execution_options(isolation_level="AUTOCOMMIT").execute(sa.text("ANALYZE"))
        with session_scope(args.database) as session:
            people = session.execute(sa.select(User.id, User.role, User.manager_id).order_by(User.id)).all()
        sizes: dict[int, int] = {}
        for _, _, manager_id in people:
            if manager_id is not None:
                sizes[manager_id] = sizes.get(manager_id, 0) + 1
        managers = [user_id for user_id, role, _ in people if role == "manager"]
        admins = [user_id for user_id, role, _ in people if role == "admin"]
        counts = count_rows(args.database)
        print(f"PostgreSQL database {sa.engine.make_url(args.database).database} (kept, as built before):"
              f" {sum(counts.values())} rows, {database_mib(args.database):.0f} MiB")  # fmt: skip
        yield args.database, Built(managers, admins, sizes)
        return
    with fresh_database("postgresql", keep=args.keep) as url:
        start = time.perf_counter()
        org = Organisation(url, now, args.seed)
        org.build(args.reps, args.workspaces, args.team_size, args.admins, args.sessions_per_rep)
        org.rows.clear()  # millions of placeholders the garbage collector would walk in every timed run below
        gc.collect()
        counts = count_rows(url)
        print(
            f"{args.reps} reps in {args.workspaces} workspaces, {len(org.managers)} managers (about {args.team_size}"
            f" reps each), {len(org.admins)} admins; about {args.sessions_per_rep} sessions per rep over the year"
            f" to {now:%a %Y-%m-%d %H:%M} UTC, seed {args.seed}"
        )
        kept = f"kept: --database {url}" if args.keep else "dropped at the end"
        print(f"PostgreSQL database {sa.engine.make_url(url).database} ({kept}): built"
              f" {sum(counts.values())} rows in {time.perf_counter() - start:.0f} s, {database_mib(url):.0f} MiB ("
              + ", ".join(f"{table} {n}" for table, n in counts.items()) + ")")  # fmt: skip
        yield url, Built(org.managers, org.admins, org.team_sizes)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=10_000)
    parser.add_argument("--workspaces", type=int, default=2)
    parser.add_argument("--team-size", type=int, default=10, help="reps per manager")
    parser.add_argument("--admins", type=int, default=2, help="admins per workspace")
    parser.add_argument("--sessions-per-rep", type=int, default=200, help="a year's practice sessions, on average")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each quick measurement")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--now", type=datetime.fromisoformat, default=MONDAY_AFTERNOON, help="ISO, with an offset")
    parser.add_argument("--digests", action=argparse.BooleanOptionalAction, default=True, help="build every digest")
    parser.add_argument("--keep", action="store_true", help="keep the database built (its URL is printed)")
    parser.add_argument("--database", metavar="URL", help="time a database kept by --keep instead of building one")
    args = parser.parse_args()
    if args.reps < args.workspaces or args.workspaces < 1 or args.team_size < 1 or args.admins < 1:
        parser.error("need at least one rep per workspace, a team size and an admin of at least 1")
    now = args.now.astimezone(timezone.utc)
    results: list[Timed] = []
    with built_database(args) as (url, org):
        manager, admin = org.managers[0], org.admins[0]
        for days in (7, 30):
            timed, _ = repeat(url, args.runs, summary_of(manager, days, now))
            timed.what = f"a manager's summary ({org.team_sizes[manager]} reps, {days} days)"
            results.append(timed)
        timed, summary = repeat(url, args.runs, summary_of(admin, 7, now))
        timed.what = f"an admin's summary ({len(summary['reps'])} people, 7 days)"
        results.append(timed)
        shown = Timed(f"  its first page and CSV ({pages_in(summary)} pages)")
        for _ in range(args.runs):
            with shown.run():
                summary_page(summary, "week")
                summary_csv(summary)
        results.append(shown)
        for moment in (now, now + timedelta(days=2)):
            timed, due = repeat(url, args.runs, partial(digest_candidates, now=moment))
            timed.what = f"digest planning, {moment:%a %H:%M} UTC: {len(due)} due"
            results.append(timed)
        if args.digests:
            results += time_digests(url, now)

    print(f"\n{'what':<56}{'runs':>6}{'median ms':>12}{'max ms':>10}{'cpu ms':>9}")
    for timed in results:
        median, slowest, cpu = statistics.median(timed.wall), max(timed.wall), statistics.median(timed.cpu)
        print(f"{timed.what:<56}{len(timed.wall):>6}{median:>12.1f}{slowest:>10.1f}{cpu:>9.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
