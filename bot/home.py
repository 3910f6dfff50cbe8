"""The App Home tab, built from the domain layer."""

from __future__ import annotations

import asyncio

from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks import home_view
from coach.db import session_scope
from coach.people import find_user
from coach.streaks import current_streak


def _home_for(team_id: str, user_id: str) -> dict:
    with session_scope() as session:
        user = find_user(session, team_id, user_id)
        if user is None:
            return home_view("", "No practice yet: your streak starts with your first drill.")
        return home_view(user.name, current_streak(session, user).describe())


async def publish_home(client: AsyncWebClient, team_id: str, user_id: str) -> None:
    view = await asyncio.to_thread(_home_for, team_id, user_id)
    await client.views_publish(user_id=user_id, view=view)
