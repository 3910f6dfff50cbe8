"""What a manager's (or an admin's) App Home shows above their own practice: the team at a glance."""

from __future__ import annotations

from dataclasses import dataclass

from coach.db import session_scope
from coach.mrkdwn import shown
from coach.people import find_user
from coach.practice.memory import skill_name
from coach.reports.team_summary import team_summary
from coach.text import plural

MOST_NAMED = 5  # names per line; the full summary has everyone


@dataclass(frozen=True)
class TeamGlance:
    lines: tuple[str, ...]  # mrkdwn, one fact per line


def team_glance(team_id: str, slack_id: str) -> TeamGlance | None:
    """This week for everyone the viewer may see; None for someone who leads no one."""
    with session_scope() as session:
        viewer = find_user(session, team_id, slack_id)
        if viewer is None or viewer.role not in ("manager", "admin"):
            return None
        summary = team_summary(session, viewer, days=7)
    reps = summary["reps"]
    if not reps:
        return TeamGlance(("No reps on your team yet: `/spar team add @name` adds them.",))
    practised = [r for r in reps if r["sessions"]]
    quiet = [r for r in reps if not r["sessions"]]
    lines = [f"*This week:* {len(practised)} of {plural(len(reps), 'rep')} practised"]
    if quiet:
        lines[0] += f"; not yet: {_names(quiet)}"
    at_risk = [r for r in reps if r["at_risk"]]
    if at_risk:
        lines.append("*At risk:* " + "; ".join(f"{_name(r)} ({', '.join(r['at_risk'])})" for r in at_risk[:MOST_NAMED]))
    focus = [r for r in reps if r["focus"]]
    if focus:
        lines.append(
            "*Coaching focus:* " + "; ".join(f"{_name(r)}: {skill_name(r['focus'])}" for r in focus[:MOST_NAMED])
        )
    fading = [r for r in reps if r["slipping"]]
    if fading:
        lines.append(
            "*Skills slipping:* "
            + "; ".join(f"{_name(r)}: {', '.join(map(skill_name, r['slipping']))}" for r in fading[:MOST_NAMED])
        )
    return TeamGlance(tuple(lines))


def _name(rep: dict) -> str:
    return shown(rep["name"] or rep["slack_id"])


def _names(reps: list[dict]) -> str:
    named = ", ".join(_name(r) for r in reps[:MOST_NAMED])
    return named + (f" and {len(reps) - MOST_NAMED} more" if len(reps) > MOST_NAMED else "")
