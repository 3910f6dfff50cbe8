"""A process stopped mid-drill: the rep's message is acknowledged, kept and met with "give me a moment"; once the
process is back the kept message is answered and the drill carries on from where it was to its score card.

These stop and start the session's real processes, and always leave them running for the tests after.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from bot.relay import MOMENT
from bot.sandbox import payloads
from tests.e2e.test_drill_slack import score_in, script, sessions, start
from tests.processes import INTERNAL_TOKEN, Process
from tests.slack import SlackUser, db_rows, text_of

BUYER = "*Dana Whitfield"  # cfo-discovery's buyer: each of her answers starts with her name
KEPT = "SELECT status FROM inbound_messages WHERE user_slack_id = :u AND text = :t"


@contextmanager
def stopped(process: Process, health_url: str) -> Iterator[None]:
    """`process` is down inside the block and running again (and answering `health_url`) after it."""
    process.stop()
    try:
        yield
    finally:
        process.start()
        process.wait_for_url(health_url)


def says_while_down(rep: SlackUser, text: str, event_id: str | None = None) -> dict[str, Any]:
    """DM `text` with part of the stack down: Slack's acknowledgement is quick and "give me a moment" follows within
    3 seconds; returns that reply."""
    before = len(rep.replies())
    began = time.monotonic()
    response = rep.post(payloads.dm_event(rep.team_id, rep.user_id, rep.channel, text, event_id))
    acknowledged = time.monotonic() - began
    assert response.status_code == 200, response.text
    assert acknowledged < 1.0, f"acknowledged after {acknowledged:.2f} s"
    reply = rep.slack.api.wait_for(lambda: rep.replies()[before:], timeout=3)[0]
    assert text_of(reply) == MOMENT
    return reply


def kept_status(stack: dict, rep: SlackUser, text: str) -> list[tuple]:
    return db_rows(stack["db_url"], KEPT, u=rep.user_id, t=text)


def answered_once_back(rep: SlackUser, stack: dict, text: str, before: int) -> str:
    """The buyer's answer to the kept `text` (the first reply after the first `before`), posted by the bot's replay
    loop once the dialogue is back."""
    answer = text_of(rep.slack.api.wait_for(lambda: rep.replies()[before:], timeout=60)[0])
    deadline = time.monotonic() + 10  # the status is written just after the reply is posted
    while kept_status(stack, rep, text) != [("processed",)]:
        assert time.monotonic() < deadline, kept_status(stack, rep, text)
        time.sleep(0.1)
    return answer


def finish(rep: SlackUser, stack: dict, messages: list[str]) -> None:
    """Say the rest of the script; the drill ends with a high score and every line of it counted once."""
    for message in messages[:-1]:
        assert text_of(rep.says(message)[0]).startswith(BUYER)
    card = text_of(rep.says(messages[-1], expect=2)[1])
    assert score_in(card) >= 80, card


def test_with_the_action_server_stopped_a_drill_line_waits_and_the_drill_carries_on(
    rep: SlackUser, stack: dict
) -> None:
    messages = script("cfo-discovery", "strong")
    start(rep, "cfo-discovery")
    assert text_of(rep.says(messages[0])[0]).startswith(BUYER)
    with stopped(stack["processes"][0], f"{stack['actions_url']}/health"):
        says_while_down(rep, messages[1])
        assert kept_status(stack, rep, messages[1]) == [("pending",)]
        assert sessions(stack, rep)[0][3] == 1  # the line has not reached the buyer yet
        before = len(rep.replies())
    answer = answered_once_back(rep, stack, messages[1], before)
    assert answer.startswith(BUYER) and "objective" not in answer.lower()  # her next line, not the scene again
    assert sessions(stack, rep)[0][3] == 2
    finish(rep, stack, messages[2:])
    assert sessions(stack, rep) == [("completed", sessions(stack, rep)[0][1], "cfo-discovery:standard", 5)]


def test_with_rasa_stopped_a_drill_line_waits_and_the_drill_carries_on(rep: SlackUser, stack: dict) -> None:
    messages = script("cfo-discovery", "strong")
    start(rep, "cfo-discovery")
    assert text_of(rep.says(messages[0])[0]).startswith(BUYER)
    began = time.monotonic()
    with stopped(stack["processes"][1], f"{stack['rasa_url']}/status?token={INTERNAL_TOKEN}"):
        says_while_down(rep, messages[1])
        assert kept_status(stack, rep, messages[1]) == [("pending",)]
        before = len(rep.replies())
    answer = answered_once_back(rep, stack, messages[1], before)
    print(f"Rasa restart and the kept line answered: {time.monotonic() - began:.1f} s")
    assert answer.startswith(BUYER) and "objective" not in answer.lower()
    assert sessions(stack, rep)[0][3] == 2
    finish(rep, stack, messages[2:])
    assert sessions(stack, rep)[0][0] == "completed" and sessions(stack, rep)[0][3] == 5


def test_a_line_kept_when_the_bot_restarts_is_answered_by_the_new_bot(rep: SlackUser, stack: dict) -> None:
    """The kept line lives in the database, not in the bot: a restarted bot answers it and the drill goes on."""
    messages = script("cfo-discovery", "strong")
    start(rep, "cfo-discovery")
    assert text_of(rep.says(messages[0])[0]).startswith(BUYER)
    actions, bot = stack["processes"][0], stack["processes"][2]
    try:
        with stopped(actions, f"{stack['actions_url']}/health"):
            says_while_down(rep, messages[1])
            bot.stop()  # before the action server returns: the old bot cannot answer the line
        before = len(rep.replies())
        assert kept_status(stack, rep, messages[1]) == [("pending",)]
    finally:
        bot.start()
        bot.wait_for_url(f"{stack['bot_url']}/readyz")
    answer = answered_once_back(rep, stack, messages[1], before)
    assert answer.startswith(BUYER) and "objective" not in answer.lower()
    finish(rep, stack, messages[2:])
    assert sessions(stack, rep)[0][0] == "completed" and sessions(stack, rep)[0][3] == 5
