"""Real calls and what followed: did a checklist come first, and did the deal move on? (Kirkpatrick level 4.)"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from coach.models import ChecklistRun, User


@dataclass
class CallOutcomes:
    calls: int = 0
    with_checklist: int = 0
    advanced_with_checklist: int = 0
    advanced_without_checklist: int = 0

    def add(self, had_checklist: bool, advanced: bool) -> None:
        self.calls += 1
        self.with_checklist += had_checklist
        if advanced:
            if had_checklist:
                self.advanced_with_checklist += 1
            else:
                self.advanced_without_checklist += 1

    def as_dict(self) -> dict[str, Any]:
        without = self.calls - self.with_checklist
        return {
            **asdict(self),
            "checklist_share": _share(self.with_checklist, self.calls),
            "advance_rate_with_checklist": _share(self.advanced_with_checklist, self.with_checklist),
            "advance_rate_without_checklist": _share(self.advanced_without_checklist, without),
        }


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def outcomes_report(session: Session, team_id: str) -> dict[str, Any]:
    """Per rep and for the workspace: debriefed calls, how many had a checklist first, how often deals advanced."""
    team, reps = CallOutcomes(), dict[str, tuple[str, CallOutcomes]]()
    rows = session.execute(
        select(ChecklistRun, User)
        .join(User, User.id == ChecklistRun.user_id)
        .where(ChecklistRun.team_id == team_id, ChecklistRun.status == "debriefed")
        .order_by(User.slack_id, ChecklistRun.id)
    )
    for run, user in rows:
        outcome = run.outcome or {}
        had, advanced = bool(outcome.get("had_checklist")), bool(outcome.get("advanced"))
        reps.setdefault(user.slack_id, (user.name, CallOutcomes()))[1].add(had, advanced)
        team.add(had, advanced)
    return {
        "team_id": team_id,
        "team": team.as_dict(),
        "reps": [{"slack_id": sid, "name": name, **o.as_dict()} for sid, (name, o) in reps.items()],
    }
