"""Slack's rate limits: a reply refused with 429 arrives once, after Retry-After; a fan-out to 2,000 people keeps
within the limits, waits out 429s and reaches everyone exactly once; the token and secret never reach a log."""

from __future__ import annotations

import logging
import time
from collections import Counter
from datetime import date, datetime, timedelta, timezone
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.slack_response import SlackResponse

from bot.jobs.pacing import RATE_LIMIT_RETRIES, Pacer, pacer, posts_per_second, send
from coach.db import session_scope
from coach.migrate import upgrade
from coach.models import BuddyPair, CheckIn, User, Workspace
from tests.conftest import SECRET, TEAM
from tests.processes import free_port
from tests.slack import MockSlack, SlackUser, text_of

TOKEN = "xoxb-throttling-test-token"
WEDNESDAY_NOON = datetime(2026, 3, 4, 12, 0, tzinfo=timezone.utc)  # the midweek buddy check-in, in UTC
POSTS_PER_SECOND = 150  # the test's pace, so 2,000 posts take seconds; production's default is 2
SLACK_LIMIT = 200  # what the stand-in lets through in any one second


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def test_the_pacer_spaces_posts_in_the_workspace_and_in_each_channel() -> None:
    clock = FakeClock()
    pacer = Pacer(4, clock=clock, sleep=clock.sleep)
    turns = []
    for channel in ("U1", "U2", "U1", "U3", None):
        pacer.wait_turn(channel)
        turns.append(clock.now)
    # a quarter second apart; U1's second message waits for its channel's second, and the others behind it
    assert turns == [0.0, 0.25, 1.0, 1.25, 1.5]


def test_a_429_holds_every_post_for_its_retry_after() -> None:
    clock = FakeClock()
    pacer = Pacer(4, clock=clock, sleep=clock.sleep)
    pacer.wait_turn("U1")
    pacer.pause(3)
    pacer.wait_turn("U2")  # another channel: it waits too
    assert clock.now == 3.0
    with pytest.raises(ValueError):
        Pacer(0)


