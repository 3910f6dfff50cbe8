"""Read the account and the start time of a real call from a rep's message, in the rep's own time zone.

Regular expressions rather than spaCy: the phrasings are few and fixed, and a pattern per phrasing reads
more plainly than a Matcher over a blank pipeline.

Wall-clock times are built with `datetime(..., tzinfo=ZoneInfo(tz))` (fold=0) and then converted to UTC.
So a time inside the spring-forward gap (2:30 on the night New York skips from 2:00 to 3:00) is read with
the offset from before the change (2:30 EST, which is 3:30 EDT), and a time that happens twice when the
clocks fall back (2:30 on the night Berlin goes from 3:00 back to 2:00) is the first of the two (CEST).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# A time without a day that passed less than this long ago is a call running late, not tomorrow's call.
LATE_GRACE = timedelta(minutes=30)
# "in 9999999999 hours" names no call: past this, the words are not read as a time (and no date overflows).
FURTHEST_AHEAD = timedelta(days=366)

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_DAY = rf"(?P<day>today|tonight|tomorrow|tmrw|(?:(?P<next>next|this)\s+)?(?P<weekday>{'|'.join(WEEKDAYS)}))"
_CLOCK = (
    r"(?P<at>(?:at|@)\s*)?"
    r"(?:(?P<noon>noon|midday)"
    r"|(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?(?:\s*(?P<ampm>[ap])\.?m\b\.?)?)"
)
_DAY_THEN_CLOCK = re.compile(rf"(?<!\w)(?:on\s+)?{_DAY},?\s+{_CLOCK}(?!\w)", re.IGNORECASE)
_CLOCK_THEN_DAY = re.compile(rf"(?<!\w){_CLOCK},?\s+(?:on\s+)?{_DAY}(?!\w)", re.IGNORECASE)
_CLOCK_ALONE = re.compile(rf"(?<!\w){_CLOCK}(?!\w)", re.IGNORECASE)
_IN_A_WHILE = re.compile(
    r"(?<!\w)in\s+(?:(?P<half>half\s+an?)|(?P<amount>\d+(?:\.\d+)?|an?|one))\s+"
    r"(?P<unit>hours?|hrs?|minutes?|mins?)(?!\w)",
    re.IGNORECASE,
)

# Where an account name starts: the precall command, then "with", "for", "at" (most to least telling).
_PRECALL = re.compile(r"(?:^|\s)(?:/spar\s+)?precall\s+", re.IGNORECASE)
_WITH = re.compile(r"(?<!\w)(?:with\s+|w/\s*)", re.IGNORECASE)
_FOR = re.compile(r"(?<!\w)for\s+", re.IGNORECASE)
_AT = re.compile(r"(?<!\w)at\s+", re.IGNORECASE)

_ROLES = (
    r"ceo|cfo|cto|coo|cio|cro|cmo|ciso|cpo|vp|svp|evp|avp|head|director|manager|founder|co-?founder|owner|"
    r"president|chief\s+\w+\s+officer|buyer|lead|champion|contact|team|folks|people"
)
_DEPARTMENTS = (
    r"sales|marketing|finance|engineering|it|procurement|purchasing|operations|ops|product|hr|people|"
    r"revenue|technology|security|data|legal|growth|partnerships|customer\s+success"
)
# "the CFO of", "their VP of Sales at", "the procurement lead at": the person, not the account.
_ROLE_PREFIX = re.compile(
    r"\s*(?:(?:the|their|our|my|his|her|an?)\s+)?(?:[\w&-]+\s+){0,2}?"
    rf"(?:{_ROLES})(?:\s+(?:of\s+)?(?:{_DEPARTMENTS}))?\s+(?:of|at|from)\s+",
    re.IGNORECASE,
)
# Punctuation ends a name, except inside one ("AT&T", "O'Reilly", "Booking.com", "Coca-Cola").
_NAME_END = re.compile(r"[^\w\s&'.-]|\.(?!\w)")
_TIMEISH = re.compile(r"\d{1,2}(?:[:.]\d{2})?(?:[ap]\.?m\.?)?", re.IGNORECASE)
_STOP_WORDS = frozenset(
    {"today", "tonight", "tomorrow", "tmrw", "yesterday", "next", "this", "morning", "afternoon", "evening"}
    | {"noon", "midday", "midnight", "am", "pm", "later", "soon", "asap", "around", "about", "re", "regarding"}
    | {"on", "at", "in", "for", "from", "to", "with", "by", "and", "or", "is", "was", "will", "who", "that"}
    | {"call", "meeting", "demo", "sync", "chat", "catch-up", "intro", "discovery", "pitch", "review", "team"}
    | set(WEEKDAYS)
)
# Lowercase words after "with" that are people or filler, never an account ("a call with them at 3").
_NOT_NAMES = frozenset(
    {"the", "a", "an", "my", "our", "their", "his", "her", "your", "them", "him", "me", "us", "you", "it"}
    | {"someone", "somebody", "everyone", "some", "one", "new", "potential", "prospect", "prospects"}
    | {"client", "clients", "customer", "customers", "boss", "manager", "team", "buyer", "lead"}
)
_SUFFIXES = frozenset({"inc", "corp", "co", "ltd", "llc", "plc", "gmbh", "ag", "sa", "bv", "group", "labs"})


@dataclass(frozen=True)
class CallMention:
    account: str | None
    starts_at: datetime | None
    time_text: str | None


def read_call_mention(text: str, now: datetime, tz: str) -> CallMention:
    """The account and start of the call a rep mentions; `now` is timezone-aware, `tz` the rep's IANA zone.

    `starts_at` is in UTC. A time with no day that passed more than 30 minutes ago means tomorrow; a weekday
    that is today means today if the time is still ahead, else next week. Raises ValueError for an unknown zone
    or a naive `now`.
    """
    zone = _zone(tz)
    if now.utcoffset() is None:
        raise ValueError("`now` must be timezone-aware, e.g. datetime.now(timezone.utc)")
    starts_at, time_text = _read_time(text, now, zone)
    return CallMention(account=read_account(text), starts_at=starts_at, time_text=time_text)


def read_account(text: str) -> str | None:
    """The company the call is with, as typed (all-lowercase names title-cased), or None."""
    for trigger, lowercase_ok in ((_PRECALL, True), (_WITH, True), (_FOR, False), (_AT, False)):
        for match in trigger.finditer(text):
            name = _name_at(text[match.end() :], lowercase_ok)
            if name:
                return name
    return None


def _zone(tz: str) -> ZoneInfo:
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {tz!r}: expected an IANA name such as 'America/New_York'") from None


def _read_time(text: str, now: datetime, zone: ZoneInfo) -> tuple[datetime | None, str | None]:
    now_utc = now.astimezone(timezone.utc)
    relative = _IN_A_WHILE.search(text)
    ahead = _duration(relative) if relative else None
    if relative and ahead is not None:
        # Real elapsed time: add to UTC, since adding to a zoned datetime moves the wall clock instead.
        return now_utc + ahead, relative.group(0)
    # Only "tomorrow 9" and "Friday 10" make a bare number a time without "at"; "2 tomorrow" could be a count.
    for pattern, bare_ok in ((_DAY_THEN_CLOCK, True), (_CLOCK_THEN_DAY, False), (_CLOCK_ALONE, False)):
        for match in pattern.finditer(text):
            starts_at = _resolve(match, now_utc, zone, bare_ok)
            if starts_at:
                return starts_at, match.group(0).strip()
    return None, None


def _duration(match: re.Match[str]) -> timedelta | None:
    amount = 0.5 if match["half"] else _amount(match["amount"])
    hours = amount if match["unit"].lower().startswith("h") else amount / 60
    return timedelta(hours=hours) if hours <= FURTHEST_AHEAD / timedelta(hours=1) else None


def _amount(word: str) -> float:
    return 1.0 if word.lower() in ("a", "an", "one") else float(word)


def _resolve(match: re.Match[str], now_utc: datetime, zone: ZoneInfo, bare_ok: bool) -> datetime | None:
    groups = match.groupdict()
    day = (groups.get("day") or "").lower()
    # A bare number is only a time after "at", beside a day ("tomorrow 9"), or with minutes or am/pm.
    if groups["hour"] and not (groups["at"] or groups["minute"] or groups["ampm"] or bare_ok):
        return None
    clock = _clock(groups, tonight=day == "tonight")
    if clock is None:
        return None
    hour, minute = clock
    today = now_utc.astimezone(zone).date()

    def at(on: date) -> datetime:
        return datetime(on.year, on.month, on.day, hour, minute, tzinfo=zone).astimezone(timezone.utc)

    if day in ("today", "tonight"):
        return at(today)
    if day in ("tomorrow", "tmrw"):
        return at(today + timedelta(days=1))
    if day:
        ahead = (WEEKDAYS.index(groups["weekday"].lower()) - today.weekday()) % 7
        if ahead == 0 and ((groups["next"] or "").lower() == "next" or at(today) < now_utc):
            ahead = 7
        return at(today + timedelta(days=ahead))
    if at(today) < now_utc - LATE_GRACE:
        return at(today + timedelta(days=1))
    return at(today)


def _clock(groups: dict[str, str | None], tonight: bool) -> tuple[int, int] | None:
    """Hour and minute on a 24-hour clock, or None if the numbers can't be a time."""
    if groups["noon"]:
        return 12, 0
    hour_text = groups["hour"] or ""
    hour, minute = int(hour_text), int(groups["minute"] or 0)
    ampm = (groups["ampm"] or "").lower()
    if minute > 59:
        return None
    if ampm:
        if not 1 <= hour <= 12:
            return None
        return hour % 12 + (12 if ampm == "p" else 0), minute
    if hour > 23:
        return None
    if hour == 0 or hour >= 12 or hour_text.startswith("0"):
        return hour, minute  # "at 15:00", "at 09:30": already a 24-hour clock
    # Calls happen in working hours: "at 3" is 3pm, "at 9" is 9am.
    if tonight or hour <= 7:
        return hour + 12, minute
    return hour, minute


