"""A manager's team in a conversation: the summary (and the data of its heatmap), adding reps to the team.

Entry points for the adapters (Rasa actions, Slack listeners): each takes the workspace and the Slack user, works
in one transaction of its own, and returns what to show.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from coach.people import MENTION, add_reps, user_scope
from coach.reports.heatmap import heatmap_data
from coach.reports.team_summary import render_summary, team_summary

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
    text: str
    heatmap: dict[str, Any] | None = None  # what the picture is drawn from, when there is one


def team_report(team_id: str, slack_id: str, period: str) -> TeamReport:
    """The summary of the manager's (an admin's: the workspace's) reps over the period; reps are told it's not for
    them."""
    with user_scope(team_id, slack_id) as (session, user):
        if user.role not in ("manager", "admin"):
            return TeamReport("Team summaries are for managers. `/spar streak` shows your own practice.")
        summary = team_summary(session, user, PERIOD_DAYS.get(period, PERIOD_DAYS["week"]))
    return TeamReport(render_summary(summary), heatmap_data(summary))


def add_to_my_team(team_id: str, slack_id: str, rep_ids: Sequence[str]) -> str:
    """`/spar team add @rep`: these reps now report to the manager asking (never someone else's reports)."""
    with user_scope(team_id, slack_id) as (session, manager):
        return add_reps(session, manager, rep_ids)
