"""`spar`: the project's command line (database, content, roster, evaluation, processes)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from coach.settings import PROJECT_ROOT


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    from coach.migrate import upgrade
    from spar.supervise import read_dotenv

    read_dotenv()
    upgrade(revision=args.revision)
    print(f"database at {_shown_url()} is at revision {args.revision}")
    return 0


def cmd_db_fill_skills(args: argparse.Namespace) -> int:
    from datetime import timedelta

    from coach.db import session_scope
    from coach.models import utcnow
    from coach.practice.session_skills import fill_missing
    from spar.supervise import read_dotenv

    read_dotenv()
    with session_scope() as session:
        filled = fill_missing(session, utcnow() - timedelta(days=args.days))
    print(f"skill credits kept for {filled} session(s) completed in the last {args.days} day(s) without them")
    return 0


def cmd_db_fill_streaks(args: argparse.Namespace) -> int:
    from coach.db import session_scope
    from coach.models import utcnow
    from coach.practice.streak_marks import fill_marks
    from spar.supervise import read_dotenv

    read_dotenv()
    with session_scope() as session:
        marked = fill_marks(session, utcnow())
    print(f"streak marks written through yesterday for {marked} rep(s) who have practised")
    return 0


def cmd_content_validate(args: argparse.Namespace) -> int:
    from coach.content import validate_content

    count, errors = validate_content(Path(args.data))
    for error in errors:
        print(error, file=sys.stderr)
    print(f"{count} content files checked, {len(errors)} problem(s)")
    return 1 if errors else 0


def cmd_roster_import(args: argparse.Namespace) -> int:
    from coach.db import session_scope
    from coach.people import import_roster

    path = Path(args.file)
    if not path.is_file():
        print(f"error: no such file: {path}", file=sys.stderr)
        return 2
    with session_scope() as session:
        result = import_roster(session, args.team, path)
    for error in result.errors:
        print(error, file=sys.stderr)
    print(f"{result.imported} user(s) imported into {args.team}, {len(result.errors)} problem(s)")
    return 1 if result.errors else 0


def cmd_eval_nlu(args: argparse.Namespace) -> int:
    from spar.nlu_eval import evaluate_nlu

    return evaluate_nlu(Path(args.file), Path(args.model), as_json=args.json)


def cmd_eval_nonsense(args: argparse.Namespace) -> int:
    from spar.nlu_eval import evaluate_nonsense

    return evaluate_nonsense(Path(args.file), Path(args.model), as_json=args.json)


def cmd_eval_sar(args: argparse.Namespace) -> int:
    from spar.sar_cli import eval_sar

    return eval_sar(_labelled_source(args, "sar"), as_json=args.json)


def cmd_score_sar(args: argparse.Namespace) -> int:
    from spar.sar_cli import score_sar

    return score_sar(sys.stdin.read())


def cmd_eval_moves(args: argparse.Namespace) -> int:
    from spar.moves_cli import eval_moves

    return eval_moves(_labelled_source(args, "moves"), as_json=args.json)


def _labelled_source(args: argparse.Namespace, reader: str) -> Path:
    """A labelled file named on the command line, or one of the project's splits (`--split dev|test|train`)."""
    if (args.file is None) == (args.split is None):
        raise SystemExit(f"spar eval {reader}: give a FILE or --split, not both")
    return Path(args.file) if args.file else PROJECT_ROOT / "nlu" / reader / f"{args.split}.jsonl"


def cmd_readers(args: argparse.Namespace) -> int:
    from spar import readers_cli

    return readers_cli.run(args.action, args.reader, as_json=args.json)


def cmd_score_moves(args: argparse.Namespace) -> int:
    from spar.moves_cli import score_moves

    return score_moves(sys.stdin.read())


def cmd_drill_play(args: argparse.Namespace) -> int:
    from spar.drill_cli import play_drill

    messages = [line.strip() for line in sys.stdin if line.strip()]
    return play_drill(args.scenario, args.difficulty, args.seed, messages)


def _team_report(args: argparse.Namespace, build: Any) -> dict[str, Any] | None:
    """Build a report for `--team`; print it as JSON and return None when `--json` was asked for."""
    import json

    from coach.db import session_scope

    with session_scope() as session:
        report: dict[str, Any] = build(session, args.team)
    if args.json:
        print(json.dumps(report, indent=2))
        return None
    return report


