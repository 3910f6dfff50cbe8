"""A test harness that talks to the running bot as Slack does and reads what it posted."""

from __future__ import annotations

import json
import threading
from typing import Any

import requests
from aiohttp import web

from bot.relay import SLOW
from bot.sandbox import payloads
from bot.sandbox.slack_api import SlackStandIn, dm_channel


class MockSlack:
    """The Web API stand-in served from a thread, for the bot under test (`SLACK_API_URL`)."""

    def __init__(self, team_id: str, port: int) -> None:
        import asyncio

        self.api = SlackStandIn(team_id, "Test workspace")
        self.port = port
        self.url = f"http://127.0.0.1:{port}/api/"
        self._loop = asyncio.new_event_loop()
        ready = threading.Event()

        def serve() -> None:
            asyncio.set_event_loop(self._loop)
            root = web.Application()
            root.add_subapp("/api/", self.api.web_app())
            runner = web.AppRunner(root)
            self._loop.run_until_complete(runner.setup())
            self._loop.run_until_complete(web.TCPSite(runner, "127.0.0.1", port).start())
            ready.set()
            self._loop.run_forever()

        threading.Thread(target=serve, daemon=True).start()
        ready.wait(10)

    def send_envelope(self, kind: str, payload: dict[str, Any], envelope_id: str) -> None:
        """Push a Socket Mode envelope to the connected app (from the test's thread)."""
        import asyncio

        asyncio.run_coroutine_threadsafe(self.api.send_envelope(kind, payload, envelope_id), self._loop).result(10)


class SlackUser:
    """One person in a workspace, talking to Spar through signed requests."""

    def __init__(self, bot_url: str, secret: str, slack: MockSlack, team_id: str, user_id: str) -> None:
        self.bot_url, self.secret, self.slack = bot_url, secret, slack
        self.team_id, self.user_id = team_id, user_id
        self.channel = dm_channel(user_id)

    def post(
        self,
        body_and_type: tuple[str, str],
        headers: dict[str, str] | None = None,
        signed: dict[str, str] | None = None,
    ) -> requests.Response:
        body, content_type = body_and_type
        all_headers = signed or payloads.signed_headers(self.secret, body, content_type)
        return requests.post(
            f"{self.bot_url}/slack/events", data=body.encode(), headers={**all_headers, **(headers or {})}, timeout=10
        )

    def replies(self) -> list[dict[str, Any]]:
        """What the bot posted to this person, but for "this one is taking me longer than usual" (a loaded test
        machine may be slow to answer: that notice is tested on its own, in tests/unit/test_relay_stream.py)."""
        return [m for m in self.slack.api.posts_to(self.user_id) if m.get("text") != SLOW]

    def _wait_for_new_replies(self, before: int, count: int = 1, timeout: float = 60) -> list[dict[str, Any]]:
        if count == 0:
            return []
        return self.slack.api.wait_for(
            lambda: self.replies()[before:] if len(self.replies()) >= before + count else None, timeout
        )

    def says(self, text: str, expect: int = 1, event_id: str | None = None) -> list[dict[str, Any]]:
        """DM `text`; return the bot's next `expect` replies."""
        before = len(self.replies())
        response = self.post(payloads.dm_event(self.team_id, self.user_id, self.channel, text, event_id))
        assert response.status_code == 200, response.text
        return self._wait_for_new_replies(before, expect)

    def runs(self, command_text: str, expect: int = 1) -> tuple[requests.Response, list[dict[str, Any]]]:
        before = len(self.replies())
        response = self.post(
            payloads.slash_command(
                self.team_id,
                self.user_id,
                self.channel,
                command_text,
                self.slack.api.response_url(self.slack.url, self.user_id),
            )
        )
        return response, (self._wait_for_new_replies(before, expect) if expect else [])

    def clicks(self, message: dict[str, Any], title: str, expect: int = 1) -> list[dict[str, Any]]:
        """Click the button titled `title` in `message`."""
        action = button_action(message, title)
        before = len(self.replies())
        response = self.post(
            payloads.block_action(self.team_id, self.user_id, action, message=message, channel=message["channel"])
        )
        assert response.status_code == 200, response.text
        return self._wait_for_new_replies(before, expect)

    def clicks_home(self, view: dict[str, Any], title: str, expect: int = 1) -> list[dict[str, Any]]:
        """Click the button titled `title` on the App Home `view`; return the replies in the DM."""
        action = button_action(view, title)
        before = len(self.replies())
        response = self.post(payloads.block_action(self.team_id, self.user_id, action, view=view))
        assert response.status_code == 200, response.text
        return self._wait_for_new_replies(before, expect)

    def opens_home(self) -> dict[str, Any]:
        """Open the App Home tab; return the view Spar published."""
        self.slack.api.home_views.pop(self.user_id, None)
        response = self.post(payloads.home_opened_event(self.team_id, self.user_id, self.channel))
        assert response.status_code == 200, response.text
        return self.slack.api.wait_for(lambda: self.slack.api.home_views.get(self.user_id))

    def mentions(self, text: str, channel: str = "C0SALES") -> list[dict[str, Any]]:
        """Mention @Spar in a channel; return what was posted in that channel (a pointer to the DM)."""
        body = payloads.mention_event(self.team_id, self.user_id, channel, f"<@USPARBOT> {text}")
        assert self.post(body).status_code == 200
        return self.slack.api.wait_for(lambda: [m for m in self.slack.api.messages if m["channel"] == channel])

    def converse(self, dialog: list[tuple[str, str]]) -> None:
        """Each (said, expected): the bot's next reply contains `expected`."""
        for said, expected in dialog:
            reply = self.says(said)[0]
            assert expected.lower() in text_of(reply).lower(), f"{said!r} got {text_of(reply)!r}"


def button_action(message: dict[str, Any], title: str) -> dict[str, Any]:
    """The button titled `title` in a message's or view's blocks, as Slack sends it back when pressed."""
    for block in message.get("blocks") or []:
        for element in block.get("elements") or []:
            if element.get("type") == "button" and element["text"]["text"] == title:
                return {**element, "block_id": block.get("block_id", "")}
    raise AssertionError(f"no button {title!r} in {json.dumps(message.get('blocks'))}")


def db_rows(db_url: str, sql: str, **params: Any) -> list[tuple]:
    """Rows straight from the bot's database, to check what it stored."""
    import sqlalchemy as sa

    engine = sa.create_engine(db_url, future=True)
    with engine.connect() as connection:
        rows = [tuple(row) for row in connection.execute(sa.text(sql), params)]
    engine.dispose()
    return rows


def text_of(message: dict[str, Any]) -> str:
    """All the words a person sees in a message: its blocks, or its text when it has none (as Slack shows it)."""
    parts = [] if message.get("blocks") else [message.get("text") or ""]
    for block in message.get("blocks") or []:
        parts.append(((block.get("text") or {}).get("text")) or "")
        parts.extend(
            (e.get("text") or {}).get("text", "") if isinstance(e.get("text"), dict) else e.get("text", "")
            for e in block.get("elements") or []
        )
    return "\n".join(p for p in parts if p)


def button_titles(message: dict[str, Any]) -> list[str]:
    return [
        e["text"]["text"]
        for b in message.get("blocks") or []
        for e in b.get("elements") or []
        if e.get("type") == "button"
    ]
