"""Which weekdays are practice days: the rep's own choice, else the workspace's, else Monday to Friday."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from sqlalchemy.orm import Session

from coach.models import Person, User, Workspace

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT_DAYS = "12345"


def practice_weekdays(session: Session, user: User) -> frozenset[int]:
    """ISO weekday numbers (1 = Monday) on which a missed day breaks this rep's streak."""
    return weekdays_of(session, [user])[user.id]


def weekdays_of(session: Session, users: Sequence[Person]) -> dict[int, frozenset[int]]:
    """`practice_weekdays` by user id, each workspace read once."""
    workspaces = {team_id: session.get(Workspace, team_id) for team_id in {user.team_id for user in users}}
    defaults = {team_id: workspace.practice_days if workspace else None for team_id, workspace in workspaces.items()}
    return {user.id: _weekdays(user.practice_days or defaults[user.team_id]) for user in users}


@cache
def _weekdays(days: str | None) -> frozenset[int]:
    return frozenset(int(d) for d in days or DEFAULT_DAYS)


DAY_WORD = re.compile(r"\b(mon|tue|wed|thu|fri|sat|sun)(?:(?:s|nes|rs|ur)?days?|s)?\b|\b(tues|thur|thurs)\b")
RANGE = re.compile(r"^\s*(?:-|–|to|through|until|thru)\s*$")


def read_practice_days(text: str) -> str | None:
    """ "mon-thu", "Monday to Saturday" or "mon wed fri" as ISO digits ("1234"); None when no day is named."""
    lowered = text.lower()
    found = list(DAY_WORD.finditer(lowered))
    days: set[int] = set()
    for i, match in enumerate(found):
        day = DAY_NAMES.index((match.group(1) or match.group(2))[:3]) + 1
        days.add(day)
        if i and RANGE.match(lowered[found[i - 1].end() : match.start()]):
            first = DAY_NAMES.index((found[i - 1].group(1) or found[i - 1].group(2))[:3]) + 1
            days.update(range(first, day + 1) if first <= day else [*range(first, 8), *range(1, day + 1)])
    return "".join(str(d) for d in sorted(days)) or None
