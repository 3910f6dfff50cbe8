"""Wires the Bolt app: the Web API client, middleware and listeners."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot.installations import oauth_settings
from bot.listeners import register_all
from bot.middleware import refuse_other_workspaces, refuse_unreadable, skip_repeated_events
from bot.rasa_client import RasaClient
from coach.settings import Settings


def web_client(settings: Settings) -> AsyncWebClient:
    """A Web API client that waits out Slack's rate limits (429 Retry-After) and retries dropped connections and
    Slack's server errors.

    Bolt copies these handlers into the client each listener gets. A 429 means Slack did not take the request,
    so the retried reply arrives once.
    """
    return AsyncWebClient(
        token=None if settings.oauth else settings.bot_token,  # with OAuth, each request gets its workspace's token
        base_url=settings.web_api_url or AsyncWebClient.BASE_URL,
        retry_handlers=[
            AsyncConnectionErrorRetryHandler(max_retry_count=2),
            AsyncRateLimitErrorRetryHandler(max_retry_count=3),
            AsyncServerErrorRetryHandler(max_retry_count=2),  # Slack's 500 and 503, with backoff
        ],
    )


def create_app(settings: Settings, rasa: RasaClient) -> AsyncApp:
    # process_before_response: each listener's ack function (which stores what the user typed) finishes before
    # Slack gets its answer and before the lazy work (Rasa, replies) starts, so nothing acknowledged is lost.
    app = AsyncApp(
        client=web_client(settings),
        # Without one (Socket Mode) no HTTP request reaches the app: bot/server.py serves no /slack/events.
        signing_secret=settings.signing_secret or "",
        request_verification_enabled=bool(settings.signing_secret),
        process_before_response=True,
        before_authorize=refuse_unreadable,  # Bolt's authorization reads the body too: a broken one stops here
        oauth_settings=oauth_settings(settings) if settings.oauth else None,
    )
    if settings.oauth:
        # app_uninstalled and tokens_revoked delete the workspace's installation, which stops its scheduled jobs.
        app.enable_token_revocation_listeners()
    app.middleware(refuse_other_workspaces)  # first: a refused request must not even claim its event id
    app.middleware(skip_repeated_events)
    register_all(app, rasa)
    return app
