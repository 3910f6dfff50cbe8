"""Spar in many workspaces: the "Add to Slack" flow's stores in the app database, and each workspace's bot token.

With `SLACK_CLIENT_ID` and `SLACK_CLIENT_SECRET` set, Bolt runs the OAuth flow (`/slack/install`, then Slack sends
the installer back to `/slack/oauth_redirect`) and finds the token of the workspace every request comes from; the
scheduler looks tokens up here. Without them, the one `SLACK_BOT_TOKEN` (or the sandbox's) serves every call.
"""

from __future__ import annotations

import asyncio
import copy
import logging
from collections.abc import Awaitable, Callable
from functools import cache
from logging import Logger
from typing import TYPE_CHECKING, Any

import yaml
from slack_sdk.oauth.installation_store import Bot, Installation
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from slack_sdk.web.async_client import AsyncWebClient

from coach.db import database_unreachable, engine_for, session_scope
from coach.settings import PROJECT_ROOT, Settings, load_settings
from coach.token_keys import seal, unseal
from coach.workspaces import mark_installed, mark_uninstalled

if TYPE_CHECKING:  # the scheduler looks tokens up without loading Bolt
    from slack_bolt.async_app import AsyncApp
    from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
STATE_SECONDS = 600  # how long an installer has between /slack/install and approving in Slack
ClientFor = Callable[[str], Awaitable[AsyncWebClient | None]]
log = logging.getLogger(__name__)


class NotInstalled(LookupError):
    """Spar has no installation (so no bot token) in this workspace: it was never installed, or was uninstalled."""


class WorkspaceInstallationStore(SQLAlchemyInstallationStore):
    """slack_sdk's installation store on Spar's database (its tables come from migration 0008) that also marks the
    workspace installed or uninstalled."""

    def __init__(self, client_id: str, database_url: str) -> None:
        super().__init__(client_id=client_id, engine=engine_for(database_url))
        self.database_url = database_url

    def save(self, installation: Installation) -> None:
        sealed = copy.copy(installation)  # the tokens are stored encrypted (coach/token_keys.py)
        sealed.bot_token, sealed.user_token = seal(installation.bot_token), seal(installation.user_token)
        super().save(sealed)
        if installation.team_id:
            with session_scope(self.database_url) as session:
                mark_installed(session, installation.team_id, installation.team_name or "")

    def save_bot(self, bot: Bot) -> None:
        sealed = copy.copy(bot)
        sealed.bot_token = seal(bot.bot_token) or ""
        super().save_bot(sealed)

    def find_bot(
        self, *, enterprise_id: str | None, team_id: str | None, is_enterprise_install: bool | None = False
    ) -> Bot | None:
        bot = super().find_bot(
            enterprise_id=enterprise_id, team_id=team_id, is_enterprise_install=is_enterprise_install
        )
        if bot is not None:
            bot.bot_token = unseal(bot.bot_token) or ""
        return bot

    def find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        installation = super().find_installation(
            enterprise_id=enterprise_id, team_id=team_id, user_id=user_id, is_enterprise_install=is_enterprise_install
        )
        if installation is not None:
            installation.bot_token = unseal(installation.bot_token)
            installation.user_token = unseal(installation.user_token)
        return installation

    def delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        # Bolt calls this for app_uninstalled (through delete_all) and when tokens_revoked names the bot token.
        super().delete_bot(enterprise_id=enterprise_id, team_id=team_id)
        if team_id:
            with session_scope(self.database_url) as session:
                mark_uninstalled(session, team_id)