def cmd_report_outcomes(args: argparse.Namespace) -> int:
    from coach.precall.outcomes import outcomes_report

    report = _team_report(args, outcomes_report)
    if report is not None:
        print("rep                        calls  with checklist  advanced with  advanced without")
        for row in [*report["reps"], {"name": "TEAM", "slack_id": args.team, **report["team"]}]:
            print(
                f"{(row['name'] or row['slack_id'])[:26]:26} {row['calls']:5}  {row['with_checklist']:14}"
                f"  {_rate(row['advance_rate_with_checklist']):>13}  {_rate(row['advance_rate_without_checklist']):>16}"
            )
    return 0


def cmd_report_skills(args: argparse.Namespace) -> int:
    from coach.reports.skills import skills_report

    report = _team_report(args, skills_report)
    if report is not None:
        print(f"team retention: {_rate(report['team_retention'])}")
        for row in report["reps"]:
            due = ", ".join(row["due"]) or "none"
            print(f"{(row['name'] or row['slack_id'])[:26]:26} retention {_rate(row['retention']):>4}  due: {due}")
    return 0


def cmd_report_team(args: argparse.Namespace) -> int:
    import json

    from coach.db import session_scope
    from coach.people import find_user
    from coach.reports.summary_pages import summary_csv
    from coach.reports.team_summary import render_summary, team_summary

    with session_scope() as session:
        viewer = find_user(session, args.team, args.manager)
        if viewer is None:
            print(f"error: no user {args.manager} in {args.team}", file=sys.stderr)
            return 2
        summary = team_summary(session, viewer, args.days)
    if args.json:
        print(json.dumps(summary, indent=2))
    elif args.csv:
        sys.stdout.write(summary_csv(summary))
    else:
        print(render_summary(summary))
    return 0


def _rate(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def cmd_run(args: argparse.Namespace) -> int:
    from spar.processes import run_process

    return run_process(args.process)


def cmd_tokens(args: argparse.Namespace) -> int:
    from coach import token_keys

    if args.action == "new-key":
        print(token_keys.new_key())
        return 0
    from coach.db import session_scope
    from coach.workspaces import reseal_tokens

    try:
        with session_scope() as session:
            count = reseal_tokens(session)
    except token_keys.NoTokenKey as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"{count} stored Slack token(s) encrypted with the first key of SPAR_TOKEN_KEYS")
    return 0


def cmd_supervise(args: argparse.Namespace) -> int:
    from spar.supervise import supervise

    return supervise()


