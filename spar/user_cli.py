"""`spar user export|delete` and `spar workspace retention`: what Spar keeps about people, and for how long."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the command line imports the database layer only when a command needs it
    from sqlalchemy.engine import Connection
    from sqlalchemy.orm import Session


def add_commands(sub: Any) -> None:
    """Declare `spar user …` and `spar workspace …` on the top-level subparsers."""
    user = sub.add_parser("user", help="one user's data: export it or delete it").add_subparsers(
        dest="action", required=True
    )
    export = user.add_parser("export", help="print everything stored about a user as JSON")
    delete = user.add_parser("delete", help="delete everything stored about a user, Rasa conversation included")
    for command in (export, delete):
        command.add_argument("slack_id", metavar="ID", help="the Slack user id, e.g. U012AB3CD")
        command.add_argument("--team", help="the workspace (team) id; needed when the user is in several")
    delete.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    export.set_defaults(func=cmd_user_export)
    delete.set_defaults(func=cmd_user_delete)

    workspace = sub.add_parser("workspace", help="workspace settings").add_subparsers(dest="action", required=True)
    retention = workspace.add_parser("retention", help="how long transcripts are kept (without DAYS: show it)")
    retention.add_argument("team", metavar="TEAM", help="the workspace (team) id")
    retention.add_argument("days", metavar="DAYS", nargs="?", help="a number of days, or `off` to keep everything")
    retention.set_defaults(func=cmd_workspace_retention)


def _workspace(session: Session, tracker: Connection | None, slack_id: str, team: str | None) -> str | None:
    """The workspace to act in, or None after saying why there is none."""
    from coach.conversations import conversation_events, conversation_id
    from coach.ownership import workspaces_of

    found = workspaces_of(session, slack_id)
    if team is not None:
        if team in found or conversation_events(tracker, conversation_id(team, slack_id)):
            return team
        print(f"error: nothing is stored about {slack_id} in workspace {team}", file=sys.stderr)
        return None
    if len(found) == 1:
        return found[0]
    if not found:
        print(f"error: nothing is stored about {slack_id} in any workspace", file=sys.stderr)
    else:
        print(
            f"error: {slack_id} is in {len(found)} workspaces ({', '.join(found)}); choose one with --team",
            file=sys.stderr,
        )
    return None


def _export(slack_id: str, team: str | None) -> dict[str, Any] | None:
    from coach.conversations import tracker_connection
    from coach.db import session_scope
    from coach.ownership import export_user
    from coach.settings import rasa_tracker_url

    with session_scope() as session, tracker_connection(rasa_tracker_url(), session) as tracker:
        workspace = _workspace(session, tracker, slack_id, team)
        return None if workspace is None else export_user(session, tracker, workspace, slack_id)


def cmd_user_export(args: argparse.Namespace) -> int:
    document = _export(args.slack_id, args.team)
    if document is None:
        return 2
    print(json.dumps(document, indent=2))
    return 0


def cmd_user_delete(args: argparse.Namespace) -> int:
    from coach.conversations import tracker_connection
    from coach.db import session_scope
    from coach.ownership import delete_user
    from coach.settings import rasa_tracker_url

    document = _export(args.slack_id, args.team)
    if document is None:
        return 2
    team = document["team_id"]
    if not args.yes:
        if not sys.stdin.isatty():
            print("error: refusing to delete without --yes (standard input is not a terminal)", file=sys.stderr)
            return 2
        print(f"This deletes everything stored about {args.slack_id} in workspace {team}:")
        for table, count in _counts(document).items():
            print(f"  {count:6}  {table}")
        if input("Type yes to delete it: ").strip().lower() != "yes":
            print("nothing deleted")
            return 1
    with session_scope() as session, tracker_connection(rasa_tracker_url(), session) as tracker:
        deletion = delete_user(session, tracker, team, args.slack_id)
    print(f"deleted {args.slack_id} in workspace {team}: {deletion.total} row(s)")
    for table, count in deletion.removed.items():
        print(f"  {count:6}  {table}{' (Rasa conversation)' if table == 'events' else ''}")
    if deletion.pairs_ended:
        print(f"{deletion.pairs_ended} buddy trio(s) ended; the other members keep their pair and check-ins")
    return 0


def _counts(document: dict[str, Any]) -> dict[str, int]:
    """How many rows of each table an export holds."""
    counts = {"users": int(document["user"] is not None)}
    counts["practice_sessions"] = len(document["practice_sessions"])
    counts["turns"] = sum(len(s["turns"]) for s in document["practice_sessions"])
    counts["deals"] = len(document["deals"])
    counts["deal_stage_changes"] = sum(len(d["stage_changes"]) for d in document["deals"])
    for table in ("checklist_runs", "commitments", "buddy_pairs", "checkins", "skill_memories", "practice_pauses"):
        counts[table] = len(document[table])
    counts["inbound_messages"] = len(document["inbound_messages"])
    counts["events"] = len(document["conversation"]["events"])
    return counts


def cmd_workspace_retention(args: argparse.Namespace) -> int:
    from coach.db import session_scope
    from coach.models import Workspace
    from coach.retention import set_retention

    days: int | None = None
    if args.days is not None and args.days.lower() != "off":
        if not args.days.isdigit() or int(args.days) < 1:
            print(f"error: DAYS is a whole number of days (1 or more) or `off`, not {args.days!r}", file=sys.stderr)
            return 2
        days = int(args.days)
    with session_scope() as session:
        workspace = session.get(Workspace, args.team)
        if workspace is None:
            print(f"error: no workspace {args.team}", file=sys.stderr)
            return 2
        if args.days is not None:
            set_retention(session, args.team, days)
        days = workspace.retention_days
    if days is None:
        print(f"{args.team}: transcripts, message texts and Rasa conversations are kept (no retention)")
    else:
        print(
            f"{args.team}: transcripts, message texts and Rasa conversation events older than {days} day(s) "
            "are deleted every night (scores and session results stay)"
        )
    return 0
