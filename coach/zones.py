"""Time zones by name, each read from disk once a process.

`ZoneInfo` itself keeps the last eight zones it made: a team spread over more than eight time zones had each rep's
zone read from disk again (and most of a summary of thousands of reps went on it).
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from functools import cache
from zoneinfo import ZoneInfo


@cache  # a few hundred zones at most, each valid (as stored: `coach.people.valid_timezone`)
def zone(name: str | None) -> ZoneInfo:
    """The zone of this name; UTC for none."""
    return ZoneInfo(name or "UTC")


def as_utc(moment: datetime) -> datetime:
    """A stored moment, aware: SQLite hands datetimes back naive, and they were stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def local_date(moment: datetime, tz: ZoneInfo) -> date:
    """The day a stored moment falls on in `tz`."""
    return as_utc(moment).astimezone(tz).date()
