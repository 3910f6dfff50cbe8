"""Reading the account and start time of a real call from a rep's message, across time zones and clock changes."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from coach.precall.calltime import CallMention, read_call_mention

NEW_YORK = "America/New_York"
BERLIN = "Europe/Berlin"
KOLKATA = "Asia/Kolkata"

# Saturday 7 March 2026, 10:00 EST: New York's clocks spring forward at 2:00 the next morning.
SATURDAY_NY = datetime(2026, 3, 7, 10, 0, tzinfo=ZoneInfo(NEW_YORK))
# Saturday 24 October 2026, 10:00 CEST: Berlin's clocks fall back at 3:00 the next morning.
SATURDAY_BERLIN = datetime(2026, 10, 24, 10, 0, tzinfo=ZoneInfo(BERLIN))
# Wednesday 4 March 2026, 10:00 IST (UTC+5:30).
WEDNESDAY_KOLKATA = datetime(2026, 3, 4, 10, 0, tzinfo=ZoneInfo(KOLKATA))


def utc(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=timezone.utc)


def starts(text: str, now: datetime, tz: str) -> datetime | None:
    return read_call_mention(text, now, tz).starts_at


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I've got a call with Northwind at 3pm", utc(3, 7, 20)),
        ("call at 3", utc(3, 7, 20)),
        ("call at 15:00", utc(3, 7, 20)),
        ("call at 3:30 pm", utc(3, 7, 20, 30)),
        ("today at noon", utc(3, 7, 17)),
        ("in 2 hours", utc(3, 7, 17)),
        ("in 45 minutes", utc(3, 7, 15, 45)),
        ("in an hour", utc(3, 7, 16)),
        # Sunday 8 March is EDT (UTC-4): 9:00 EDT is 13:00 UTC.
        ("tomorrow at 9", utc(3, 8, 13)),
        ("/spar precall Acme tomorrow 9:30", utc(3, 8, 13, 30)),
        ("3pm tomorrow", utc(3, 8, 19)),
        ("on Friday at 10", utc(3, 13, 14)),
        ("Friday 2pm", utc(3, 13, 18)),
        ("next Tuesday at 11am", utc(3, 10, 15)),
        ("tonight at 8", utc(3, 8, 1)),
    ],
)
def test_new_york_rep_the_day_before_clocks_spring_forward(text: str, expected: datetime) -> None:
    assert starts(text, SATURDAY_NY, NEW_YORK) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("call with Northwind at 3pm", utc(10, 24, 13)),
        ("at 3", utc(10, 24, 13)),
        ("at 15:00", utc(10, 24, 13)),
        ("at 3:30 pm", utc(10, 24, 13, 30)),
        ("today at noon", utc(10, 24, 10)),
        ("in 2 hours", utc(10, 24, 10)),
        # Sunday 25 October is CET (UTC+1) again.
        ("tomorrow at 9", utc(10, 25, 8)),
        ("tomorrow 9:30", utc(10, 25, 8, 30)),
        ("3pm tomorrow", utc(10, 25, 14)),
        ("on Friday at 10", utc(10, 30, 9)),
        ("Friday 2pm", utc(10, 30, 13)),
        ("next Tuesday at 11am", utc(10, 27, 10)),
    ],
)
def test_berlin_rep_the_day_before_clocks_fall_back(text: str, expected: datetime) -> None:
    assert starts(text, SATURDAY_BERLIN, BERLIN) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("at 3pm", utc(3, 4, 9, 30)),
        ("at 3", utc(3, 4, 9, 30)),
        ("tomorrow 9:30", utc(3, 5, 4)),
        ("Friday 2pm", utc(3, 6, 8, 30)),
        ("in 45 minutes", utc(3, 4, 5, 15)),
    ],
)
def test_kolkata_rep_on_a_half_hour_offset(text: str, expected: datetime) -> None:
    assert starts(text, WEDNESDAY_KOLKATA, KOLKATA) == expected


def test_now_may_be_given_in_any_zone() -> None:
    in_utc = SATURDAY_NY.astimezone(timezone.utc)
    in_tokyo = SATURDAY_NY.astimezone(ZoneInfo("Asia/Tokyo"))
    assert starts("tomorrow at 9", in_utc, NEW_YORK) == starts("tomorrow at 9", in_tokyo, NEW_YORK) == utc(3, 8, 13)


def test_starts_at_is_in_utc() -> None:
    mention = read_call_mention("tomorrow at 9", SATURDAY_BERLIN, BERLIN)
    assert mention.starts_at is not None and mention.starts_at.tzinfo is timezone.utc


def test_in_two_hours_is_two_real_hours_across_spring_forward() -> None:
    one_thirty_est = datetime(2026, 3, 8, 1, 30, tzinfo=ZoneInfo(NEW_YORK))  # 06:30 UTC
    starts_at = starts("in 2 hours", one_thirty_est, NEW_YORK)
    assert starts_at == utc(3, 8, 8, 30)
    assert starts_at.astimezone(ZoneInfo(NEW_YORK)).hour == 4  # the wall clock skipped 2:00-3:00


def test_in_two_hours_is_two_real_hours_across_fall_back() -> None:
    one_thirty_cest = datetime(2026, 10, 25, 1, 30, tzinfo=ZoneInfo(BERLIN))  # 23:30 UTC the day before
    starts_at = starts("in 2 hours", one_thirty_cest, BERLIN)
    assert starts_at == utc(10, 25, 1, 30)
    assert starts_at.astimezone(ZoneInfo(BERLIN)).hour == 2  # 2:30 CET, the second 2:30 of the night


def test_a_time_in_the_spring_forward_gap_uses_the_offset_before_the_change() -> None:
    # 2:30 doesn't exist in New York on 8 March; fold=0 reads it as 2:30 EST, which is 3:30 EDT.
    assert starts("tomorrow at 2:30am", SATURDAY_NY, NEW_YORK) == utc(3, 8, 7, 30)


def test_an_ambiguous_time_when_clocks_fall_back_is_the_first_one() -> None:
    # 2:30 happens twice in Berlin on 25 October; fold=0 picks the first, 2:30 CEST.
    assert starts("tomorrow at 2:30am", SATURDAY_BERLIN, BERLIN) == utc(10, 25, 0, 30)


@pytest.mark.parametrize(
    ("local_now", "expected"),
    [
        ((15, 20), utc(3, 4, 20)),  # 20 minutes late: still today's call
        ((15, 30), utc(3, 4, 20)),  # exactly 30 minutes late: still today
        ((15, 31), utc(3, 5, 20)),  # more than 30 minutes ago: tomorrow
        ((16, 0), utc(3, 5, 20)),
        ((9, 0), utc(3, 4, 20)),
    ],
)
def test_a_bare_hour_that_has_passed_means_tomorrow(local_now: tuple[int, int], expected: datetime) -> None:
    now = datetime(2026, 3, 4, *local_now, tzinfo=ZoneInfo(NEW_YORK))
    assert starts("call with Acme at 3", now, NEW_YORK) == expected


def test_a_passed_time_with_am_pm_also_rolls_to_tomorrow_but_today_stays_today() -> None:
    four_pm = datetime(2026, 3, 4, 16, 0, tzinfo=ZoneInfo(NEW_YORK))
    assert starts("at 9am", four_pm, NEW_YORK) == utc(3, 5, 14)
    assert starts("today at noon", four_pm, NEW_YORK) == utc(3, 4, 17)


@pytest.mark.parametrize(
    ("bare", "hour"),
    [("at 1", 13), ("at 7", 19), ("at 8", 8), ("at 11", 11), ("at 12", 12), ("at 07:00", 7), ("at 0:15", 0)],
)
def test_bare_hours_are_read_as_working_hours(bare: str, hour: int) -> None:
    midnight = datetime(2026, 3, 4, 0, 0, tzinfo=ZoneInfo(BERLIN))
    starts_at = starts(bare, midnight, BERLIN)
    assert starts_at is not None and starts_at.astimezone(ZoneInfo(BERLIN)).hour == hour


@pytest.mark.parametrize(
    ("text", "local_now", "expected"),
    [
        ("on Friday at 10", (13, 9), utc(3, 13, 14)),  # Friday 9:00: the call is still ahead, so today
        ("on Friday at 10", (13, 11), utc(3, 20, 14)),  # Friday 11:00: it has passed, so next week
        ("next Friday at 10", (13, 9), utc(3, 20, 14)),  # "next" never means today
        ("Friday 2pm", (14, 9), utc(3, 20, 18)),  # Saturday: six days on
        ("Monday 9am", (14, 9), utc(3, 16, 13)),
    ],
)
def test_weekdays_roll_over(text: str, local_now: tuple[int, int], expected: datetime) -> None:
    now = datetime(2026, 3, local_now[0], local_now[1], 0, tzinfo=ZoneInfo(NEW_YORK))
    assert starts(text, now, NEW_YORK) == expected


def test_tomorrow_crosses_the_year_end() -> None:
    new_years_eve = datetime(2026, 12, 31, 18, 0, tzinfo=ZoneInfo(BERLIN))
    assert starts("tomorrow at 10", new_years_eve, BERLIN) == datetime(2027, 1, 1, 9, 0, tzinfo=timezone.utc)


def test_the_whole_mention() -> None:
    mention = read_call_mention("/spar precall Acme tomorrow 9:30", SATURDAY_NY, NEW_YORK)
    assert mention == CallMention(account="Acme", starts_at=utc(3, 8, 13, 30), time_text="tomorrow 9:30")


@pytest.mark.parametrize(
    ("text", "time_text"),
    [
        ("I've got a call with Northwind at 3pm", "at 3pm"),
        ("a call on Friday at 10 with Initech", "on Friday at 10"),
        ("Globex, 3pm tomorrow", "3pm tomorrow"),
        ("call with Hooli in 45 minutes!", "in 45 minutes"),
    ],
)
def test_time_text_is_the_words_that_gave_the_time(text: str, time_text: str) -> None:
    assert read_call_mention(text, SATURDAY_NY, NEW_YORK).time_text == time_text


@pytest.mark.parametrize(
    "text",
    ["call with Acme", "precall Globex Health", "I have 2 calls with Initech, wish me luck", "/spar precall"],
)
def test_no_time_gives_no_start(text: str) -> None:
    mention = read_call_mention(text, SATURDAY_NY, NEW_YORK)
    assert mention.starts_at is None and mention.time_text is None


@pytest.mark.parametrize(
    ("text", "account"),
    [
        ("I've got a call with Northwind at 3pm", "Northwind"),
        ("/spar precall Acme tomorrow 9:30", "Acme"),
        ("/spar precall Acme Corp at 3", "Acme Corp"),
        ("precall Initech on Friday at 10", "Initech"),
        ("a call with the CFO of Globex Health at 2pm", "Globex Health"),
        ("call with their VP of Sales at Globex tomorrow at 9", "Globex"),
        ("meeting with the head of procurement at Initech in 2 hours", "Initech"),
        ("meeting with Umbrella today at noon", "Umbrella"),
        ("call with northwind at 3", "Northwind"),
        ("precall globex health friday 2pm", "Globex Health"),
        ("prepping for Hooli, call at 4", "Hooli"),
        ("demo at Initech next Tuesday at 11am", "Initech"),
        ("call with Jane from Acme at 4", "Acme"),
        ("call with the Northwind team at 3", "Northwind"),
        ("call with Bank of America at 10:30", "Bank of America"),
        ("call with AT&T in an hour", "AT&T"),
        ("sync w/ Acme at 3", "Acme"),
        ("  call with   Globex Health   3pm tomorrow", "Globex Health"),
    ],
)
def test_account(text: str, account: str) -> None:
    assert read_call_mention(text, SATURDAY_NY, NEW_YORK).account == account


@pytest.mark.parametrize(
    "text",
    [
        "I've got a call at 3",
        "call tomorrow at 9",
        "call with them at 3",
        "prep for my call in 2 hours",
        "call with the team on Friday at 10",
        "",
    ],
)
def test_no_account(text: str) -> None:
    assert read_call_mention(text, SATURDAY_NY, NEW_YORK).account is None


@pytest.mark.parametrize("tz", ["Mars/Olympus_Mons", "New York", "", "../etc/passwd"])
def test_an_invalid_time_zone_is_a_clear_error(tz: str) -> None:
    with pytest.raises(ValueError, match="unknown time zone"):
        read_call_mention("call with Acme at 3", SATURDAY_NY, tz)


def test_a_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        read_call_mention("call with Acme at 3", datetime(2026, 3, 7, 10, 0), NEW_YORK)
