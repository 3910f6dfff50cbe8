"""A stand-in for the Slack Web API that records every call.

The sandbox mounts it inside the bot so the page can show what the app posted;
the tests run it on its own port (`SLACK_API_URL`) and read `calls`. Tests can also make it refuse calls with
429 and a Retry-After, as Slack's rate limits do (`throttle`, `rate_limit`).
"""

from __future__ import annotations

import base64
import itertools
import json
import mimetypes
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

BOT_USER_ID = "USPARBOT"
BOT_ID = "BSPARBOT"
CHANNEL_ID = re.compile(r"^[CGDZ][A-Z0-9]+$")  # files are shared in a channel or DM, never to a user id
RATELIMITED = {"ok": False, "error": "ratelimited"}
MAX_BLOCKS = 50  # Slack's limits on one message: blocks, and characters of text
MAX_TEXT = 40_000


@dataclass
class Throttle:
    """Calls of a method to answer with 429: `times` of them, once `after` more calls have gone by."""

    times: int
    retry_after: int
    after: int = 0
    channel: str | None = None  # only calls to this user's id or DM (or channel)

    def applies(self, body: dict[str, Any]) -> bool:
        target = str(body.get("channel") or "")
        return self.channel is None or target in (self.channel, dm_channel(self.channel))


class SlackStandIn:
    """Answers Web API methods like Slack does and keeps what was posted."""

    def __init__(self, team_id: str = "T0SANDBOX", team_name: str = "Sandbox") -> None:
        self.team_id = team_id
        self.team_name = team_name
        self.calls: list[dict[str, Any]] = []
        self.messages: list[dict[str, Any]] = []
        self.home_views: dict[str, dict[str, Any]] = {}
        self.users: dict[str, dict[str, Any]] = {}
        self.files: dict[str, dict[str, Any]] = {}  # uploads by file id, with their bytes under "content"
        self.base_url = ""  # where the app reaches us, for the upload and file URLs we hand out
        self.version = 0
        self.socket: web.WebSocketResponse | None = None  # a Socket Mode app connected to us
        self.socket_acks: list[dict[str, Any]] = []
        self._ts = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._changed = threading.Condition()
        self._throttles: dict[str, list[Throttle]] = {}
        self._rate_limits: dict[str, tuple[float, int]] = {}  # method: (calls a second, Retry-After)
        self._recent: dict[str, deque[float]] = {}  # method: when its calls in the last second were accepted
        # Many workspaces: the bot tokens oauth.v2.access handed out, by workspace; any other token is the default
        # workspace's (one SLACK_BOT_TOKEN). Revoked tokens (an uninstall) are refused.
        self.oauth_app: tuple[str, str] | None = None  # (client id, client secret) oauth.v2.access accepts
        self.install_codes: dict[str, dict[str, str]] = {}
        self.tokens: dict[str, str] = {}
        self.revoked: set[str] = set()
        self.teams: dict[str, str] = {team_id: team_name}
        self.team_users: dict[tuple[str, str], dict[str, Any]] = {}
        self._caller = ("", team_id)  # (token, workspace) of the Web API call being answered

    # -- throttling, as Slack's rate limits answer -------------------------

    def throttle(
        self,
        method: str = "chat.postMessage",
        times: int = 1,
        retry_after: int = 1,
        after: int = 0,
        channel: str | None = None,
    ) -> None:
        """The next `times` calls of `method` (once `after` more have gone by; only those to `channel` when given)
        answer HTTP 429 with `Retry-After: retry_after` and `{"ok": false, "error": "ratelimited"}`, as Slack does."""
        with self._changed:
            self._throttles.setdefault(method, []).append(Throttle(times, retry_after, after, channel))

    def rate_limit(self, method: str, per_second: float | None, retry_after: int = 1) -> None:
        """Calls of `method` beyond `per_second` in any one second answer 429 (None lifts the limit)."""
        with self._changed:
            if per_second is None:
                self._rate_limits.pop(method, None)
            else:
                self._rate_limits[method] = (per_second, retry_after)
                self._recent[method] = deque()

    def accepted(self, method: str = "chat.postMessage") -> list[dict[str, Any]]:
        """The calls of `method` that were answered (not refused with 429), oldest first, each with its time."""
        return [c for c in self.calls if c["method"] == method and c.get("status", 200) == 200]

    def refused(self, method: str = "chat.postMessage") -> list[dict[str, Any]]:
        """The calls of `method` answered with 429."""
        return [c for c in self.calls if c["method"] == method and c.get("status") == 429]

    def _refusal(self, method: str, body: dict[str, Any], now: float) -> int | None:
        """The Retry-After for a call to refuse, else None (and the call counts toward the rate)."""
        refuse: int | None = None
        for throttle in self._throttles.get(method, []):
            if throttle.times <= 0 or not throttle.applies(body):
                continue
            if throttle.after > 0:
                throttle.after -= 1
            elif refuse is None:
                throttle.times -= 1
                refuse = throttle.retry_after
        if refuse is not None:
            return refuse
        if method in self._rate_limits:
            per_second, retry_after = self._rate_limits[method]
            recent = self._recent[method]
            while recent and recent[0] <= now - 1.0:
                recent.popleft()
            if len(recent) >= per_second:
                return retry_after
            recent.append(now)
        return None

    # -- reading what was posted (tests and the sandbox page) --------------

    def wait_for(self, predicate: Callable[[], Any], timeout: float = 30.0) -> Any:
        """Block until `predicate()` is truthy and return it; raise after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = predicate()
                if found:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"nothing matched in {timeout}s; calls so far: {self.method_names()}")
                self._changed.wait(left)

    def method_names(self) -> list[str]:
        return [c["method"] for c in self.calls]

    def posts_to(self, user_id: str, team_id: str | None = None) -> list[dict[str, Any]]:
        """Messages the bot posted in `user_id`'s DM (in workspace `team_id`, when given), oldest first."""
        dm = dm_channel(user_id)
        return [
            m
            for m in self.messages
            if m["channel"] in (user_id, dm) and m["from"] == "bot" and team_id in (None, m.get("team_id"))
        ]

    def calls_with(self, token: str) -> list[dict[str, Any]]:
        """The Web API calls made with `token`."""
        return [c for c in self.calls if c.get("token") == token]

    def record_user_message(self, user_id: str, text: str) -> dict[str, Any]:
        """A message the sandbox visitor typed, shown in the conversation like Slack does."""
        return self._store({"channel": dm_channel(user_id), "text": text, "from": "user", "user": user_id})

    def record_ephemeral(self, user_id: str, text: str) -> dict[str, Any]:
        """What the app answered in a slash command's acknowledgement: Slack shows it only to that user."""
        with self._changed:
            message = self._store(
                {"channel": dm_channel(user_id), "text": text, "from": "bot", "ephemeral_user": user_id}
            )
            self._changed.notify_all()
        return message

    def add_user(
        self, user_id: str, name: str, tz: str = "UTC", email: str | None = None, team_id: str | None = None
    ) -> None:
        user = {"id": user_id, "name": name, "real_name": name, "tz": tz, "email": email}
        if team_id in (None, self.team_id):
            self.users[user_id] = user
        else:
            self.team_users[(str(team_id), user_id)] = user

    # -- installing into many workspaces (OAuth) -----------------------------

    def add_install_code(self, code: str, team_id: str, team_name: str, installer: str = "UINSTALLER") -> None:
        """The code Slack hands the app's redirect URL when someone in `team_id` approves the installation."""
        self.install_codes[code] = {"team_id": team_id, "team_name": team_name, "installer": installer}

    def revoke(self, team_id: str) -> None:
        """What an uninstall does at Slack: the workspace's tokens stop working."""
        with self._changed:
            self.revoked |= {token for token, team in self.tokens.items() if team == team_id}

    def token_of(self, team_id: str) -> str | None:
        """The latest bot token issued for `team_id`."""
        issued = [token for token, team in self.tokens.items() if team == team_id]
        return issued[-1] if issued else None

    def _oauth_v2_access(self, body: dict[str, Any]) -> dict[str, Any]:
        if self.oauth_app and (body.get("client_id"), body.get("client_secret")) != self.oauth_app:
            return {"ok": False, "error": "invalid_client_id"}
        grant = self.install_codes.pop(str(body.get("code") or ""), None)  # a code works once
        if grant is None:
            return {"ok": False, "error": "invalid_code"}
        team_id = grant["team_id"]
        token = f"xoxb-{team_id}-{len(self.tokens) + 1}"
        self.tokens[token] = team_id
        self.teams[team_id] = grant["team_name"]
        return {
            "ok": True,
            "app_id": "A0SPARAPP",
            "authed_user": {"id": grant["installer"]},
            "scope": "chat:write,commands,im:history,users:read",
            "token_type": "bot",
            "access_token": token,
            "bot_user_id": BOT_USER_ID,
            "team": {"id": team_id, "name": grant["team_name"]},
            "enterprise": None,
            "is_enterprise_install": False,
        }

    # -- the Web API ---------------------------------------------------------

    def web_app(self) -> web.Application:
        app = web.Application(client_max_size=2 * 1024 * 1024)
        app.router.add_post("/response/{user}", self._response_url)
        app.router.add_get("/socket", self._socket_mode)
        app.router.add_post("/upload/{file_id}", self._upload)
        app.router.add_get("/files/{file_id}/{name}", self._file)
        app.router.add_post("/{method}", self._method)
        app.router.add_get("/{method}", self._method)  # slack_sdk sends some methods (users.info) as GET
        return app

    def response_url(self, base_url: str, user_id: str) -> str:
        return f"{base_url.rstrip('/')}/response/{user_id}"

    async def _method(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        authorization = request.headers.get("Authorization", "")
        if not authorization.startswith("Bearer ") and not (method == "oauth.v2.access" and authorization):
            return web.json_response({"ok": False, "error": "not_authed"})
        body = await _read_body(request)
        token = authorization.removeprefix("Bearer ") if authorization.startswith("Bearer ") else ""
        if authorization.startswith("Basic "):  # oauth.v2.access: the app's client id and secret
            client_id, _, secret = base64.b64decode(authorization.removeprefix("Basic ")).decode().partition(":")
            body.update(client_id=client_id, client_secret=secret)
        team_id = self.tokens.get(token, self.team_id)
        self.base_url = f"http://{request.host}{request.path.rsplit('/', 1)[0]}"
        if method == "apps.connections.open":  # Socket Mode: hand out our own websocket address
            body["url"] = f"ws://{request.host}{request.path.rsplit('/', 1)[0]}/socket"
        handler = getattr(self, "_" + method.replace(".", "_"), None)
        with self._changed:
            now = time.monotonic()
            retry_after = self._refusal(method, body, now)
            status = 200 if retry_after is None else 429
            self.calls.append(
                {"method": method, "body": body, "status": status, "at": now, "token": token, "team_id": team_id}
            )
            if retry_after is None:
                self._caller = (token, team_id)
                if token in self.revoked:
                    result = {"ok": False, "error": "token_revoked"}
                else:
                    result = handler(body) if handler else {"ok": False, "error": "unknown_method"}
                self._caller = ("", self.team_id)
                self.version += 1
            self._changed.notify_all()
        if retry_after is not None:
            return web.json_response(RATELIMITED, status=429, headers={"Retry-After": str(retry_after)})
        return web.json_response(result)

    async def _response_url(self, request: web.Request) -> web.Response:
        body = await _read_body(request)
        user = request.match_info["user"]
        with self._changed:
            self.calls.append({"method": "response_url", "body": body})
            self._store(
                {
                    "channel": dm_channel(user),
                    "text": body.get("text", ""),
                    "blocks": body.get("blocks"),
                    "from": "bot",
                    "ephemeral_user": user if body.get("response_type") != "in_channel" else None,
                }
            )
            self.version += 1
            self._changed.notify_all()
        return web.Response(text="ok")

    async def _upload(self, request: web.Request) -> web.Response:
        """The upload URL from files.getUploadURLExternal: the file's bytes, posted as the body."""
        file_id, content = request.match_info["file_id"], await request.read()
        with self._changed:
            self.calls.append({"method": "upload", "body": {"file_id": file_id, "size": len(content)}})
            file = self.files.get(file_id)
            if file is not None:
                file["content"] = content
            self.version += 1
            self._changed.notify_all()
        if file is None:
            return web.Response(status=404, text="unknown upload")
        return web.Response(text=f"OK - {len(content)}")

    async def _file(self, request: web.Request) -> web.Response:
        """A file's bytes, for the sandbox page (Slack would want a token; a browser's <img> has none)."""
        file = self.files.get(request.match_info["file_id"])
        if file is None or file["content"] is None:
            return web.Response(status=404, text="no such file")
        return web.Response(body=file["content"], content_type=file["mimetype"])

    def _store(self, message: dict[str, Any]) -> dict[str, Any]:
        message.setdefault("blocks", None)
        message.setdefault("token", self._caller[0])  # who posted it, when the app did
        message.setdefault("team_id", self._caller[1])
        message["ts"] = f"{int(time.time())}.{next(self._ts):06d}"
        self.messages.append(message)
        self.version += 1
        return message

    def _apps_connections_open(self, body: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "url": body["url"]}

    async def _socket_mode(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        await socket.send_json({"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A0SPARAPP"}})
        self.socket = socket
        async for frame in socket:
            if frame.type.name == "TEXT":
                with self._changed:
                    self.socket_acks.append(json.loads(frame.data))
                    self._changed.notify_all()
        return socket

    async def send_envelope(self, kind: str, payload: dict[str, Any], envelope_id: str) -> None:
        """Deliver a request to the connected Socket Mode app, as Slack does."""
        if self.socket is None:
            raise RuntimeError("no Socket Mode app is connected")
        await self.socket.send_json(
            {
                "envelope_id": envelope_id,
                "type": kind,
                "payload": payload,
                "accepts_response_payload": kind != "events_api",
                "retry_attempt": 0,
            }
        )

    def _auth_test(self, body: dict[str, Any]) -> dict[str, Any]:
        return {
            "ok": True,
            "url": "https://sandbox.slack.invalid/",
            "team": self.teams.get(self._caller[1], self.team_name),
            "team_id": self._caller[1],
            "user": "spar",
            "user_id": BOT_USER_ID,
            "bot_id": BOT_ID,
            "is_enterprise_install": False,
        }

    def _chat_postMessage(self, body: dict[str, Any]) -> dict[str, Any]:
        if not body.get("channel"):
            return {"ok": False, "error": "channel_not_found"}
        if not body.get("text") and not body.get("blocks"):
            return {"ok": False, "error": "no_text"}
        blocks = json.loads(body["blocks"]) if isinstance(body.get("blocks"), str) else body.get("blocks") or []
        if len(blocks) > MAX_BLOCKS:  # what Slack answers a message it won't show
            return {"ok": False, "error": "invalid_blocks"}
        if len(body.get("text") or "") > MAX_TEXT:
            return {"ok": False, "error": "msg_too_long"}
        message = self._store(
            {
                "channel": body["channel"],
                "text": body.get("text", ""),
                "from": "bot",
                "blocks": body.get("blocks"),
                "user": BOT_USER_ID,
                "thread_ts": body.get("thread_ts"),
            }
        )
        shown = {k: v for k, v in message.items() if k != "token"}  # Slack never echoes a token
        return {"ok": True, "channel": body["channel"], "ts": message["ts"], "message": shown}

    def _chat_postEphemeral(self, body: dict[str, Any]) -> dict[str, Any]:
        message = self._store(
            {
                "channel": body.get("channel", ""),
                "text": body.get("text", ""),
                "from": "bot",
                "blocks": body.get("blocks"),
                "ephemeral_user": body.get("user"),
            }
        )
        return {"ok": True, "message_ts": message["ts"]}

    def _chat_update(self, body: dict[str, Any]) -> dict[str, Any]:
        for message in self.messages:
            if message["ts"] == body.get("ts"):
                message["text"] = body.get("text", message["text"])
                message["blocks"] = body.get("blocks")
                return {"ok": True, "channel": message["channel"], "ts": message["ts"]}
        return {"ok": False, "error": "message_not_found"}

    def _views_publish(self, body: dict[str, Any]) -> dict[str, Any]:
        self.home_views[body.get("user_id", "")] = body.get("view") or {}
        return {"ok": True, "view": {"id": "VHOME", **(body.get("view") or {})}}

    def _users_info(self, body: dict[str, Any]) -> dict[str, Any]:
        team_id = self._caller[1]
        user_id = body.get("user", "")
        user = self.users.get(user_id) if team_id == self.team_id else self.team_users.get((team_id, user_id))
        if user is None:
            return {"ok": False, "error": "user_not_found"}
        return {
            "ok": True,
            "user": {
                "id": user["id"],
                "team_id": team_id,
                "name": user["name"],
                "real_name": user["real_name"],
                "tz": user["tz"],
                "profile": {"real_name": user["real_name"], "email": user["email"]},
            },
        }

    def _conversations_open(self, body: dict[str, Any]) -> dict[str, Any]:
        if not body.get("users"):
            return {"ok": False, "error": "users_list_not_supplied"}
        return {"ok": True, "channel": {"id": dm_channel(str(body["users"]).split(",")[0])}}

    def _files_getUploadURLExternal(self, body: dict[str, Any]) -> dict[str, Any]:
        if not body.get("filename") or not str(body.get("length", "")).isdigit():
            return {"ok": False, "error": "invalid_arguments"}
        file_id = f"F{next(self._file_ids):09d}"
        name = str(body["filename"])
        self.files[file_id] = {
            "id": file_id,
            "name": name,
            "title": name,
            "mimetype": mimetypes.guess_type(name)[0] or "application/octet-stream",
            "size": int(body["length"]),
            "url_private": f"{self.base_url}/files/{file_id}/{name}",
            "content": None,
        }
        return {"ok": True, "upload_url": f"{self.base_url}/upload/{file_id}", "file_id": file_id}

    def _files_completeUploadExternal(self, body: dict[str, Any]) -> dict[str, Any]:
        """Share the uploaded files: a message in the channel, as Slack shows one."""
        listed, channel = body.get("files"), str(body.get("channel_id") or "")
        if not isinstance(listed, list) or not listed or (channel and not CHANNEL_ID.match(channel)):
            return {"ok": False, "error": "invalid_arguments"}
        shared = []
        for item in listed:
            file = self.files.get(str(item.get("id") if isinstance(item, dict) else ""))
            if file is None or file["content"] is None:
                return {"ok": False, "error": "file_not_found"}
            file["title"] = item.get("title") or file["name"]
            shared.append({k: v for k, v in file.items() if k != "content"})
        if channel:
            self._store(
                {
                    "channel": channel,
                    "text": body.get("initial_comment") or "",
                    "from": "bot",
                    "user": BOT_USER_ID,
                    "files": shared,
                    "thread_ts": body.get("thread_ts"),
                }
            )
        return {"ok": True, "files": shared}

    def file_bytes(self, message: dict[str, Any]) -> list[bytes]:
        """The contents of the files a message shares."""
        return [self.files[f["id"]]["content"] for f in message.get("files") or []]


def dm_channel(user_id: str) -> str:
    """The sandbox's id for the DM between a user and Spar."""
    return "D" + user_id.removeprefix("U")


async def _read_body(request: web.Request) -> dict[str, Any]:
    query: dict[str, Any] = dict(request.query)  # slack_sdk sends some methods' arguments in the query string
    if request.method == "GET":
        return query
    if request.content_type == "application/json":
        try:
            data = await request.json()
        except ValueError:
            return {}
        return {**query, **data} if isinstance(data, dict) else query
    form: dict[str, Any] = {key: value for key, value in (await request.post()).items() if isinstance(value, str)}
    form = {**query, **form}
    for key in ("blocks", "view", "attachments", "files"):
        if key in form:
            try:
                form[key] = json.loads(form[key])
            except ValueError:
                pass
    return form