def _name_at(rest: str, lowercase_ok: bool) -> str | None:
    """The company name at the start of `rest`, skipping a role such as "the CFO of" when a name follows it."""
    role = _ROLE_PREFIX.match(rest)
    after_role = _plain_name(rest[role.end() :], lowercase_ok) if role else None
    return after_role or _plain_name(rest, lowercase_ok)


def _plain_name(rest: str, lowercase_ok: bool) -> str | None:
    words = _NAME_END.split(rest, maxsplit=1)[0].split()
    if len(words) > 1 and words[0] == "the" and words[1][0].isupper():
        words = words[1:]  # "with the Northwind team": the name, not a person
    if not words or words[0].lower() in _STOP_WORDS or _TIMEISH.fullmatch(words[0]):
        return None
    capitalised = words[0][0].isupper() or words[0][0].isdigit()
    if not capitalised and (not lowercase_ok or words[0] in _NOT_NAMES):
        return None
    name: list[str] = []
    index = 0
    for index, word in enumerate(words):
        low = word.lower()
        if low in _STOP_WORDS or _TIMEISH.fullmatch(word) or len(name) == 5:
            break
        if capitalised and not (word[0].isupper() or word[0].isdigit()):
            # "Bank of America", "Procter & Gamble", "Acme corp": lowercase only inside or closing a name.
            joins = low in ("of", "&") and index + 1 < len(words) and words[index + 1][0].isupper()
            if not (joins or low in _SUFFIXES):
                break
        name.append(word)
    else:
        index = len(words)
    # "with Jane from Acme", "with Jane at Acme": the first name was a person, the account follows.
    if index + 1 < len(words) and words[index].lower() in ("from", "at") and words[index + 1][0].isupper():
        later = _name_at(" ".join(words[index + 1 :]), lowercase_ok=False)
        if later:
            return later
    if not name:
        return None
    typed = " ".join(name)
    return typed.title() if typed.islower() else typed
