"""Wires the Bolt app: the Web API client, middleware and listeners."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot.listeners import register_all
from bot.middleware import skip_repeated_events
from bot.rasa_client import RasaClient
from coach.settings import Settings


def web_client(settings: Settings) -> AsyncWebClient:
    """A Web API client that waits out Slack's rate limits (429 Retry-After) and retries dropped connections."""
    client = AsyncWebClient(token=settings.bot_token, base_url=settings.web_api_url or AsyncWebClient.BASE_URL)
    client.retry_handlers.extend(
        [AsyncRateLimitErrorRetryHandler(max_retry_count=3), AsyncConnectionErrorRetryHandler(max_retry_count=2)]
    )
    return client


def create_app(settings: Settings, rasa: RasaClient) -> AsyncApp:
    # process_before_response: each listener's ack function (which stores what the user typed) finishes before
    # Slack gets its answer and before the lazy work (Rasa, replies) starts, so nothing acknowledged is lost.
    app = AsyncApp(
        client=web_client(settings),
        signing_secret=settings.signing_secret,
        request_verification_enabled=True,
        process_before_response=True,
    )
    app.middleware(skip_repeated_events)
    register_all(app, rasa)
    return app
