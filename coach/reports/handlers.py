"""A manager's team in a conversation: the summary (and the data of its heatmap), adding reps to the team.

Entry points for the adapters (Rasa actions, Slack listeners): each takes the workspace and the Slack user, works
in one transaction of its own, and returns what to show.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from coach.people import MENTION, add_reps, user_scope
from coach.reports.digests import describe_digest, set_digest
from coach.reports.heatmap import heatmap_pictures
from coach.reports.summary_pages import csv_filename, pages_in, summary_csv, summary_page
from coach.reports.team_summary import team_summary

ADD = re.compile(r"\badd\b", re.IGNORECASE)
PERIOD_DAYS = {"week": 7, "month": 30}


@dataclass(frozen=True)
class TeamRequest:
    """What a manager asks of their team: the reps to add (Slack ids; None when not adding), or the summary over a
    period ("week" or "month")."""

    add: tuple[str, ...] | None = None
    period: str = "week"


def read_team_request(text: str) -> TeamRequest:
    """ "add @ana @ben" adds them; "month" asks for the last 30 days' summary, anything else for the last 7."""
    add = tuple(MENTION.findall(text)) if ADD.search(text) else None
    return TeamRequest(add, "month" if "month" in text.lower() else "week")


@dataclass(frozen=True)
class TeamReport:
    """What to show: a refusal's text alone, or a page of the summary (chat.postMessage arguments), with the whole
    summary as a CSV file past one page and the heatmap pictures on the first page."""

    text: str
    page: dict[str, Any] | None = None
    csv: str | None = None
    csv_name: str = ""
    heatmaps: list[dict[str, Any]] = field(default_factory=list)  # what the pictures are drawn from


NOT_FOR_REPS = "Team summaries are for managers. `/spar streak` shows your own practice."


def team_report(team_id: str, slack_id: str, period: str, page: int = 1) -> TeamReport:
    """A page of the summary of the manager's (an admin's: the workspace's) reps over the period; reps are told it
    is not for them. The first page comes with the CSV (past one page) and the heatmaps; a later one alone (the
    "Next page" button: whoever clicks is checked again, as anyone may press a button they see)."""
    with user_scope(team_id, slack_id) as (session, user):
        if user.role not in ("manager", "admin"):
            return TeamReport(NOT_FOR_REPS)
        summary = team_summary(session, user, PERIOD_DAYS.get(period, PERIOD_DAYS["week"]))
    shown = summary_page(summary, period, page)
    if page > 1:
        return TeamReport(shown["text"], shown)
    csv = summary_csv(summary) if pages_in(summary) > 1 else None
    return TeamReport(shown["text"], shown, csv, csv_filename(summary), heatmap_pictures(summary))


def add_to_my_team(team_id: str, slack_id: str, rep_ids: Sequence[str]) -> str:
    """`/spar team add @rep`: these reps now report to the manager asking (never someone else's reports)."""
    with user_scope(team_id, slack_id) as (session, manager):
        return add_reps(session, manager, rep_ids)


@dataclass(frozen=True)
class DigestSetting:
    """A manager's weekly digest: the setting in words, and whether it is on; `text` alone for someone without a
    team (a rep has no digest)."""

    text: str
    manager: bool = False
    on: bool = False


def digest_setting(team_id: str, slack_id: str, change: str | None = None) -> DigestSetting:
    """The manager's digest setting, after a change when one is asked: "off", or an ISO weekday ("1" to "7")."""
    with user_scope(team_id, slack_id) as (session, user):
        if user.role not in ("manager", "admin"):
            return DigestSetting("The weekly digest is for managers: it sums up the week of the reps they lead.")
        if change == "off":
            set_digest(user, None)
        elif change is not None and change.isdigit() and 1 <= int(change) <= 7:
            set_digest(user, int(change))
        return DigestSetting(describe_digest(user), True, user.digest_on)
