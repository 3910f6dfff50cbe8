"""Request bodies shaped and signed the way Slack sends them (used by the sandbox and the tests)."""

from __future__ import annotations

import json
import time
import uuid
from typing import Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

APP_ID = "A0SPARAPP"
BOT_USER_ID = "USPARBOT"


def signed_headers(secret: str, body: str, content_type: str, timestamp: int | None = None) -> dict[str, str]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": SignatureVerifier(secret).generate_signature(timestamp=ts, body=body) or "",
    }


def _event(team_id: str, event: dict[str, Any], event_id: str | None = None) -> tuple[str, str]:
    body = {
        "token": "sandbox",
        "team_id": team_id,
        "api_app_id": APP_ID,
        "event": event,
        "type": "event_callback",
        "event_id": event_id or f"Ev{uuid.uuid4().hex[:16].upper()}",
        "event_time": int(time.time()),
        "authorizations": [{"team_id": team_id, "user_id": BOT_USER_ID, "is_bot": True}],
    }
    return json.dumps(body), "application/json"


def user_change_event(team_id: str, user: dict[str, Any]) -> tuple[str, str]:
    """Slack's notice that someone's profile changed: `user` is the whole user object, as users.info gives it."""
    return _event(team_id, {"type": "user_change", "user": user, "event_ts": f"{time.time():.6f}"})


def app_uninstalled_event(team_id: str) -> tuple[str, str]:
    """Slack's notice that the app was removed from a workspace (its tokens no longer work)."""
    return _event(team_id, {"type": "app_uninstalled", "event_ts": f"{time.time():.6f}"})


def tokens_revoked_event(team_id: str, bot_user_ids: list[str]) -> tuple[str, str]:
    """Slack's notice that tokens were revoked: the bot's, named by its bot user id."""
    event = {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": bot_user_ids}, "event_ts": f"{time.time():.6f}"}
    return _event(team_id, event)


def dm_event(team_id: str, user_id: str, channel: str, text: str, event_id: str | None = None) -> tuple[str, str]:
    ts = f"{time.time():.6f}"
    return _event(
        team_id,
        {
            "type": "message",
            "channel_type": "im",
            "channel": channel,
            "user": user_id,
            "text": text,
            "ts": ts,
            "event_ts": ts,
            "client_msg_id": str(uuid.uuid4()),
        },
        event_id,
    )


def mention_event(team_id: str, user_id: str, channel: str, text: str) -> tuple[str, str]:
    ts = f"{time.time():.6f}"
    return _event(
        team_id, {"type": "app_mention", "channel": channel, "user": user_id, "text": text, "ts": ts, "event_ts": ts}
    )


def home_opened_event(team_id: str, user_id: str, channel: str) -> tuple[str, str]:
    return _event(
        team_id,
        {
            "type": "app_home_opened",
            "user": user_id,
            "channel": channel,
            "tab": "home",
            "event_ts": f"{time.time():.6f}",
        },
    )


def slash_command(team_id: str, user_id: str, channel: str, text: str, response_url: str) -> tuple[str, str]:
    form = {
        "token": "sandbox",
        "team_id": team_id,
        "team_domain": "sandbox",
        "channel_id": channel,
        "channel_name": "directmessage",
        "user_id": user_id,
        "user_name": user_id,
        "command": "/spar",
        "text": text,
        "api_app_id": APP_ID,
        "response_url": response_url,
        "trigger_id": f"{int(time.time())}.{uuid.uuid4().int % 10**12}.sandbox",
    }
    return urlencode(form), "application/x-www-form-urlencoded"


def block_action(
    team_id: str,
    user_id: str,
    action: dict[str, Any],
    message: dict[str, Any] | None = None,
    channel: str | None = None,
    view: dict[str, Any] | None = None,
) -> tuple[str, str]:
    payload: dict[str, Any] = {
        "type": "block_actions",
        "team": {"id": team_id, "domain": "sandbox"},
        "user": {"id": user_id, "team_id": team_id},
        "api_app_id": APP_ID,
        "token": "sandbox",
        "trigger_id": f"{int(time.time())}.{uuid.uuid4().int % 10**12}.sandbox",
        "actions": [{**action, "action_ts": f"{time.time():.6f}"}],
    }
    if message is not None:
        payload.update(
            container={"type": "message", "message_ts": message["ts"], "channel_id": channel},
            channel={"id": channel},
            message=message,
        )
    if view is not None:
        payload.update(container={"type": "view", "view_id": view.get("id", "VHOME")}, view=view)
    return urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded"


def find_element(blocks: list[dict[str, Any]] | None, action_id: str) -> tuple[str, dict[str, Any]] | None:
    """The (block_id, element) with `action_id` in a message's or view's blocks."""
    for block in blocks or []:
        elements = list(block.get("elements") or [])
        if block.get("accessory"):
            elements.append(block["accessory"])
        for element in elements:
            if element.get("action_id") == action_id:
                return block.get("block_id", ""), element
    return None
