"""The rep's practice settings in their own words: the streak reminder's time, their practice days, the time of the
daily micro-drill. Readers only; `coach.practice.handlers` stores what they read."""

from __future__ import annotations

import re
from dataclasses import dataclass

from coach.practice.practice_days import read_practice_days

CLOCK_TIME = re.compile(r"\bat (\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?\b", re.IGNORECASE)
HH_MM = re.compile(r"([01]\d|2[0-3]):[0-5]\d")
ISO_DAYS = re.compile(r"1?2?3?4?5?6?7?")
REMIND = re.compile(r"\bremind", re.IGNORECASE)
DAYS = re.compile(r"\bdays\b", re.IGNORECASE)


def clock_time(text: str) -> str | None:
    """ "at 8:30", "at 5pm" as "HH:MM"; None when no time is named; ValueError for one that can't be (at 25)."""
    asked = CLOCK_TIME.search(text)
    if asked is None:
        return None
    hour, minute, half = int(asked.group(1)), int(asked.group(2) or 0), (asked.group(3) or "").lower()
    if half:  # 12am is midnight, 12pm noon
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        raise ValueError(asked.group(0))
    return f"{hour:02d}:{minute:02d}"


def read_practice_time(text: str) -> str | None:
    """The time a rep names ("at 8:30") as "HH:MM"; "" for one that can't be ("at 25"); None when none is named."""
    try:
        return clock_time(text)
    except ValueError:
        return ""


@dataclass(frozen=True)
class StreakSettings:
    """What a streak request changes: None where it changes nothing; a reminder asked for at a time that can't be
    read is ""."""

    remind_at: str | None = None  # "HH:MM", the rep's time
    practice_days: str | None = None  # ISO weekday digits, "12345"


def read_streak_settings(text: str) -> StreakSettings:
    """ "remind at 5pm" sets the reminder, "days mon-sat" the practice days; anything else asks for the streak."""
    if REMIND.search(text):
        return StreakSettings(remind_at=read_practice_time(text) or "")
    days = read_practice_days(text) if DAYS.search(text) else None
    return StreakSettings(practice_days=days) if days else StreakSettings()


def valid_time(at: str) -> bool:
    """Whether `at` is a time of day as the readers give it, "HH:MM" (an entity may have been typed by hand)."""
    return bool(HH_MM.fullmatch(at))


def valid_days(days: str) -> bool:
    """Whether `days` are practice days as the readers give them: ISO weekday digits in order, "135"."""
    return bool(days) and bool(ISO_DAYS.fullmatch(days))