def _shown_url() -> str:
    from sqlalchemy.engine import make_url

    from coach.settings import load_settings

    return make_url(load_settings().database_url).render_as_string(hide_password=True)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="spar", description="Spar, the sales practice coach.")
    sub = parser.add_subparsers(dest="command", required=True)

    db = sub.add_parser("db", help="database").add_subparsers(dest="action", required=True)
    up = db.add_parser("upgrade", help="apply the migrations (DATABASE_URL)")
    up.add_argument("revision", nargs="?", default="head")
    up.set_defaults(func=cmd_db_upgrade)
    fill = db.add_parser("fill-skills", help="keep the skill credits of sessions an older Spar completed (upgrades)")
    fill.add_argument("--days", type=int, default=1, help="sessions completed in the last DAYS days (default 1)")
    fill.set_defaults(func=cmd_db_fill_skills)
    streaks = db.add_parser("fill-streaks", help="write every rep's streak mark again, from all their practice")
    streaks.set_defaults(func=cmd_db_fill_streaks)

    content = sub.add_parser("content", help="coaching content in data/").add_subparsers(dest="action", required=True)
    validate = content.add_parser("validate", help="check every file in data/")
    validate.add_argument("--data", default=str(PROJECT_ROOT / "data"))
    validate.set_defaults(func=cmd_content_validate)

    roster = sub.add_parser("roster", help="the team roster").add_subparsers(dest="action", required=True)
    imp = roster.add_parser("import", help="create or update users from a CSV file")
    imp.add_argument("file")
    imp.add_argument(
        "--team",
        default=os.environ.get("SPAR_TEAM_ID"),
        required="SPAR_TEAM_ID" not in os.environ,
        help="the Slack workspace (team) id, e.g. T012AB3CD (default: SPAR_TEAM_ID)",
    )
    imp.set_defaults(func=cmd_roster_import)

    ev = sub.add_parser("eval", help="measure an analysis on a labelled file").add_subparsers(
        dest="what", required=True
    )
    nlu = ev.add_parser("nlu", help="intent accuracy of the trained Rasa model")
    nlu.add_argument("file")
    nlu.add_argument("--json", action="store_true")
    nlu.add_argument("--model", default=str(PROJECT_ROOT / "models" / "spar.tar.gz"))
    nlu.set_defaults(func=cmd_eval_nlu)

    nonsense = ev.add_parser("nonsense", help="how many lines that are no request the trained model takes for one")
    nonsense.add_argument("file")
    nonsense.add_argument("--json", action="store_true")
    nonsense.add_argument("--model", default=str(PROJECT_ROOT / "models" / "spar.tar.gz"))
    nonsense.set_defaults(func=cmd_eval_nonsense)

    sar = ev.add_parser("sar", help="SAR/STAR analysis against labelled answers")
    sar.add_argument("file", nargs="?")
    sar.add_argument("--split", choices=["train", "dev", "test"], help="one of the project's labelled splits")
    sar.add_argument("--json", action="store_true")
    sar.set_defaults(func=cmd_eval_sar)

    moves = ev.add_parser("moves", help="role-play move recognition against labelled messages")
    moves.add_argument("file", nargs="?")
    moves.add_argument("--split", choices=["train", "dev", "test"], help="one of the project's labelled splits")
    moves.add_argument("--json", action="store_true")
    moves.set_defaults(func=cmd_eval_moves)

    score = sub.add_parser("score", help="analyse one text read from standard input").add_subparsers(
        dest="what", required=True
    )
    score.add_parser("sar", help="a behavioural-interview answer: labels, score, evidence, probes").set_defaults(
        func=cmd_score_sar
    )
    score.add_parser("moves", help="a rep's role-play message: the moves it makes, with evidence").set_defaults(
        func=cmd_score_moves
    )

    readers = sub.add_parser("readers", help="the move and SAR readers: corpus, agreement, training")
    readers.add_argument("action", choices=["assemble", "agreement", "build"])
    readers.add_argument("reader", choices=["moves", "sar"])
    readers.add_argument("--json", action="store_true")
    readers.set_defaults(func=cmd_readers)

    drill = sub.add_parser("drill", help="role-play scenarios").add_subparsers(dest="action", required=True)
    play = drill.add_parser("play", help="play a scenario with the rep's lines from standard input, one per line")
    play.add_argument("scenario")
    play.add_argument("--difficulty", default="standard")
    play.add_argument("--seed", default="cli")
    play.set_defaults(func=cmd_drill_play)

    report = sub.add_parser("report", help="reports for managers").add_subparsers(dest="what", required=True)
    outcomes = report.add_parser("outcomes", help="real calls: checklist first or not, and whether deals advanced")
    outcomes.add_argument("--team", default=os.environ.get("SPAR_TEAM_ID"), required="SPAR_TEAM_ID" not in os.environ)
    outcomes.add_argument("--json", action="store_true")
    outcomes.set_defaults(func=cmd_report_outcomes)
    skills = report.add_parser("skills", help="per rep: skills due or slipping (spaced practice), and retention")
    skills.add_argument("--team", default=os.environ.get("SPAR_TEAM_ID"), required="SPAR_TEAM_ID" not in os.environ)
    skills.add_argument("--json", action="store_true")
    skills.set_defaults(func=cmd_report_skills)
    team = report.add_parser("team", help="a manager's team summary: results, activity, methodology, reps at risk")
    team.add_argument("--manager", required=True, help="the manager's (or admin's) Slack user id")
    team.add_argument("--team", default=os.environ.get("SPAR_TEAM_ID"), required="SPAR_TEAM_ID" not in os.environ)
    team.add_argument("--days", type=int, default=7)
    formats = team.add_mutually_exclusive_group()
    formats.add_argument("--json", action="store_true")
    formats.add_argument("--csv", action="store_true")
    team.set_defaults(func=cmd_report_team)

    from spar.user_cli import add_commands

    add_commands(sub)  # `spar user export|delete`, `spar workspace retention`

    run = sub.add_parser("run", help="start one process (the Procfile's entries)")
    run.add_argument("process", choices=["rasa", "actions", "bot", "scheduler"])
    run.set_defaults(func=cmd_run)
    tokens = sub.add_parser("tokens", help="the keys Slack tokens are stored encrypted with (SPAR_TOKEN_KEYS)")
    tokens.add_argument("action", choices=["new-key", "rotate"], help="print a new key, or re-encrypt every token")
    tokens.set_defaults(func=cmd_tokens)
    supervise = sub.add_parser("supervise", help="start every process and restart any that dies (make run)")
    supervise.set_defaults(func=cmd_supervise)
    return parser


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # spaCy's thinc imports TensorFlow when it is installed
    args = build_parser().parse_args(argv)
    from coach.language import ReaderMissing

    try:
        sys.exit(args.func(args))
    except ReaderMissing as error:  # `spar score`, `spar eval` or `spar drill play` before `make readers`
        print(f"error: {error}", file=sys.stderr)
        sys.exit(2)
