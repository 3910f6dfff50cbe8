"""The App Home tab, built from the domain layer."""

from __future__ import annotations

import asyncio
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks import home_view
from coach.db import session_scope
from coach.people import find_user
from coach.streaks import streak_of


def _home_for(team_id: str, user_id: str) -> dict[str, Any]:
    with session_scope() as session:
        user = find_user(session, team_id, user_id)
        return home_view(user.name if user else "", streak_of(session, team_id, user_id).describe())


async def publish_home(client: AsyncWebClient, team_id: str, user_id: str) -> None:
    view = await asyncio.to_thread(_home_for, team_id, user_id)
    await client.views_publish(user_id=user_id, view=view)