@pytest.mark.parametrize("setting, rate", [("", 2.0), ("0.5", 0.5), ("40", 40.0), ("0", 2.0), ("fast", 2.0)])
def test_the_pace_setting_falls_back_to_the_default_when_it_is_not_a_positive_number(
    setting: str, rate: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPAR_POSTS_PER_SECOND", setting)
    assert posts_per_second() == rate
    assert pacer("T0PACE").per_second == rate and pacer("T0PACE") is pacer("T0PACE")  # one per workspace


def test_a_reply_refused_twice_with_429_arrives_once_after_the_retry_after(rep: SlackUser, stack: dict) -> None:
    api = stack["slack"].api
    api.throttle("chat.postMessage", times=2, retry_after=1, channel=rep.user_id)
    replies = rep.says("hi", expect=2)
    assert "Here's what we can practise" in text_of(replies[-1])
    time.sleep(2.5)  # long enough for a doubled message to show up

    def mine(calls: list[dict]) -> list[dict]:
        return [c for c in calls if c["body"].get("channel") in (rep.user_id, rep.channel)]

    refused, accepted = mine(api.refused()), mine(api.accepted())
    assert len(refused) == 2 and len(accepted) == 2 and len(rep.replies()) == 2
    assert accepted[0]["body"] == refused[0]["body"] == refused[1]["body"]  # the same message, sent again
    assert refused[1]["at"] - refused[0]["at"] >= 1.0 and accepted[0]["at"] - refused[1]["at"] >= 1.0
    assert [text_of(m) for m in rep.replies()] == [text_of(m) for m in replies]
    for process in stack["processes"]:  # what the bot and the scheduler logged, start to now
        logged = Path(process.log_path).read_text(errors="replace")
        assert "xoxb-test" not in logged and SECRET not in logged, process.name


@pytest.fixture
def scheduler_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[MockSlack, str]:
    """The scheduler's side on its own: an SQLite database and the Web API stand-in on a free port."""
    db_url = f"sqlite:///{tmp_path / 'spar.db'}"
    upgrade(db_url)
    slack = MockSlack(TEAM, free_port())
    for key, value in {
        "DATABASE_URL": db_url,
        "SLACK_API_URL": slack.url,
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SPAR_POSTS_PER_SECOND": str(POSTS_PER_SECOND),
    }.items():
        monkeypatch.setenv(key, value)
    return slack, db_url


def pair_up(db_url: str, pairs: int) -> list[str]:
    """`pairs` active buddy pairs in UTC; their members' Slack ids."""
    ids = [f"U{n:06d}" for n in range(2 * pairs)]
    with session_scope(db_url) as session:
        session.add(Workspace(team_id=TEAM, name="Test workspace"))
        session.flush()  # before its users (no relationship() tells the unit of work the order)
        users = [User(team_id=TEAM, slack_id=i, name=f"Rep {i}", tz="UTC", role="rep") for i in ids]
        session.add_all(users)
        session.flush()
        session.add_all(
            BuddyPair(team_id=TEAM, user_a_id=a.id, user_b_id=b.id, status="active")
            for a, b in zip(users[::2], users[1::2], strict=True)
        )
    return ids


def busiest_second(times: list[float]) -> int:
    """The most of `times` (sorted) within any one second."""
    most, start = 0, 0
    for end, at in enumerate(times):
        while times[start] <= at - 1.0:
            start += 1
        most = max(most, end - start + 1)
    return most


def test_a_fan_out_to_2000_people_keeps_to_the_rate_waits_out_429s_and_reaches_each_once(
    scheduler_env: tuple[MockSlack, str], caplog: pytest.LogCaptureFixture
) -> None:
    from bot.jobs.buddies import post_to_dm

    slack, _ = scheduler_env
    api = slack.api
    ids = [f"U{n:06d}" for n in range(2000)]
    api.rate_limit("chat.postMessage", per_second=SLACK_LIMIT)
    api.throttle("chat.postMessage", times=1, retry_after=1, after=500)
    api.throttle("chat.postMessage", times=2, retry_after=1, after=1400)  # its retry is refused too
    caplog.set_level(logging.DEBUG)  # slack_sdk's request logs included
    started = time.monotonic()
    # What each job's loop does once it has claimed a person: the scheduler's own post, client and pacer.
    post = partial(post_to_dm, TEAM)
    outcomes = Counter(send("check-in", post, i, {"text": f"Your check-in, {i}"}) for i in ids)
    took = time.monotonic() - started
    assert outcomes == {"sent": 2000}

    accepted = api.accepted()
    assert Counter(c["body"]["channel"] for c in accepted) == dict.fromkeys(ids, 1)  # each exactly once
    assert [m["text"] for m in api.messages] == [f"Your check-in, {i}" for i in ids]
    # Only the three injected 429s: the pace never ran into the stand-in's limit.
    assert len(api.refused()) == 3
    times = [c["at"] for c in accepted]
    assert busiest_second(times) <= POSTS_PER_SECOND + 1  # +1: a second's window holds both of its ends
    # Each 429 held the fan-out for its Retry-After: nothing was accepted meanwhile.
    for refused in api.refused():
        assert not [at for at in times if refused["at"] < at < refused["at"] + 1.0]
    assert took >= 2000 / POSTS_PER_SECOND + 2.0  # paced, plus the two pauses (the second: two 429s in a row)
    assert took < 45
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "rate-limited chat.postMessage" in logged
    assert TOKEN not in logged and SECRET not in logged


def test_the_check_in_job_waits_out_a_429_and_reaches_each_buddy_once(
    scheduler_env: tuple[MockSlack, str], caplog: pytest.LogCaptureFixture
) -> None:
    from bot.jobs import buddies as buddy_jobs

    slack, db_url = scheduler_env
    ids = pair_up(db_url, 50)
    slack.api.rate_limit("chat.postMessage", per_second=SLACK_LIMIT)
    slack.api.throttle("chat.postMessage", times=1, retry_after=1, after=40)
    caplog.set_level(logging.DEBUG)
    assert buddy_jobs.send_buddy_checkins(WEDNESDAY_NOON) == 100
    assert buddy_jobs.send_buddy_checkins(WEDNESDAY_NOON + timedelta(minutes=5)) == 0  # nothing twice
    assert Counter(c["body"]["channel"] for c in slack.api.accepted()) == dict.fromkeys(ids, 1)
    assert all("Midweek buddy check-in" in text_of(m) for m in slack.api.messages)
    assert len(slack.api.refused()) == 1
    with session_scope(db_url) as session:
        assert session.query(CheckIn).count() == 100
    assert TOKEN not in caplog.text and SECRET not in caplog.text


def test_a_check_in_slack_keeps_refusing_is_released_and_sent_by_the_next_run(
    scheduler_env: tuple[MockSlack, str], caplog: pytest.LogCaptureFixture
) -> None:
    from bot.jobs import buddies as buddy_jobs

    slack, db_url = scheduler_env
    ids = pair_up(db_url, 2)
    # Retry-After 0 keeps the test quick; one more refusal than the client retries.
    slack.api.throttle("chat.postMessage", times=RATE_LIMIT_RETRIES + 1, retry_after=0, channel=ids[1])
    assert buddy_jobs.send_buddy_checkins(WEDNESDAY_NOON) == 3
    assert "buddy check-in to U000001 not delivered" in caplog.text
    with session_scope(db_url) as session:
        assert session.query(CheckIn).count() == 3  # the refused one is not counted as sent (nor later as missed)
    assert buddy_jobs.send_buddy_checkins(WEDNESDAY_NOON + timedelta(minutes=5)) == 1
    per_person = Counter(c["body"]["channel"] for c in slack.api.accepted())
    assert per_person == dict.fromkeys(ids, 1)
    assert TOKEN not in caplog.text and SECRET not in caplog.text


def test_a_digest_refused_for_the_rate_limit_is_released_and_any_other_failure_is_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.jobs import digests as digest_jobs

    db_url = f"sqlite:///{tmp_path / 'spar.db'}"
    upgrade(db_url)
    monkeypatch.setenv("DATABASE_URL", db_url)
    with session_scope(db_url) as session:
        session.add(Workspace(team_id=TEAM, name="Test workspace"))
        session.flush()  # before its users (no relationship() tells the unit of work the order)
        bosses = [User(team_id=TEAM, slack_id=f"M{n}", name=f"Boss {n}", role="manager") for n in range(3)]
        session.add_all(bosses)
        session.flush()
        session.add_all(
            User(team_id=TEAM, slack_id=f"R{n}", name=f"Rep {n}", manager_id=b.id) for n, b in enumerate(bosses)
        )
    refusals = {"M0": "ratelimited", "M1": "channel_not_found"}  # M0: Slack's rate limit; M1: another failure
    posted: list[str] = []

    def post(slack_id: str, message: dict[str, Any]) -> None:
        error = refusals.pop(slack_id, None)
        if error:
            response = SlackResponse(
                client=None,
                http_verb="POST",
                api_url="https://slack.com/api/chat.postMessage",
                req_args={},
                data={"ok": False, "error": error},
                headers={"Retry-After": "1"} if error == "ratelimited" else {},
                status_code=429 if error == "ratelimited" else 200,
            )
            raise SlackApiError(error, response)
        posted.append(slack_id)

    monday = datetime(2026, 3, 9, 8, 0, tzinfo=timezone.utc)
    assert digest_jobs.send_weekly_digests(monday, post) == 1
    assert digest_jobs.send_weekly_digests(monday + timedelta(minutes=5), post) == 1
    assert digest_jobs.send_weekly_digests(monday + timedelta(minutes=10), post) == 0
    assert posted == ["M2", "M0"]  # M0 on the next run; M1's stays claimed: lost rather than maybe doubled
    with session_scope(db_url) as session:
        sent_on = {u.slack_id: u.last_digest_on for u in session.query(User).filter(User.role == "manager")}
    assert sent_on == dict.fromkeys(["M0", "M1", "M2"], date(2026, 3, 9))
