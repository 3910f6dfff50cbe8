"""The relay posts each reply as Rasa streams it; a turn that fails in Rasa after a reply is apologised for, never
replayed (the user has seen part of its answer); one that fails before any reply is played again once; none is left
without an answer."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from bot import relay, slack_connections
from bot.rasa_client import RasaTurnFailed
from coach.db import DatabaseUnreachable
from tests.processes import free_port
from tests.slack import MockSlack, text_of

TEAM = "T0STREAM"


class RasaFailingAfter:
    """A Rasa that streams `replies`, then says the turn failed."""

    def __init__(self, replies: list[str]) -> None:
        self.replies = replies

    async def actions_up(self) -> bool:
        return True

    async def send(self, sender_id: str, text: str) -> AsyncIterator[dict[str, Any]]:
        for reply in self.replies:
            yield {"recipient_id": sender_id, "text": reply}
        raise RasaTurnFailed("the dialogue failed on this message")


@pytest.fixture
def slack() -> MockSlack:
    return MockSlack(TEAM, free_port())


def answer_with(
    slack: MockSlack, rasa: RasaFailingAfter, monkeypatch: pytest.MonkeyPatch, failed_before: int = 0
) -> dict[str, Any]:
    """Answer one message; `failed_before`: how many times the dialogue had already failed on it."""
    user_id = "U0STREAM1"
    delivery = relay.Delivery(TEAM, user_id, "What's driving the project?", "message", "Ev1", "D0STREAM1", user_id)
    held: list[relay.Delivery] = []
    marked: list[relay.Delivery] = []
    monkeypatch.setattr(relay, "_turn_of", lambda _delivery: (False, False, True))  # the user's turn, a known user
    monkeypatch.setattr(relay, "_hold", held.append)
    monkeypatch.setattr(relay, "_mark_answered", marked.append)
    monkeypatch.setattr(relay, "_first_failure", lambda _delivery: failed_before == 0)

    async def known(*_args: object, **_kwargs: object) -> None:  # a replay looks the user up: known already
        return None

    monkeypatch.setattr(relay, "learn_user", known)

    async def answer() -> bool:
        try:
            client = AsyncWebClient(token="xoxb-test", base_url=slack.url)
            return await relay.answer(delivery, client, rasa, replaying=bool(failed_before))  # type: ignore[arg-type]
        finally:
            await slack_connections.close()

    answered = asyncio.run(answer())
    return {
        "answered": answered,
        "seen": [text_of(m) for m in slack.api.posts_to(user_id)],
        "held": held,
        "marked": [d.delivery_id for d in marked],
    }


def test_a_turn_that_fails_after_a_reply_keeps_the_reply_and_apologises(
    slack: MockSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    outcome = answer_with(slack, RasaFailingAfter(["Dana: Fair question. Go on."]), monkeypatch)
    assert outcome["seen"] == ["Dana: Fair question. Go on.", relay.SORRY]
    assert outcome["held"] == [] and outcome["marked"] == ["Ev1"]  # not replayed: the reply would come twice
    assert outcome["answered"]  # the replay loop goes on to the next message


def test_a_turn_that_fails_before_any_reply_is_played_again_once(
    slack: MockSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    outcome = answer_with(slack, RasaFailingAfter([]), monkeypatch)
    assert outcome["seen"] == [relay.MOMENT]  # kept, to be played again once Rasa can answer
    assert [d.delivery_id for d in outcome["held"]] == ["Ev1"] and outcome["marked"] == []
    assert not outcome["answered"]
    again = answer_with(slack, RasaFailingAfter([]), monkeypatch, failed_before=1)  # the replay fails too
    assert again["seen"] == [relay.MOMENT, relay.SORRY]
    assert again["held"] == [] and again["marked"] == ["Ev1"]


class RasaSaying:
    """A Rasa that streams one reply, as the dialogue gives it."""

    def __init__(self, reply: dict[str, Any]) -> None:
        self.reply = reply

    async def actions_up(self) -> bool:
        return True

    async def send(self, sender_id: str, text: str) -> AsyncIterator[dict[str, Any]]:
        yield {"recipient_id": sender_id, **self.reply}


def test_a_reply_with_more_blocks_than_slack_takes_arrives_as_text(
    slack: MockSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = [f"• Rep {n}: streak {n % 7}, 3 drills, average {50 + n % 40}" for n in range(1, 1301)]
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": line}} for line in lines]
    reply = {"text": "\n".join(lines), "custom": {"blocks": blocks}}
    outcome = answer_with(slack, RasaSaying(reply), monkeypatch)  # type: ignore[arg-type]
    assert relay.SORRY not in outcome["seen"] and outcome["answered"]
    assert all(len(part) <= 3500 for part in outcome["seen"]) and len(outcome["seen"]) > 1
    assert "\n".join(outcome["seen"]) == "\n".join(lines)  # every line, in order, none lost
    assert slack.api.refused() == [] and outcome["marked"] == ["Ev1"]


def test_a_reply_longer_than_slack_takes_arrives_in_parts(slack: MockSlack, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "word " * 20_000  # 100,000 characters on one line
    outcome = answer_with(slack, RasaSaying({"text": text}), monkeypatch)  # type: ignore[arg-type]
    assert "".join(outcome["seen"]).split() == text.split()  # every word, in order
    assert len(outcome["seen"]) == 29 and relay.SORRY not in outcome["seen"]


class SlowRasa(RasaSaying):
    """A Rasa whose action server hangs a while before the first reply."""

    def __init__(self, reply: dict[str, Any], delay: float) -> None:
        super().__init__(reply)
        self.delay = delay

    async def send(self, sender_id: str, text: str) -> AsyncIterator[dict[str, Any]]:
        await asyncio.sleep(self.delay)
        yield {"recipient_id": sender_id, **self.reply}


def test_a_slow_answer_is_announced_and_then_given(slack: MockSlack, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(relay, "SLOW_SECONDS", 0.3)
    outcome = answer_with(slack, SlowRasa({"text": "Dana: Go on."}, delay=1.5), monkeypatch)  # type: ignore[arg-type]
    assert outcome["seen"] == [relay.SLOW, "Dana: Go on."] and outcome["answered"]


def test_a_quick_answer_comes_alone(slack: MockSlack, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(relay, "SLOW_SECONDS", 1.0)
    outcome = answer_with(slack, SlowRasa({"text": "Dana: Go on."}, delay=0.05), monkeypatch)  # type: ignore[arg-type]
    assert outcome["seen"] == ["Dana: Go on."]


def test_an_answer_given_while_the_database_was_down_is_marked_once_it_is_back(monkeypatch: pytest.MonkeyPatch) -> None:
    delivery = relay.Delivery(TEAM, "U0STREAM1", "hello", "message", "Ev9", "D0STREAM1", "U0STREAM1")
    marked: list[tuple[str, str]] = []

    def database_down(_delivery: relay.Delivery, _status: str) -> None:
        raise DatabaseUnreachable("connection refused")

    monkeypatch.setattr(relay, "_mark", database_down)
    relay._mark_answered(delivery)  # answered all the same
    with pytest.raises(DatabaseUnreachable):
        relay.mark_unmarked()  # still down: kept for the next round
    monkeypatch.setattr(relay, "_mark", lambda d, status: marked.append((d.delivery_id, status)))
    assert relay.mark_unmarked() == 1 and marked == [("Ev9", "processed")]
    assert relay.mark_unmarked() == 0  # once
