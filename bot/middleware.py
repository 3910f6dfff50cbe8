"""Global middleware: Slack's retried deliveries of an event change nothing."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.response import BoltResponse

from coach.db import session_scope
from coach.inbox import claim_event


def _claim(team_id: str, event_id: str) -> bool:
    with session_scope() as session:
        return claim_event(session, team_id, event_id)


async def skip_repeated_events(body: dict[str, Any], next: Callable[[], Awaitable[None]]) -> BoltResponse | None:
    """Acknowledge a repeated event id at once without handling it again."""
    event_id = body.get("event_id") if body.get("type") == "event_callback" else None
    if event_id and not await asyncio.to_thread(_claim, body.get("team_id") or "", event_id):
        return BoltResponse(status=200, body="")
    await next()
    return None
