"""Broken requests to /slack/events get a clear refusal, never a server error, and store nothing."""

from __future__ import annotations

import requests

from bot.sandbox import payloads
from tests.conftest import SECRET
from tests.slack import SlackUser, db_rows


def post_signed(stack: dict, body: str, content_type: str = "application/json") -> requests.Response:
    headers = payloads.signed_headers(SECRET, body, content_type)
    return requests.post(f"{stack['bot_url']}/slack/events", data=body.encode(), headers=headers, timeout=10)


def test_unsigned_and_empty_requests_are_refused(stack: dict) -> None:
    assert requests.post(f"{stack['bot_url']}/slack/events", data=b"", timeout=10).status_code == 401
    assert (
        requests.post(f"{stack['bot_url']}/slack/events", json={"type": "event_callback"}, timeout=10).status_code
        == 401
    )


def test_signed_but_malformed_bodies_are_not_server_errors(stack: dict) -> None:
    for body in ("{not json", "[]", '{"type": "event_callback"}', "payload=%7Bbroken"):
        form = body.startswith("payload=")
        response = post_signed(stack, body, "application/x-www-form-urlencoded" if form else "application/json")
        assert 200 <= response.status_code < 500, (body, response.status_code)


def test_an_oversized_body_is_refused_before_anything_is_stored(stack: dict, rep: SlackUser) -> None:
    body, content_type = payloads.dm_event(rep.team_id, rep.user_id, rep.channel, "x" * (2 * 1024 * 1024))
    assert post_signed(stack, body, content_type).status_code == 413
    assert db_rows(stack["db_url"], "SELECT id FROM inbound_messages WHERE user_slack_id = :u", u=rep.user_id) == []
