"""Listeners, one module per Slack surface, each with `register(app, rasa)`."""

from slack_bolt.async_app import AsyncApp

from bot.listeners import buddies, commands, events, interactivity
from bot.rasa_client import RasaClient


def register_all(app: AsyncApp, rasa: RasaClient) -> None:
    for surface in (events, commands, interactivity, buddies):
        surface.register(app, rasa)
