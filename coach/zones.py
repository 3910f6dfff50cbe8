"""Time zones by name, each read from disk once a process.

`ZoneInfo` itself keeps the last eight zones it made: a team spread over more than eight time zones had each rep's
zone read from disk again (and most of a summary of thousands of reps went on it).
"""

from __future__ import annotations

from functools import cache
from zoneinfo import ZoneInfo


@cache  # a few hundred zones at most, each valid (as stored: `coach.people.valid_timezone`)
def zone(name: str | None) -> ZoneInfo:
    """The zone of this name; UTC for none."""
    return ZoneInfo(name or "UTC")
