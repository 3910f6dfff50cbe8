"""The sandbox's routes: a Slack-like DM page driving the real Bolt app with signed requests."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web

from bot.sandbox import payloads
from bot.sandbox.slack_api import SlackStandIn, dm_channel
from coach.db import session_scope
from coach.demo import load_demo_team, seed_demo_team
from coach.settings import Settings

STATIC = Path(__file__).resolve().parent / "static"
MAX_TEXT = 4000


def add_sandbox(web_app: web.Application, settings: Settings) -> None:
    team = load_demo_team()
    team_id = team["team"]["id"]
    stand_in = SlackStandIn(team_id, team["team"]["name"])
    for user in team["users"]:
        stand_in.add_user(user["id"], user["name"], user["tz"], user.get("email"))
    users = {u["id"]: u for u in team["users"]}
    events_url = f"http://127.0.0.1:{settings.port}/slack/events"
    api_url = f"http://127.0.0.1:{settings.port}/sandbox/api"

    async def seed(_: web.Application) -> None:
        def run() -> None:
            with session_scope() as session:
                seed_demo_team(session, team)

        await asyncio.to_thread(run)

    async def deliver(body_and_type: tuple[str, str], user: str | None = None) -> int:
        """Post a signed request to the app; a slash command's acknowledgement text is shown to `user`."""
        body, content_type = body_and_type
        headers = payloads.signed_headers(settings.signing_secret or "", body, content_type)
        async with aiohttp.ClientSession() as http:
            async with http.post(events_url, data=body.encode(), headers=headers) as response:
                answer = await response.text()
        if user and response.status == 200 and answer.strip():
            stand_in.record_ephemeral(user, _ack_text(answer))
        return response.status

    async def state(request: web.Request) -> web.Response:
        user = request.query.get("user", "")
        if request.query.get("since") == str(stand_in.version):
            return web.json_response({"version": stand_in.version, "unchanged": True})
        channel = dm_channel(user)
        messages = [
            m
            for m in stand_in.messages
            if m["channel"] in (user, channel) and (not m.get("ephemeral_user") or m["ephemeral_user"] == user)
        ]
        return web.json_response(
            {
                "version": stand_in.version,
                "team": team["team"],
                "users": [{k: u.get(k) for k in ("id", "name", "role", "title")} for u in team["users"]],
                "messages": messages,
                "home": stand_in.home_views.get(user),
            }
        )

    async def read_request(request: web.Request) -> tuple[dict[str, Any], str] | web.Response:
        try:
            data = await request.json()
        except ValueError:
            return web.json_response({"ok": False, "error": "expected a JSON body"}, status=400)
        if not isinstance(data, dict) or data.get("user") not in users:
            return web.json_response({"ok": False, "error": "pick a demo user first"}, status=400)
        return data, data["user"]

    async def send(request: web.Request) -> web.Response:
        read = await read_request(request)
        if isinstance(read, web.Response):
            return read
        data, user = read
        text = str(data.get("text") or "").strip()
        if not text:
            return web.json_response({"ok": False, "error": "type a message first"}, status=400)
        if len(text) > MAX_TEXT:
            return web.json_response(
                {"ok": False, "error": f"messages are limited to {MAX_TEXT} characters"}, status=400
            )
        stand_in.record_user_message(user, text)
        if text.startswith("/spar"):
            body = payloads.slash_command(
                team_id,
                user,
                dm_channel(user),
                text.removeprefix("/spar").strip(),
                stand_in.response_url(api_url, user),
            )
        else:
            body = payloads.dm_event(team_id, user, dm_channel(user), text)
        status = await deliver(body, user if text.startswith("/spar") else None)
        return web.json_response({"ok": status == 200, **({} if status == 200 else {"error": f"app said {status}"})})

    async def action(request: web.Request) -> web.Response:
        read = await read_request(request)
        if isinstance(read, web.Response):
            return read
        data, user = read
        message = next((m for m in stand_in.messages if m["ts"] == data.get("ts")), None)
        view = None if data.get("ts") else stand_in.home_views.get(user)
        blocks = (message or {}).get("blocks") or (view or {}).get("blocks")
        found = payloads.find_element(blocks, str(data.get("action_id")))
        if found is None:
            return web.json_response({"ok": False, "error": "that button is no longer there"}, status=400)
        block_id, element = found
        clicked = {
            "type": element.get("type"),
            "action_id": element["action_id"],
            "block_id": block_id,
            "text": element.get("text"),
            "value": element.get("value"),
        }
        if data.get("selected_options") is not None:
            clicked["selected_options"] = data["selected_options"]
        body = payloads.block_action(
            team_id,
            user,
            clicked,
            message=message,
            channel=message["channel"] if message else None,
            view={"id": "VHOME", **view} if view else None,
        )
        status = await deliver(body)
        return web.json_response({"ok": status == 200})

    async def home(request: web.Request) -> web.Response:
        read = await read_request(request)
        if isinstance(read, web.Response):
            return read
        status = await deliver(payloads.home_opened_event(team_id, read[1], dm_channel(read[1])))
        return web.json_response({"ok": status == 200})

    async def index(_: web.Request) -> web.FileResponse:
        return web.FileResponse(STATIC / "index.html")

    web_app.on_startup.append(seed)  # type: ignore[arg-type]  # aiosignal 1.4 generics
    web_app["stand_in"] = stand_in
    web_app.add_subapp("/sandbox/api/", stand_in.web_app())
    web_app.router.add_get("/", index)
    web_app.router.add_get("/sandbox/state", state)
    web_app.router.add_post("/sandbox/send", send)
    web_app.router.add_post("/sandbox/action", action)
    web_app.router.add_post("/sandbox/home", home)
    web_app.router.add_static("/static/", STATIC)


def _ack_text(answer: str) -> str:
    try:
        data = json.loads(answer)
    except ValueError:
        return answer
    return str(data.get("text", "")) if isinstance(data, dict) else answer