class AsyncInstallations(AsyncInstallationStore):
    """The store for Bolt's asyncio app: each call runs the synchronous store in a worker thread.

    slack_sdk's `AsyncSQLAlchemyInstallationStore` would need an asyncio database driver (aiosqlite, asyncpg) that
    nothing else in Spar uses, and the scheduler needs the synchronous store anyway; this way both share one.
    """

    def __init__(self, store: WorkspaceInstallationStore) -> None:
        self.store = store
        self._last_read: dict[tuple[str | None, str | None], Bot | None] = {}

    @property
    def logger(self) -> Logger:
        return self.store.logger

    async def async_save(self, installation: Installation) -> None:
        await asyncio.to_thread(self.store.save, installation)

    async def async_save_bot(self, bot: Bot) -> None:
        await asyncio.to_thread(self.store.save_bot, bot)

    async def async_find_bot(
        self, *, enterprise_id: str | None, team_id: str | None, is_enterprise_install: bool | None = False
    ) -> Bot | None:
        """The workspace's bot; while the database can't be reached, the one this process read last (so a message
        from a workspace it has served is still authorized, acknowledged and spooled, not refused)."""
        workspace = (enterprise_id, team_id)
        try:
            bot = await asyncio.to_thread(
                self.store.find_bot,
                enterprise_id=enterprise_id,
                team_id=team_id,
                is_enterprise_install=is_enterprise_install,
            )
        except Exception as error:
            if not database_unreachable(error) or workspace not in self._last_read:
                raise
            log.warning("database unreachable: workspace %s's installation as last read", team_id)
            return self._last_read[workspace]
        self._last_read[workspace] = bot
        return bot

    async def async_find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        return await asyncio.to_thread(
            self.store.find_installation,
            enterprise_id=enterprise_id,
            team_id=team_id,
            user_id=user_id,
            is_enterprise_install=is_enterprise_install,
        )

    async def async_delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        self._last_read.pop((enterprise_id, team_id), None)
        await asyncio.to_thread(self.store.delete_bot, enterprise_id=enterprise_id, team_id=team_id)

    async def async_delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        await asyncio.to_thread(
            self.store.delete_installation, enterprise_id=enterprise_id, team_id=team_id, user_id=user_id
        )

    async def async_delete_all(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        self._last_read.pop((enterprise_id, team_id), None)
        await asyncio.to_thread(self.store.delete_all, enterprise_id=enterprise_id, team_id=team_id)


class AsyncOAuthStates(AsyncOAuthStateStore):
    """slack_sdk's SQLAlchemy state store for Bolt's asyncio app, the same way: any bot replica can finish an
    installation another one started."""

    def __init__(self, store: SQLAlchemyOAuthStateStore) -> None:
        self.store = store

    @property
    def logger(self) -> Logger:
        return self.store.logger

    async def async_issue(self, *args: Any, **kwargs: Any) -> str:
        return await asyncio.to_thread(self.store.issue)

    async def async_consume(self, state: str) -> bool:
        return await asyncio.to_thread(self.store.consume, state)


def manifest_scopes() -> list[str]:
    """The bot scopes the installer approves: `manifest.yml` is their one source."""
    manifest = yaml.safe_load((PROJECT_ROOT / "manifest.yml").read_text())
    return list(manifest["oauth_config"]["scopes"]["bot"])


@cache
def installation_store(client_id: str, database_url: str) -> WorkspaceInstallationStore:
    return WorkspaceInstallationStore(client_id, database_url)


def oauth_settings(settings: Settings) -> AsyncOAuthSettings:
    """Bolt's OAuth flow with both stores in the app database. `SLACK_REDIRECT_URI`, when set, is sent to Slack."""
    from slack_bolt.authorization.async_authorize import AsyncInstallationStoreAuthorize
    from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings

    assert settings.slack_client_id and settings.slack_client_secret
    store = installation_store(settings.slack_client_id, settings.database_url)
    states = SQLAlchemyOAuthStateStore(expiration_seconds=STATE_SECONDS, engine=engine_for(settings.database_url))
    flow = AsyncOAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret,
        scopes=manifest_scopes(),
        user_scopes=[],
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        install_page_rendering_enabled=False,  # straight on to Slack's own consent page
        installation_store=AsyncInstallations(store),
        installation_store_bot_only=True,  # Spar acts as its bot only; it asks for no user scopes
        state_store=AsyncOAuthStates(states),
        state_expiration_seconds=STATE_SECONDS,
    )
    # Bolt's own authorize, remembering each token's auth.test answer rather than asking Slack on every request.
    flow.authorize = AsyncInstallationStoreAuthorize(
        logger=log,
        client_id=flow.client_id,
        client_secret=flow.client_secret,
        installation_store=flow.installation_store,
        bot_only=True,
        cache_enabled=True,
    )
    if not flow.redirect_uri:  # an empty SLACK_REDIRECT_URI (docker-compose passes every variable) means none
        flow.redirect_uri = flow.authorize_url_generator.redirect_uri = None
    return flow


def bot_token(team_id: str, settings: Settings | None = None) -> str | None:
    """The token to act in `team_id` with: its installation's bot token in OAuth mode (None when Spar is not
    installed there), else the one `SLACK_BOT_TOKEN` (or the sandbox's)."""
    settings = settings or load_settings()
    if not settings.oauth:
        return settings.bot_token
    assert settings.slack_client_id
    bot = installation_store(settings.slack_client_id, settings.database_url).find_bot(
        enterprise_id=None, team_id=team_id
    )
    return bot.bot_token if bot is not None else None


def can_post_to(team_id: str) -> bool:
    """Whether scheduled work for `team_id` can reach it; checked before a job claims its day, so a workspace
    that uninstalled Spar gets nothing and loses nothing it would get after a reinstall."""
    return bot_token(team_id) is not None


def workspace_clients(app: AsyncApp) -> ClientFor:
    """For work outside a Slack request (replaying kept messages): the Web API client for a workspace, with its
    own token; None when Spar is no longer installed there."""

    async def client_for(team_id: str) -> AsyncWebClient | None:
        store = app.installation_store
        if store is None:
            return app.client
        bot = await store.async_find_bot(enterprise_id=None, team_id=team_id)
        if bot is None or not bot.bot_token:
            return None
        return AsyncWebClient(
            token=bot.bot_token, base_url=app.client.base_url, retry_handlers=list(app.client.retry_handlers)
        )

    return client_for
