"""The App Home tab, built from the domain layer."""

from __future__ import annotations

import asyncio
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks import home_view
from coach.intents import choose_scenario
from coach.reports.home import home_overview
from coach.reports.team_home import team_glance


def _home_for(team_id: str, user_id: str) -> dict[str, Any]:
    home = home_overview(team_id, user_id)
    glance = team_glance(team_id, user_id)
    team = list(glance.lines) if glance else None
    if home.offer is None:
        return home_view(home.name, home.status, team=team)
    offer = home.offer
    next_practice = (
        f"*{offer.scenario.title}* ({offer.difficulty}): {offer.reason}.",
        choose_scenario(offer.scenario.id, offer.difficulty),
    )
    return home_view(home.name, home.status, next_practice, home.recent, team=team)


async def publish_home(client: AsyncWebClient, team_id: str, user_id: str) -> None:
    view = await asyncio.to_thread(_home_for, team_id, user_id)
    await client.views_publish(user_id=user_id, view=view)
