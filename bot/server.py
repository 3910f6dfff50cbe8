"""The bot process: Slack's endpoint, health checks and, without credentials, the local sandbox."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import text

from bot import slack_connections
from bot.app import create_app
from bot.installations import ClientFor, workspace_clients
from bot.rasa_client import RasaClient
from bot.relay import keep_replaying
from coach.db import engine_for
from coach.precall.followups import JOB_TABLE
from coach.settings import Settings, load_settings

log = logging.getLogger("spar.bot")
MAX_BODY = 1024 * 1024
SCHEDULER_LATE = 60  # seconds the scheduler's 10-second wake-up may be overdue before it counts as not running


def _database_answers() -> bool:
    try:
        with engine_for().connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except Exception:  # noqa: BLE001 - any failure means "not ready"
        return False


def _scheduler_runs() -> bool:
    """Whether a scheduler is running its jobs: the one that wakes it every few seconds is not overdue."""
    try:
        with engine_for().connect() as connection:
            due = connection.execute(
                text(f"SELECT next_run_time FROM {JOB_TABLE} WHERE id = :id"), {"id": "look_for_new_jobs"}
            ).scalar()
    except Exception:  # noqa: BLE001 - no table yet, or no database: no scheduler to speak of
        return False
    return due is not None and float(due) > time.time() - SCHEDULER_LATE


def _demo_team_only(clients: ClientFor) -> ClientFor:
    """The sandbox answers only its demo workspace: with a database shared with a real bot, another workspace's
    kept messages are the real bot's to answer (the sandbox would post them to its own stand-in Slack)."""
    from coach.demo import load_demo_team

    demo_team = load_demo_team()["team"]["id"]

    async def client_for(team_id: str) -> AsyncWebClient | None:
        return await clients(team_id) if team_id == demo_team else None

    return client_for


def oauth_page(
    step: Callable[[AsyncBoltRequest], Awaitable[BoltResponse]],
) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    """A step of the "Add to Slack" flow: the install link (which sets the state and sends the installer to Slack)
    or Slack's redirect back with a code (which checks the state and stores the installation)."""

    async def handle(request: web.Request) -> web.StreamResponse:
        return await to_aiohttp_response(await step(await to_bolt_request(request)))

    return handle


def signed_by_slack(verifier: SignatureVerifier, body: bytes, headers: Mapping[str, str]) -> bool:
    """Slack's signature check, made before the body is parsed, so a broken body from anyone but Slack is only a
    401; a timestamp that isn't a number or a signature that isn't ASCII is refused (Bolt's own check raises)."""
    timestamp, signature = headers.get("X-Slack-Request-Timestamp", ""), headers.get("X-Slack-Signature", "")
    if not (timestamp.isascii() and timestamp.isdigit() and signature.isascii()):
        return False
    try:
        return verifier.is_valid(body=body, timestamp=timestamp, signature=signature)
    except UnicodeDecodeError:  # the verifier reads the body as UTF-8, as Slack always sends it
        return False


def build_web_app(settings: Settings) -> web.Application:
    rasa = RasaClient(settings.rasa_url, actions_url=settings.actions_url, token=settings.internal_token or "")
    bolt = create_app(settings, rasa)
    web_app = web.Application(client_max_size=MAX_BODY)

    async def slack_events(request: web.Request) -> web.Response:
        if not signed_by_slack(verifier, await request.read(), request.headers):
            return web.json_response({"error": "invalid request signature"}, status=401)
        try:
            bolt_request = await to_bolt_request(request)
        # Bolt parses the body up front; a broken one (not UTF-8, not JSON, nested past Python's limit) lands here.
        except (ValueError, TypeError, AttributeError, RecursionError):
            return web.json_response({"error": "malformed request body"}, status=400)
        return await to_aiohttp_response(await bolt.async_dispatch(bolt_request))

    async def healthz(_: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    async def readyz(_: web.Request) -> web.Response:
        checks = {
            "database": await asyncio.to_thread(_database_answers),
            "rasa": await rasa.is_up(),
            # Up or busy (it took the connection but answers late while working through drill turns), as the relay
            # judges it before sending a message: a loaded action server is not one that cannot answer.
            "actions": await rasa.actions_up(),
        }
        ready = all(checks.values())
        # The scheduler is reported, not required: without it reminders wait, but Slack's messages are answered.
        checks["scheduler"] = await asyncio.to_thread(_scheduler_runs)
        return web.json_response({"ok": ready, **checks}, status=200 if ready else 503)

    async def start_replaying(app: web.Application) -> None:
        clients = workspace_clients(bolt)
        if settings.sandbox:
            clients = _demo_team_only(clients)
        app["replayer"] = asyncio.create_task(keep_replaying(clients, rasa))

    async def close(app: web.Application) -> None:
        app["replayer"].cancel()
        await rasa.close()
        await slack_connections.close()

    if settings.signing_secret:  # Socket Mode without one: Slack's events come over the socket only
        verifier = SignatureVerifier(settings.signing_secret)
        web_app.router.add_post("/slack/events", slack_events)
    if bolt.oauth_flow is not None:
        web_app.router.add_get(bolt.oauth_flow.install_path, oauth_page(bolt.oauth_flow.handle_installation))
        web_app.router.add_get(bolt.oauth_flow.redirect_uri_path, oauth_page(bolt.oauth_flow.handle_callback))
    web_app.router.add_get("/healthz", healthz)
    web_app.router.add_get("/readyz", readyz)
    web_app.on_startup.append(start_replaying)  # type: ignore[arg-type]  # aiosignal 1.4 generics
    web_app.on_cleanup.append(close)  # type: ignore[arg-type]
    web_app["bolt"] = bolt
    if settings.sandbox:
        from bot.sandbox.server import add_sandbox

        add_sandbox(web_app, settings)
    return web_app


async def _socket_mode(bolt: AsyncApp, app_token: str) -> Any:
    from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

    handler = AsyncSocketModeHandler(bolt, app_token)
    await handler.connect_async()
    return handler


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = load_settings()
    if settings.oauth and not (settings.slack_signing_secret or settings.slack_app_token):
        print(
            "error: SLACK_CLIENT_ID and SLACK_CLIENT_SECRET need SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN)", flush=True
        )
        return 2
    if settings.slack_bot_token and not (settings.slack_signing_secret or settings.slack_app_token or settings.oauth):
        print("error: SLACK_BOT_TOKEN needs SLACK_SIGNING_SECRET (HTTP) or SLACK_APP_TOKEN (Socket Mode)", flush=True)
        return 2
    web_app = build_web_app(settings)
    host = "127.0.0.1" if settings.sandbox else "0.0.0.0"
    if settings.sandbox:
        print(f"Spar sandbox (no Slack credentials set): open http://localhost:{settings.port}", flush=True)
    elif settings.slack_app_token:

        async def start_socket_mode(app: web.Application) -> None:
            app["socket_mode"] = await _socket_mode(app["bolt"], settings.slack_app_token or "")

        web_app.on_startup.append(start_socket_mode)  # type: ignore[arg-type]  # aiosignal 1.4 generics
        print("Spar connected to Slack over Socket Mode", flush=True)
    else:
        print(f"Spar serving Slack at http://0.0.0.0:{settings.port}/slack/events", flush=True)
    if settings.oauth:
        print(f"Add Spar to a workspace at http://0.0.0.0:{settings.port}/slack/install", flush=True)
    # On SIGTERM, requests in hand get 3 s to finish (`make run` allows the bot 6 s before SIGKILL).
    web.run_app(web_app, host=host, port=settings.port, print=None, access_log=None, shutdown_timeout=3)
    return 0
